package io.logpipeline.collector.export;

import io.logpipeline.api.config.ExporterConfig;
import io.logpipeline.collector.batch.Batch;
import io.logpipeline.collector.lifecycle.Component;
import io.logpipeline.collector.lifecycle.Deadline;
import io.logpipeline.collector.memory.MemoryBudget;
import io.logpipeline.collector.telemetry.CollectorMetrics;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The export stage: sends every batch to every backend and acknowledges each record once, after
 * the last backend has accepted, permanently rejected, given up on or dropped it.
 *
 * <p>{@link #submit(Batch)} is the stage's entry point: a {@link Batch} of encoded records from the batch stage. It blocks while a backend with
 * {@code whenFull: block} has a full queue — that is how back-pressure reaches the file input — and
 * never blocks for {@code dropNewest} backends. Each backend has its own queue and senders, so a
 * slow backend delays only itself (and, with block, the reader), never another backend's data.
 *
 * <p>Every batch is admitted into the pipeline's {@link MemoryBudget} first: over the budget, a pipeline with a
 * {@code block} backend waits (its reading pauses), one with only {@code dropNewest} backends drops the batch for
 * the backends that hold more than their share of the budget, counted as {@code queue_full}.
 */
public final class ExportFanOut implements Component, AutoCloseable {

    private final List<BackendExporter> backends = new ArrayList<>();
    /** The distinct request formats of the backends: each batch is encoded once per format. */
    private final Set<OtlpPayload.Format> formats = new LinkedHashSet<>();
    private final MemoryBudget budget;
    /** Whether any backend blocks when full: then a batch over the budget waits rather than being dropped. */
    private final boolean anyBlocks;
    private volatile boolean closed;

    /**
     * Builds one sender pool per exporter; {@link #start()} starts them.
     *
     * @param credentials the pipeline's credentials Secret, which {@code secretKey} references resolve against
     * @param budget what the pipeline may hold in memory; batches are admitted into it before they are queued
     * @throws IllegalArgumentException naming the field and the fix when an exporter cannot be set up
     */
    public ExportFanOut(List<ExporterConfig> exporters, CollectorMetrics metrics, Map<String, String> credentials,
            MemoryBudget budget) {
        this.budget = budget;
        if (exporters.isEmpty()) {
            throw new IllegalArgumentException("exporters: no backend configured; reference at least one LogBackend");
        }
        for (int i = 0; i < exporters.size(); i++) {
            ExporterConfig config = exporters.get(i);
            backends.add(new BackendExporter(config, "exporters[" + i + "]", metrics.backend(config.getName()), credentials));
        }
        backends.forEach(backend -> formats.add(backend.format()));
        this.anyBlocks = backends.stream().anyMatch(backend -> !backend.dropsWhenFull());
    }

    /** A fan-out without a memory budget (a pipeline outside an agent: tests and benchmarks). */
    public ExportFanOut(List<ExporterConfig> exporters, CollectorMetrics metrics, Map<String, String> credentials) {
        this(exporters, metrics, credentials, new MemoryBudget(MemoryBudget.UNLIMITED));
    }

    /** Starts the senders. */
    @Override
    public void start() {
        backends.forEach(BackendExporter::start);
    }

    /**
     * Writes the batch's request (on the calling thread, once per request format) and hands it to every backend;
     * its records are acknowledged later, on a sender thread, through {@link Batch#acknowledgement()}.
     *
     * @throws InterruptedException when interrupted while waiting for room in a full queue; the
     *     backends already given the batch still acknowledge it only with the others, so it stays
     *     unacknowledged and is read again after a restart
     */
    public void submit(Batch batch) throws InterruptedException {
        if (closed) {
            throw new IllegalStateException("export is shut down");
        }
        if (batch.recordCount() == 0) {
            return;
        }
        PendingBatch pending = new PendingBatch(batch, formats, backends.size());
        long bytes = pending.bytes();
        if (!budget.tryAdmit(bytes)) {
            if (!anyBlocks) {
                submitOverBudget(pending);
                return;
            }
            budget.admit(bytes);
        }
        pending.admittedInto(budget);
        for (BackendExporter backend : backends) {
            backend.enqueue(pending);
        }
    }

    /**
     * Over the budget with only {@code dropNewest} backends: the backends that hold more than their share of the
     * budget drop the batch (counted as {@code queue_full}); the others still take it, so a down backend filling the
     * budget cannot make a healthy one lose data. What the pipeline holds stays below twice its budget then.
     */
    private void submitOverBudget(PendingBatch pending) throws InterruptedException {
        long share = budget.limit() / backends.size();
        List<BackendExporter> taking = backends.stream().filter(backend -> backend.heldBytes() < share).toList();
        if (!taking.isEmpty()) {
            budget.admitOverLimit(pending.bytes());
            pending.admittedInto(budget);
        }
        for (BackendExporter backend : backends) {
            if (taking.contains(backend)) {
                backend.enqueue(pending);
            } else {
                backend.drop(pending);
            }
        }
    }

    /**
     * Stops accepting batches and lets the queues drain until {@code deadline}; what is left stays unacknowledged.
     * When the stopping thread is interrupted, the senders still sending are left to end by themselves.
     */
    @Override
    public void stop(Deadline deadline) {
        closed = true;
        try {
            for (BackendExporter backend : backends) {
                backend.close(deadline.nanoTime());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop(Deadline.now());
    }
}
