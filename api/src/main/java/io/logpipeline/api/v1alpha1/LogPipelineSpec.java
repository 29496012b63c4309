package io.logpipeline.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;
import lombok.Data;

/** What a LogPipeline reads, how it processes records, and which LogBackends receive them. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class LogPipelineSpec {

    @JsonPropertyDescription("Which container log files to read and how to parse them (the filelog receiver).")
    private InputSpec input = new InputSpec();

    @JsonPropertyDescription("Kubernetes metadata added to every record's resource (the k8sattributes processor).")
    private KubernetesMetadataSpec kubernetes = new KubernetesMetadataSpec();

    @Size(max = Bounds.STEPS)
    @JsonPropertyDescription("Processors applied in order after parsing. Each item sets exactly one of attributes, resource or filter.")
    private List<ProcessorSpec> processors = new ArrayList<>();

    @JsonPropertyDescription("How records are grouped into export requests (the batch processor).")
    private BatchSpec batch = new BatchSpec();

    @Required
    @Size(min = 1, max = Bounds.BACKENDS)
    @JsonPropertyDescription("The LogBackends in this namespace that receive every record (fan-out). At least one.")
    private List<BackendRef> backendRefs = new ArrayList<>();

    @JsonPropertyDescription("The collector DaemonSet the operator renders for this pipeline.")
    private CollectorSpec collector = new CollectorSpec();
}
