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
import io.logpipeline.collector.metadata.KubernetesMetadataCache;
import io.logpipeline.collector.metadata.MetadataEnricher;
import io.logpipeline.collector.process.ProcessingChain;
import io.logpipeline.collector.record.LogRecord;
import io.logpipeline.collector.telemetry.CollectorMetrics;
import io.logpipeline.collector.telemetry.LiveTail;
import io.logpipeline.collector.telemetry.Readiness;
import io.logpipeline.collector.telemetry.TelemetryServer;

import java.io.IOException;
import java.nio.file.Path;
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
 * One LogPipeline's running collector, assembled from its {@link CollectorConfig}:
 * <pre>
 * file input ─offer─▶ hand-off queue ─▶ processing thread: metadata ─▶ parsers/processors ─▶ batch
 *     ─▶ export fan-out (one bounded queue + senders per backend) ─ack─▶ file checkpoints
 * </pre>
 * The processing thread also runs the timers (batch timeout, metadata wait timeout). Shutdown stops
 * reading, processes and flushes what was read, drains the export queues within the grace period and
 * then writes the checkpoints, so after a clean stop nothing is read twice.
 */
public final class CollectorPipeline implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(CollectorPipeline.class.getName());
    /** Records between the reader and the processing thread; beyond it the reader pauses. */
    static final int HAND_OFF_CAPACITY = 1024;
    /** Records the processing thread takes from the hand-off at a time. */
    private static final int CHUNK = 512;
    /** How often the batch and metadata timers are checked; batch.timeout is honoured to within this. */
    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final CollectorConfig config;
    private final KubernetesMetadataCache cache;
    private final CollectorMetrics metrics;
    private final Readiness readiness = new Readiness();
    private final LiveTail liveTail;
    private final ExportFanOut fanOut;
    private final RecordBatcher batcher;
    private final MetadataEnricher enricher;
    private final RecordConsumer chainEntry;
    private final RecordHandOff handOff = new RecordHandOff(HAND_OFF_CAPACITY);
    /** Records the metadata stage releases on an informer thread; the processing thread passes them on. */
    private final Queue<LogRecord> released = new ConcurrentLinkedQueue<>();
    private final FileInput input;
    private final String telemetryHost;
    private final Thread processing;
    private TelemetryServer telemetry;
    private volatile boolean running;
    private volatile boolean inputStarted;
    /** Set once the input thread has stopped: from then on the processing thread ends when the hand-off is empty. */
    private volatile boolean readingStopped;
    private int reportedOpenFiles;

    /**
     * Builds every stage; nothing runs until {@link #start()}.
     *
     * @param cache the Kubernetes metadata cache (not started), or null when {@code kubernetes.enabled} is false
     * @param telemetryHost {@code 0.0.0.0} in a pod, {@code 127.0.0.1} in tests and the demo
     * @throws IllegalArgumentException naming the field when a stage cannot be built from the config
     */
    public CollectorPipeline(CollectorConfig config, KubernetesMetadataCache cache, String telemetryHost) {
        this.config = config;
        this.cache = cache;
        this.telemetryHost = telemetryHost;
        this.metrics = new CollectorMetrics(config.getPipeline());
        this.liveTail = config.getTelemetry().isDebugTail() ? new LiveTail() : null;
        this.fanOut = new ExportFanOut(config.getExporters(), metrics);
        this.batcher = new RecordBatcher(config.getBatch(), new FanOutBatchExporter(fanOut, metrics), System::nanoTime);
        // records go into the batch encoded, unless the live tail may still read them
        RecordConsumer afterProcessors = liveTail == null ? new OtlpRecordEncoder(batcher) : record -> {
            liveTail.publish(record);
            batcher.accept(record);
        };
        ProcessingChain chain = ProcessingChain.compile(config.getInput().getParsers(), config.getProcessors(), afterProcessors);
        this.processing = new Thread(this::process, "pipeline-processing");
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
        FileInputSettings settings = FileInputSettingsFactory.from(config.getInput(),
                config.getCheckpointDirectory() == null ? null : Path.of(config.getCheckpointDirectory()), podFilter);
        this.input = new FileInput(settings, handOff, Clock.systemUTC());
        if (cache != null && config.getInput().getPodSelector() != null) {
            // the input walks its directories only when something changed; a label change is such a thing
            cache.onPodChanged(pod -> input.rescan());
        }
        readiness.register("config", () -> true);
        readiness.registerProblem("checkpoints", input::checkpointProblem);
        metrics.observeInputLosses(input.stats());
        if (cache != null) {
            readiness.register("metadata", cache::hasSynced);
        }
    }

    /** Whether Kubernetes metadata is on for this config (then a cache is needed). */
    public static boolean needsMetadata(CollectorConfig config) {
        KubernetesMetadataSpec kubernetes = config.getKubernetes();
        return kubernetes != null && !Boolean.FALSE.equals(kubernetes.getEnabled());
    }

    /**
     * Starts the telemetry endpoint, the informers, the senders and the processing thread. Reading
     * starts once the metadata cache has listed this node's pods, so the podSelector and startAt are
     * answered for the files present at start.
     */
    public synchronized void start() throws IOException {
        telemetry = new TelemetryServer(telemetryHost, config.getTelemetry().getPort(), metrics, readiness, liveTail);
        if (cache != null) {
            cache.start();
        }
        running = true;
        processing.start();
        LOG.log(INFO, "event=pipeline_started pipeline={0} backends={1} metadata={2} checkpoints={3}",
                config.getPipeline(), config.getExporters().size(), cache != null, config.getCheckpointDirectory());
    }

    public int telemetryPort() {
        return telemetry.port();
    }

    public FileInputStats inputStats() {
        return input.stats();
    }

    /** Records read but not yet handed to the batch stage. */
    public int recordsInHandOff() {
        return handOff.size() + released.size();
    }

    /**
     * Stops reading, passes on and flushes everything read, lets the export queues drain for what is
     * left of {@code grace}, then writes the checkpoints of what was acknowledged. Records not delivered
     * by then stay unacknowledged and are read again at the next start.
     */
    public void shutdown(Duration grace) throws InterruptedException {
        long started = System.nanoTime();
        long deadline = started + grace.toNanos();
        synchronized (this) {
            if (!running) {
                return;
            }
            running = false;
        }
        input.stopReading();
        readingStopped = true;
        TimeUnit.NANOSECONDS.timedJoin(processing, Math.max(1, deadline - System.nanoTime()));
        if (processing.isAlive()) {
            // blocked on a full export queue: what it holds stays unacknowledged
            processing.interrupt();
            processing.join(1000);
        }
        flushAllBy(deadline);
        fanOut.shutdown(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        input.close();
        if (cache != null) {
            cache.close();
        }
        FileInputStats stats = input.stats();
        // concatenated, not MessageFormat: counts must not be printed with digit grouping
        LOG.log(INFO, "event=pipeline_stopped pipeline=" + config.getPipeline() + " lines_read=" + stats.linesRead()
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

    /** Stops the telemetry endpoint; after {@link #shutdown}, so /metrics shows the final counts until then. */
    @Override
    public synchronized void close() {
        if (telemetry != null) {
            telemetry.close();
            telemetry = null;
        }
        metrics.close();
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
            LOG.log(WARNING, "event=record_failed error=\"{0}\"", String.valueOf(e));
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
        int open = input.stats().openFiles();
        for (; reportedOpenFiles < open; reportedOpenFiles++) {
            metrics.fileOpened();
        }
        for (; reportedOpenFiles > open; reportedOpenFiles--) {
            metrics.fileClosed();
        }
    }

    private void startInputWhenReady() {
        if (inputStarted || cache != null && !cache.hasSynced()) {
            return;
        }
        synchronized (this) {
            if (running) {
                input.start();
                inputStarted = true;
                LOG.log(INFO, "event=input_started paths={0} start_at={1}",
                        config.getInput().getPaths().getInclude(), config.getInput().getStartAt());
            }
        }
    }
}
