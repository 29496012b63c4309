package io.logpipeline.collector.pipeline;

import io.logpipeline.api.config.CollectorConfig;
import io.logpipeline.api.v1alpha1.KubernetesMetadataSpec;
import io.logpipeline.collector.batch.RecordBatcher;
import io.logpipeline.collector.chain.RecordConsumer;
import io.logpipeline.collector.export.ExportFanOut;
import io.logpipeline.collector.export.OtlpRecordEncoder;
import io.logpipeline.collector.input.FileInput;
import io.logpipeline.collector.input.FileInputSettings;
import io.logpipeline.collector.input.FileInputStats;
import io.logpipeline.collector.input.discovery.PodLogPath;
import io.logpipeline.collector.lifecycle.Component;
import io.logpipeline.collector.lifecycle.Deadline;
import io.logpipeline.collector.memory.MemoryBudget;
import io.logpipeline.collector.metadata.KubernetesMetadataCache;
import io.logpipeline.collector.metadata.MetadataEnricher;
import io.logpipeline.collector.process.ProcessingChain;
import io.logpipeline.collector.record.LogRecord;
import io.logpipeline.collector.telemetry.CollectorMetrics;
import io.logpipeline.collector.telemetry.DropReason;
import io.logpipeline.collector.telemetry.LiveTail;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

/**
 * One LogPipeline in the node agent, assembled from its {@link CollectorConfig}:
 * <pre>
 * file input ─offer─▶ hand-off queue ─▶ processing thread: metadata ─▶ parsers/processors ─▶ batch
 *     ─▶ export fan-out (one bounded queue + senders per backend) ─ack─▶ file checkpoints
 * </pre>
 * The processing thread also runs the timers (batch timeout, metadata wait timeout). {@link #stop} stops
 * reading, processes and flushes what was read, drains the export queues within the grace period and
 * then writes the checkpoints, so after a clean stop nothing is read twice; a reload starts the next
 * configuration from those checkpoints. The parts every pipeline shares (metadata cache, metrics
 * registry, telemetry endpoint) come in the {@link PipelineContext} and are started and stopped by the agent.
 */
public final class CollectorPipeline implements Component {

    private static final System.Logger LOG = System.getLogger(CollectorPipeline.class.getName());
    /** Records between the reader and the processing thread; beyond it the reader pauses. */
    static final int HAND_OFF_CAPACITY = 1024;
    /** Records the processing thread takes from the hand-off at a time. */
    private static final int CHUNK = 512;
    /** How often the batch and metadata timers are checked; batch.timeout is honoured to within this. */
    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final CollectorConfig config;
    private final KubernetesMetadataCache cache;
    private final String key;
    private final CollectorMetrics metrics;
    private final ExportFanOut fanOut;
    private final RecordBatcher batcher;
    private final MemoryBudget memory;
    private final ProcessingChain chain;
    private final MetadataEnricher enricher;
    private final RecordConsumer chainEntry;
    private final RecordHandOff handOff = new RecordHandOff(HAND_OFF_CAPACITY);
    /** Records the metadata stage releases on an informer thread; the processing thread passes them on. */
    private final Queue<LogRecord> released = new ConcurrentLinkedQueue<>();
    private final FileInput input;
    private final Thread processing;
    private Runnable podListenerRegistration = () -> { };
    private volatile boolean running;
    private volatile boolean inputStarted;
    /** Set once the input thread has stopped: from then on the processing thread ends when the hand-off is empty. */
    private volatile boolean readingStopped;
    private final PipelineCounters counters;
    private long failedSinceLog;
    private long nextFailureLogNanos = System.nanoTime();

    /**
     * Builds every stage; nothing runs until {@link #start()}.
     *
     * @param context the shared parts and this pipeline's place in the agent
     * @throws IllegalArgumentException naming the field when a stage cannot be built from the config
     */
    public CollectorPipeline(CollectorConfig config, PipelineContext context) {
        this.config = config;
        this.key = context.metrics().pipeline();
        this.cache = context.cache();
        this.metrics = context.metrics();
        LiveTail liveTail = context.liveTail();
        this.memory = context.memory();
        this.fanOut = new ExportFanOut(config.getExporters(), metrics, context.credentials(), memory);
        metrics.retainBackends(config.getExporters().stream().map(e -> e.getName()).collect(java.util.stream.Collectors.toSet()));
        // each record is encoded as it enters its batch; the batch keeps that form, not the record
        this.batcher = new RecordBatcher(config.getBatch(), new OtlpRecordEncoder(), new FanOutBatchExporter(fanOut, metrics), System::nanoTime);
        memory.trackBatching(batcher::heldBytes);
        metrics.observeMemory(memory);
        // the batch stage leaves the record as it is, so the live tail's client thread may read it afterwards
        RecordConsumer afterProcessors = liveTail == null ? batcher : record -> {
            liveTail.publish(record);
            batcher.accept(record);
        };
        ProcessingChain chain = ProcessingChain.compile(config.getInput().getParsers(), config.getProcessors(), afterProcessors);
        this.chain = chain;
        this.processing = new Thread(this::process, "pipeline-" + key);
        processing.setDaemon(true);
        if (cache != null) {
            this.enricher = new MetadataEnricher(config.getKubernetes(), cache, record -> {
                if (Thread.currentThread() == processing) {
                    chain.accept(record);
                } else {
                    // the stages after metadata run on the processing thread only
                    released.add(record);
                }
            }, System::nanoTime);
            this.chainEntry = enricher;
        } else {
            this.enricher = null;
            this.chainEntry = chain;
        }
        Predicate<PodLogPath> podFilter = cache == null || config.getInput().getPodSelector() == null
                ? pod -> true : new PodSelectorFilter(cache, config.getInput().getPodSelector());
        if (cache == null && config.getInput().getPodSelector() != null) {
            LOG.log(WARNING, "event=pod_selector_ignored reason=\"kubernetes.enabled is false: pod labels are not known\"");
        }
        FileInputSettings settings = FileInputSettingsFactory.from(config.getInput(), config.getReadableNamespaces(),
                context.checkpointDirectory(), podFilter, context.hostRoot());
        this.input = context.fileDiscovery() == null ? new FileInput(settings, handOff, Clock.systemUTC())
                : new FileInput(settings, handOff, Clock.systemUTC(), context.fileDiscovery());
        this.counters = new PipelineCounters(metrics, input.stats(), chain, batcher.stats(), enricher == null ? null : enricher.stats());
    }

    /** Whether Kubernetes metadata is on for this config (then a cache is needed). */
    public static boolean needsMetadata(CollectorConfig config) {
        KubernetesMetadataSpec kubernetes = config.getKubernetes();
        return kubernetes != null && !Boolean.FALSE.equals(kubernetes.getEnabled());
    }

    /**
     * Starts the senders and the processing thread. Reading starts once the (shared, already started)
     * metadata cache has listed this node's pods, so the podSelector and startAt are answered for the
     * files present at start.
     */
    @Override
    public synchronized void start() {
        if (cache != null && config.getInput().getPodSelector() != null) {
            // the input walks its directories only when something changed; a label change is such a thing
            podListenerRegistration = cache.onPodChanged(pod -> input.rescan());
        }
        fanOut.start();
        running = true;
        processing.start();
        LOG.log(INFO, "event=pipeline_started pipeline={0} backends={1} metadata={2}",
                key, config.getExporters().size(), cache != null);
    }

    /** Whether the pipeline reads: started, and the metadata it waits for is in. */
    public boolean reading() {
        return inputStarted;
    }

    /** Why this pipeline's checkpoints cannot be written (directory and fix), or null while they can: fails {@code /readyz}. */
    public String checkpointProblem() {
        return input.checkpointProblem();
    }

    public FileInputStats inputStats() {
        return input.stats();
    }

    /** What this pipeline may hold in memory, and holds. */
    public MemoryBudget memory() {
        return memory;
    }

    /** Records read but not yet handed to the batch stage. */
    public int recordsInHandOff() {
        return handOff.size() + released.size();
    }

    /**
     * Stops reading, passes on and flushes everything read, lets the export queues drain until
     * {@code deadline}, then writes the checkpoints of what was acknowledged. Records not delivered
     * by then stay unacknowledged and are read again at the next start. The order is the data's: the input
     * stops first and commits last, once the export behind it has drained.
     */
    @Override
    public void stop(Deadline deadline) {
        long started = System.nanoTime();
        synchronized (this) {
            if (!running) {
                return;
            }
            running = false;
        }
        podListenerRegistration.run();
        input.stopReading();
        readingStopped = true;
        try {
            TimeUnit.NANOSECONDS.timedJoin(processing, Math.max(1, deadline.nanosLeft()));
            if (processing.isAlive()) {
                // blocked on a full export queue: what it holds stays unacknowledged
                processing.interrupt();
                processing.join(1000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the stopping thread itself is told to end: leave the rest unfinished
            return;
        }
        if (enricher != null) {
            enricher.close(); // the shared cache outlives this pipeline: stop being called from it
        }
        flushAllBy(deadline.nanoTime());
        fanOut.stop(deadline);
        input.close();
        counters.report();
        FileInputStats stats = input.stats();
        // concatenated, not MessageFormat: counts must not be printed with digit grouping
        LOG.log(INFO, "event=pipeline_stopped pipeline=" + key + " lines_read=" + stats.linesRead()
                + " records_read=" + stats.recordsHandedOn()
                + " duration_ms=" + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    /**
     * Sends the open batches; a backend that blocks (full queue, down) would hold this forever, so it is
     * interrupted at the deadline and what it had not taken stays unacknowledged (read again after the restart).
     */
    private void flushAllBy(long deadline) {
        Thread flushing = Thread.currentThread();
        Thread timer = new Thread(() -> {
            try {
                TimeUnit.NANOSECONDS.sleep(deadline - System.nanoTime());
                flushing.interrupt();
            } catch (InterruptedException flushedInTime) {
                // the flush ended before the deadline
            }
        }, "shutdown-deadline");
        timer.setDaemon(true);
        timer.start();
        try {
            batcher.flushAll();
        } finally {
            timer.interrupt();
            boolean stopped = false;
            while (!stopped) {
                try {
                    timer.join();
                    stopped = true;
                } catch (InterruptedException fromTimer) {
                    // the timer's own interrupt, arriving just as the flush ended
                }
            }
            Thread.interrupted(); // an interrupt from the timer is spent here
        }
    }

    // The processing thread: records from the hand-off through metadata, processors and batch, plus the timers.
    private void process() {
        List<LogRecord> chunk = new ArrayList<>(CHUNK);
        long nextTick = System.nanoTime();
        try {
            while (!readingStopped || handOff.size() > 0 || !released.isEmpty()) {
                long now = System.nanoTime();
                if (now - nextTick >= 0) {
                    tick();
                    nextTick = now + TICK_NANOS;
                }
                passReleased();
                int taken = handOff.take(chunk, CHUNK, !readingStopped ? Math.max(0, nextTick - System.nanoTime()) : 0);
                int failed = 0;
                for (int i = 0; i < taken; i++) {
                    if (!processOne(chunk.get(i))) {
                        failed++;
                    }
                }
                chunk.clear();
                if (memory.batchingOverLimit()) {
                    // over the budget: the open batches go to export, where block waits and dropNewest drops
                    batcher.flushAll();
                }
                if (taken > failed) {
                    metrics.receiverAccepted(taken - failed);
                }
                if (failed > 0) {
                    metrics.receiverRefused(failed);
                }
            }
        } catch (InterruptedException e) {
            // shutdown deadline passed while a full export queue held the thread
        }
    }

    private void passReleased() {
        LogRecord record;
        while ((record = released.poll()) != null) {
            processOne(record);
        }
    }

    /** A record a stage fails on is counted as refused and acknowledged, so one bad line cannot hold its file's checkpoint back forever. */
    private boolean processOne(LogRecord record) {
        try {
            chainEntry.accept(record);
            return true;
        } catch (RuntimeException e) {
            failedSinceLog++;
            long now = System.nanoTime();
            if (now - nextFailureLogNanos >= 0) {
                // one line a minute: a bad pattern fails every record, and the log must stay readable
                LOG.log(WARNING, "event=record_failed pipeline=" + key + " records=" + failedSinceLog + " error=\"" + e.getMessage() + "\"");
                failedSinceLog = 0;
                nextFailureLogNanos = now + TimeUnit.MINUTES.toNanos(1);
            }
            metrics.dropped(DropReason.PROCESSING_ERROR, 1);
            record.acknowledgement().acknowledge();
            return false;
        }
    }

    private void tick() {
        startInputWhenReady();
        batcher.flushExpired();
        if (enricher != null) {
            enricher.releaseExpired();
        }
        counters.report();
    }

    private void startInputWhenReady() {
        if (inputStarted || cache != null && !cache.hasSynced()) {
            return;
        }
        synchronized (this) {
            if (running) {
                input.start();
                inputStarted = true;
                LOG.log(INFO, "event=input_started pipeline={0} paths={1} start_at={2}",
                        key, config.getInput().getPaths().getInclude(), config.getInput().getStartAt());
            }
        }
    }
}
