package io.logpipeline.collector.agent;

import io.logpipeline.api.agent.AgentContract;
import io.logpipeline.api.config.CollectorConfig;
import io.logpipeline.api.config.CollectorConfigJson;
import io.logpipeline.collector.input.discovery.SharedFileDiscovery;
import io.logpipeline.collector.lifecycle.Component;
import io.logpipeline.collector.lifecycle.Deadline;
import io.logpipeline.collector.memory.MemoryBudget;
import io.logpipeline.collector.metadata.KubernetesMetadataCache;
import io.logpipeline.collector.pipeline.CollectorPipeline;
import io.logpipeline.collector.pipeline.PipelineContext;
import io.logpipeline.collector.telemetry.AgentMetrics;
import io.logpipeline.collector.telemetry.CollectorMetrics;
import io.logpipeline.collector.telemetry.LiveTail;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

/**
 * Runs the pipelines a {@link PipelineSource} wants, each a {@link CollectorPipeline} keyed by
 * {@code <namespace>/<name>}, beside the parts they share (metadata caches, metrics, live tails).
 *
 * <p>{@link #apply} moves the running set to a desired one, pipeline by pipeline: an unchanged
 * configuration hash leaves its pipeline alone; a changed one is built and validated first, and only
 * then is the old one stopped (reading stops, what was read is flushed and delivered within the grace,
 * the acknowledged offsets are committed) and the new one started from those offsets. A configuration
 * that fails leaves the old pipeline running and is remembered as rejected, with the reason, for the
 * status report. A pipeline no longer wanted is stopped and its checkpoints are deleted.
 *
 * <p>Memory: the agent's buffer memory ({@code bufferBytes}) is shared equally by the pipelines it runs; each
 * gets a {@link MemoryBudget} of {@code bufferBytes / pipelines}, set anew whenever pipelines come and go, so
 * however large one pipeline's backlog, all of them together hold at most the agent's buffer memory.
 */
public final class PipelineHost implements Component {

    private static final System.Logger LOG = System.getLogger(PipelineHost.class.getName());

    private final Path checkpointRoot;
    private final Path hostRoot;
    private final boolean debugTail;
    private final Duration stopGrace;
    private final AgentMetrics metrics;
    private final MetadataCaches caches;
    private final SharedFileDiscovery fileDiscovery;
    private final Runnable onStateChange;
    private final long bufferBytes;
    private final Map<String, Hosted> running = new TreeMap<>();
    private final Map<String, Rejection> rejected = new TreeMap<>();
    private final Map<String, LiveTail> liveTails = new ConcurrentHashMap<>();
    private volatile boolean loaded;

    /**
     * @param checkpointRoot each pipeline keeps its checkpoints in {@link AgentContract#checkpointDirectory} under it
     * @param hostRoot where the node's filesystem is mounted ({@code --host-root}); null when it is at /
     * @param debugTail whether {@code /debug/tail} streams the pipelines' records
     * @param stopGrace how long a stopping pipeline (reload, removal, shutdown) may take to deliver what it read
     * @param fileDiscovery the directory walk and watch every pipeline's input takes its files from
     * @param onStateChange called after a pipeline started, stopped or was rejected (the report is written then)
     * @param bufferBytes what all pipelines together may hold of records read and not yet delivered
     */
    PipelineHost(Path checkpointRoot, Path hostRoot, boolean debugTail, Duration stopGrace, AgentMetrics metrics, MetadataCaches caches,
            SharedFileDiscovery fileDiscovery, Runnable onStateChange, long bufferBytes) {
        this.fileDiscovery = fileDiscovery;
        this.bufferBytes = bufferBytes;
        this.checkpointRoot = checkpointRoot;
        this.hostRoot = hostRoot;
        this.debugTail = debugTail;
        this.stopGrace = stopGrace;
        this.metrics = metrics;
        this.caches = caches;
        this.onStateChange = onStateChange;
    }

    /** Moves the running pipelines to {@code desired} (by key); see the class comment. */
    public synchronized void apply(Map<String, DesiredPipeline> desired) {
        boolean changed = false;
        for (String key : List.copyOf(running.keySet())) {
            if (!desired.containsKey(key)) {
                remove(key);
                changed = true;
            }
        }
        changed |= rejected.keySet().retainAll(desired.keySet());
        for (DesiredPipeline pipeline : desired.values()) {
            changed |= converge(pipeline, desired.size());
        }
        shareMemory();
        loaded = true;
        if (changed) {
            onStateChange.run();
        }
    }

    /** Each running pipeline's budget: an equal share of the agent's buffer memory. */
    private void shareMemory() {
        long share = share(running.size());
        running.values().forEach(hosted -> hosted.pipeline.memory().limit(share));
    }

    private long share(int pipelines) {
        return bufferBytes / Math.max(1, pipelines);
    }

    private boolean converge(DesiredPipeline desired, int pipelines) {
        String key = desired.key();
        String hash = desired.configHash();
        Hosted current = running.get(key);
        Rejection rejection = rejected.get(key);
        if (current != null && current.hash.equals(hash)) {
            return rejected.remove(key) != null; // back to what runs: the rejected one is no longer wanted
        }
        if (rejection != null && rejection.hash.equals(hash)) {
            return false; // refused already; it is retried when it changes
        }
        Hosted next;
        try {
            next = build(desired, hash, share(pipelines));
        } catch (IllegalArgumentException e) {
            rejected.put(key, new Rejection(hash, e.getMessage()));
            LOG.log(WARNING, "event=pipeline_rejected pipeline=" + key + " config_hash=" + hash + " origin=\"" + desired.origin()
                    + "\" running=" + (current == null ? "none" : current.hash) + " reason=\"" + e.getMessage().replace("\n", "; ") + "\"");
            return true;
        }
        rejected.remove(key);
        if (current != null) {
            stop(current, Deadline.after(stopGrace));
            LOG.log(INFO, "event=pipeline_reloading pipeline={0} from={1} to={2}", key, current.hash, hash);
        }
        next.pipeline.start();
        running.put(key, next);
        return true;
    }

    private Hosted build(DesiredPipeline desired, String hash, long memoryShare) {
        CollectorConfig config = parse(desired);
        KubernetesMetadataCache cache = CollectorPipeline.needsMetadata(config) ? caches.acquire(config.getKubernetes()) : null;
        try {
            CollectorMetrics pipelineMetrics = metrics.pipeline(desired.key());
            LiveTail liveTail = debugTail ? liveTails.computeIfAbsent(desired.key(), k -> new LiveTail()) : null;
            Path checkpoints = AgentContract.checkpointDirectory(checkpointRoot, desired.namespace(), desired.name());
            CollectorPipeline pipeline = new CollectorPipeline(config,
                    new PipelineContext(pipelineMetrics, cache, checkpoints, desired.credentials(), liveTail, hostRoot,
                            new MemoryBudget(memoryShare), fileDiscovery));
            return new Hosted(desired, hash, pipeline, cache);
        } catch (RuntimeException e) {
            if (cache != null) {
                caches.release(cache);
            }
            throw e instanceof IllegalArgumentException ? e : new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /**
     * The configuration, read and validated (also what {@code --validate-only} runs).
     *
     * @throws io.logpipeline.api.config.InvalidConfigException with every problem, each naming its field, line and column
     * @throws IllegalArgumentException when the document is for another pipeline than its origin
     */
    public static CollectorConfig parse(DesiredPipeline desired) {
        CollectorConfig config = CollectorConfigJson.readChecked(desired.configJson());
        // a file may leave the namespace out (it is then "default"); a ConfigMap names both
        boolean namespaceDiffers = config.getNamespace() != null && !config.getNamespace().equals(desired.namespace());
        if (namespaceDiffers || !Objects.equals(config.getPipeline(), desired.name())) {
            throw new IllegalArgumentException("namespace/pipeline: the configuration says " + config.getNamespace() + "/"
                    + config.getPipeline() + " but " + desired.origin() + " is for " + desired.key() + "; render them from the same LogPipeline");
        }
        return config;
    }

    private void remove(String key) {
        Hosted hosted = running.remove(key);
        stop(hosted, Deadline.after(stopGrace));
        metrics.remove(key);
        liveTails.remove(key);
        Path checkpoints = AgentContract.checkpointDirectory(checkpointRoot, hosted.desired.namespace(), hosted.desired.name());
        deleteRecursively(checkpoints);
        LOG.log(INFO, "event=pipeline_removed pipeline={0} checkpoints_deleted={1}", key, checkpoints);
    }

    private void stop(Hosted hosted, Deadline deadline) {
        try {
            hosted.pipeline.stop(deadline);
        } finally {
            if (hosted.cache != null) {
                caches.release(hosted.cache);
            }
        }
    }

    private static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            LOG.log(WARNING, "event=checkpoints_not_deleted directory={0} error=\"{1}\"", directory, e.getMessage());
        }
    }

    /** Nothing to start: pipelines start as the source {@link #apply applies} their configurations. */
    @Override
    public void start() {
    }

    /**
     * Stops every pipeline at once, each by {@code deadline} (one backend that is down must not eat the
     * others' time), keeping their checkpoints: the next start continues from them.
     */
    @Override
    public synchronized void stop(Deadline deadline) {
        List<Thread> stopping = new ArrayList<>();
        for (Hosted hosted : running.values()) {
            Thread thread = new Thread(() -> stop(hosted, deadline), "stop-" + hosted.desired.key());
            thread.start();
            stopping.add(thread);
        }
        for (Thread thread : stopping) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        running.clear();
    }

    /** The running pipelines by key, as of now. */
    public synchronized Map<String, CollectorPipeline> running() {
        Map<String, CollectorPipeline> pipelines = new TreeMap<>();
        running.forEach((key, hosted) -> pipelines.put(key, hosted.pipeline));
        return pipelines;
    }

    /** The live tail of a running pipeline, for {@code /debug/tail?pipeline=}; null when unknown or off. */
    LiveTail liveTail(String key) {
        return liveTails.get(key);
    }

    /** Ready: the source delivered its first set, and every pipeline that runs has started reading. */
    public synchronized boolean ready() {
        return loaded && running.values().stream().allMatch(hosted -> hosted.pipeline.reading());
    }

    /** The first running pipeline whose checkpoints cannot be written, with the directory and the fix; null while all can. */
    public synchronized String checkpointProblem() {
        return running.values().stream().map(hosted -> hosted.pipeline.checkpointProblem())
                .filter(java.util.Objects::nonNull).findFirst().orElse(null);
    }

    /** What each pipeline runs or refused, in key order, for the status report. */
    public synchronized List<PipelineState> states() {
        Map<String, PipelineState> states = new TreeMap<>();
        running.forEach((key, hosted) -> states.put(key, new PipelineState(hosted.desired.namespace(), hosted.desired.name(),
                hosted.hash, null, null, metrics.pipeline(key))));
        rejected.forEach((key, rejection) -> {
            PipelineState runningState = states.get(key);
            String[] identity = key.split("/", 2);
            states.put(key, new PipelineState(identity[0], identity[1], runningState == null ? null : runningState.runningConfigHash(),
                    rejection.hash, rejection.message, runningState == null ? null : runningState.metrics()));
        });
        return new ArrayList<>(states.values());
    }

    /**
     * One pipeline's state.
     *
     * @param metrics its counters; null when nothing runs (its only configuration was rejected)
     */
    public record PipelineState(String namespace, String name, String runningConfigHash, String rejectedConfigHash,
            String rejectedMessage, CollectorMetrics metrics) {
    }

    private record Hosted(DesiredPipeline desired, String hash, CollectorPipeline pipeline, KubernetesMetadataCache cache) {
    }

    private record Rejection(String hash, String message) {
    }
}
