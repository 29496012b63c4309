package io.logpipeline.collector.agent;

import io.logpipeline.collector.lifecycle.Component;

/**
 * Where the agent learns which pipelines to run: configuration files outside a cluster
 * ({@link ConfigFileSource}), the pipeline ConfigMaps and Secrets through the API server inside one
 * ({@link KubernetesPipelineSource}). Either hands the host the whole desired set, by key, each time it changes:
 * the first complete set once {@link #start()}ed, then every changed set, on one thread at a time.
 * {@link #stop} stops watching.
 */
public interface PipelineSource extends Component {
}
