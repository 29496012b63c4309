package io.logpipeline.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
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

    /**
     * Removed: one node agent runs every pipeline, so its settings are chart values. Kept in the schema (unpruned)
     * only so that a resource still setting it is refused with a message ({@link #REMOVED_COLLECTOR}) instead of the
     * API server silently dropping it.
     */
    @PreserveUnknownFields
    @JsonPropertyDescription("Removed: the node agent's image, resources, tolerations, nodeSelector, priorityClassName, logLevel"
            + " and debugTail are the Helm chart values collector.*, since one agent runs every pipeline. A LogPipeline that"
            + " still sets it is not accepted; delete it.")
    private Object collector;

    /** Why {@code spec.collector} is refused, and the fix. */
    public static final String REMOVED_COLLECTOR = "was removed: one node agent runs every pipeline, so its image, resources,"
            + " tolerations, nodeSelector, priorityClassName, logLevel and debugTail are the Helm chart values collector.image,"
            + " collector.resources, collector.tolerations, collector.nodeSelector, collector.priorityClassName,"
            + " collector.logLevel and collector.debugTail; delete spec.collector from this LogPipeline";
}
