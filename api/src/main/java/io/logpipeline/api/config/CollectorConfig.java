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
 * One pipeline's configuration: the document the operator renders into the pipeline's ConfigMap under
 * {@link io.logpipeline.api.agent.AgentContract#PIPELINE_CONFIG_KEY} and the node agent loads (DESIGN §3, §4).
 * The agent's own settings (telemetry port, log level, checkpoint root) are its command line, not part of it.
 *
 * <p>The pipeline sections are the LogPipeline spec's own types, so both sides agree on every field;
 * the exporters are the LogBackends resolved, with Secret values replaced by references to the
 * mounted credentials.
 */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CollectorConfig {

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

    /** Every problem in this configuration, each naming its field path; empty when it is valid. */
    public List<Problem> validate() {
        return PipelineValidator.validateCollectorConfig(this);
    }
}
