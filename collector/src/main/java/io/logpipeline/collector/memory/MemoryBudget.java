package io.logpipeline.collector.memory;

import java.util.function.LongSupplier;

/**
 * What one pipeline may hold in memory of records it read but that no backend has finished with yet: the
 * records in its open batches plus the requests in its export queues and in flight (the OpenTelemetry
 * Collector's memory limiter, per pipeline). The agent sets the limit ({@link #limit(long)}, a share of its heap)
 * so that one pipeline's backlog cannot take the heap the others need.
 *
 * <p>The batch stage cannot refuse a record, so its bytes are only counted ({@link #trackBatching}); the export
 * stage is where the limit is enforced: a request is admitted ({@link #tryAdmit}, {@link #admit}) only while
 * everything held plus the request fits, and released when the last backend is done with it. Over the limit,
 * {@code whenFull: block} waits (the pipeline's reading pauses, nothing is lost) and {@code dropNewest} drops
 * the request (counted as {@code queue_full}) for the backends that hold more than their share, while the others
 * still take it ({@link #admitOverLimit}: a down backend must not make a healthy one lose data). So that a pipeline
 * always makes progress, a request is admitted whatever its size while the export stage holds nothing: what a
 * pipeline holds stays within its limit plus one request and what its processing thread has in hand (one batch,
 * one chunk of the hand-off) — below twice its limit with several {@code dropNewest} backends.
 */
public final class MemoryBudget {

    /** No limit: for a pipeline outside an agent (tests, benchmarks). */
    public static final long UNLIMITED = Long.MAX_VALUE;

    private volatile long limit;
    private volatile LongSupplier batching = () -> 0;
    /** Bytes of admitted requests not yet released; guarded by this. */
    private long exporting;
    /** The most held at once since the pipeline started (batching + exporting, sampled at each admission). */
    private long peak;

    public MemoryBudget(long limit) {
        this.limit = limit;
    }

    /** Where the batch stage reports the bytes of the records it holds (read on the admitting thread). */
    public void trackBatching(LongSupplier heldBytes) {
        this.batching = heldBytes;
    }

    /** Changes the limit (the agent shares its memory anew when pipelines come and go); a waiting admission re-checks. */
    public synchronized void limit(long bytes) {
        this.limit = bytes;
        notifyAll();
    }

    public long limit() {
        return limit;
    }

    /** Bytes held now: the open batches' records and the admitted requests. */
    public long used() {
        long exportingNow;
        synchronized (this) {
            exportingNow = exporting;
        }
        return exportingNow + batching.getAsLong();
    }

    /** The most this pipeline held at once, sampled whenever a request was admitted or refused. */
    public synchronized long peak() {
        return peak;
    }

    /** Whether the open batches should be sent now: everything held is over the limit and some of it is in batches. */
    public boolean batchingOverLimit() {
        long inBatches = batching.getAsLong();
        return inBatches > 0 && used() > limit;
    }

    /** Admits a request of {@code bytes} when it fits; never waits. */
    public synchronized boolean tryAdmit(long bytes) {
        long held = exporting + batching.getAsLong();
        peak = Math.max(peak, held);
        if (exporting == 0 || held + bytes <= limit) {
            exporting += bytes;
            peak = Math.max(peak, held + bytes);
            return true;
        }
        return false;
    }

    /** Counts a request of {@code bytes} whether it fits or not (a healthy backend's share while another fills the budget). */
    public synchronized void admitOverLimit(long bytes) {
        exporting += bytes;
        peak = Math.max(peak, exporting + batching.getAsLong());
    }

    /** Admits a request of {@code bytes}, waiting until it fits. */
    public synchronized void admit(long bytes) throws InterruptedException {
        while (!tryAdmit(bytes)) {
            wait();
        }
    }

    /** The last backend is done with an admitted request. */
    public synchronized void release(long bytes) {
        exporting -= bytes;
        notifyAll();
    }
}
