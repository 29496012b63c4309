package io.logpipeline.collector.pipeline;

import io.logpipeline.collector.input.discovery.SharedFileDiscovery;
import io.logpipeline.collector.memory.MemoryBudget;
import io.logpipeline.collector.metadata.KubernetesMetadataCache;
import io.logpipeline.collector.telemetry.CollectorMetrics;
import io.logpipeline.collector.telemetry.LiveTail;
import java.nio.file.Path;
import java.util.Map;

/**
 * What a {@link CollectorPipeline} gets from the agent that hosts it: the shared parts, which the agent
 * starts and stops, and its own place among them.
 *
 * @param metrics the pipeline's view of the agent's metrics (its {@code pipeline} label is the pipeline's key)
 * @param cache the shared Kubernetes metadata cache, already started; null when {@code kubernetes.enabled} is false
 * @param checkpointDirectory where this pipeline keeps its read positions; null keeps none (tests)
 * @param credentials the pipeline's credentials Secret, which {@code secretKey} references resolve against
 * @param liveTail where processed records go for {@code /debug/tail}; null when the live tail is off
 * @param hostRoot where the node's filesystem is mounted ({@code --host-root}); the input's absolute globs are read
 *     under it; null when the agent sees the node's files where the pipeline names them
 * @param memory what the pipeline may hold of records read and not yet delivered (its share of the agent's memory)
 * @param fileDiscovery the agent's directory walk and watch, shared by every pipeline (already started); null gives
 *     the pipeline's input a walk and watch of its own
 */
public record PipelineContext(CollectorMetrics metrics, KubernetesMetadataCache cache, Path checkpointDirectory,
        Map<String, String> credentials, LiveTail liveTail, Path hostRoot, MemoryBudget memory, SharedFileDiscovery fileDiscovery) {

    public PipelineContext {
        credentials = Map.copyOf(credentials);
    }

    /** A pipeline without a memory budget whose input walks and watches its directories itself (tests, benchmarks). */
    public PipelineContext(CollectorMetrics metrics, KubernetesMetadataCache cache, Path checkpointDirectory,
            Map<String, String> credentials, LiveTail liveTail, Path hostRoot) {
        this(metrics, cache, checkpointDirectory, credentials, liveTail, hostRoot, new MemoryBudget(MemoryBudget.UNLIMITED), null);
    }

    /** A pipeline with a memory budget whose input walks and watches its directories itself. */
    public PipelineContext(CollectorMetrics metrics, KubernetesMetadataCache cache, Path checkpointDirectory,
            Map<String, String> credentials, LiveTail liveTail, Path hostRoot, MemoryBudget memory) {
        this(metrics, cache, checkpointDirectory, credentials, liveTail, hostRoot, memory, null);
    }
}
