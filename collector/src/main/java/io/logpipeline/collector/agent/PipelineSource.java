package io.logpipeline.collector.agent;

import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Where the agent learns which pipelines to run: configuration files outside a cluster
 * ({@link ConfigFileSource}), the pipeline ConfigMaps and Secrets through the API server inside one
 * ({@link KubernetesPipelineSource}). Either hands the host the whole desired set, by key, each time it changes.
 */
public interface PipelineSource {

    /** Starts watching; {@code onChange} gets the first complete set once, then every changed set, on one thread at a time. */
    void start(Consumer<Map<String, DesiredPipeline>> onChange);

    /** Stops watching. */
    void stop(Duration grace);
}
