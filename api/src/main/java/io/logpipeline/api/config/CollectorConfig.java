package io.logpipeline.api.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.logpipeline.api.v1alpha1.BatchSpec;
import io.logpipeline.api.v1alpha1.InputSpec;
import io.logpipeline.api.v1alpha1.KubernetesMetadataSpec;
import io.logpipeline.api.v1alpha1.ProcessorSpec;
import io.logpipeline.api.validation.Problem;
import io.logpipeline.api.validation.PipelineValidator;
import java.util.ArrayList;
import java.util.List;
import lombok.Data;

/**
 * The collector's whole configuration: the document the operator renders into the ConfigMap key
 * {@code collector.json} and the collector reads at start (DESIGN §4).
 *
 * <p>The pipeline sections are the LogPipeline spec's own types, so both sides agree on every field;
 * the exporters are the LogBackends resolved, with Secret values replaced by references to the
 * mounted credentials.
 */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CollectorConfig {

    /** The ConfigMap key the operator renders this document under. */
    public static final String CONFIG_MAP_KEY = "collector.json";
    /** Where the rendered DaemonSet mounts the ConfigMap. */
    public static final String DEFAULT_CONFIG_PATH = "/etc/logpipeline/collector.json";
    /** Where the rendered DaemonSet mounts the credentials Secret. */
    public static final String CREDENTIALS_DIR = "/etc/logpipeline/credentials";
    /** Where the rendered DaemonSet mounts the node's checkpoint directory. */
    public static final String DEFAULT_CHECKPOINT_DIR = "/var/lib/logpipeline";

    /** Name of the LogPipeline; the {@code pipeline} label of every metric. */
    private String pipeline;

    /** Namespace of the LogPipeline. */
    private String namespace;

    /**
     * The namespaces this pipeline may read (DESIGN §2 "Tenancy"), enforced by the collector whatever
     * the input globs say; empty means every namespace (a pipeline in a cluster pipeline namespace).
     */
    private List<String> readableNamespaces = new ArrayList<>();

    /** {@code metadata.generation} of the LogPipeline this was compiled from; 0 outside a cluster. */
    private long generation;

    private InputSpec input = new InputSpec();

    private KubernetesMetadataSpec kubernetes = new KubernetesMetadataSpec();

    private List<ProcessorSpec> processors = new ArrayList<>();

    private BatchSpec batch = new BatchSpec();

    /** One per LogBackend the pipeline references, in backendRefs order. */
    private List<ExporterConfig> exporters = new ArrayList<>();

    private TelemetryConfig telemetry = new TelemetryConfig();

    /** Directory of the per-file checkpoints (a hostPath on each node). */
    private String checkpointDirectory = DEFAULT_CHECKPOINT_DIR;

    /** Every problem in this configuration, each naming its field path; empty when it is valid. */
    public List<Problem> validate() {
        return PipelineValidator.validateCollectorConfig(this);
    }
}
