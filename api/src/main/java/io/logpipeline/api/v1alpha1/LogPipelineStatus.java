package io.logpipeline.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import lombok.Data;

/** What the operator observed for a LogPipeline. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class LogPipelineStatus implements ConditionedStatus {

    @JsonPropertyDescription("The metadata.generation this status describes.")
    private Long observedGeneration;

    @Size(max = Bounds.CONDITIONS)
    @JsonPropertyDescription("Accepted, BackendsResolved, CollectorReady, Delivering and Ready, each with a reason and a message.")
    private List<Condition> conditions = new ArrayList<>();

    @JsonPropertyDescription("Node agents that should run this pipeline, that run it, and that run its current configuration.")
    private CollectorsStatus collectors;

    @Size(max = Bounds.BACKENDS)
    @JsonPropertyDescription("Per LogBackend, in backendRefs order: records sent, failed and dropped over the last 5 minutes on every node, and the last error.")
    private List<BackendStatus> backends = new ArrayList<>();

    @Size(max = Bounds.SHORT_TEXT)
    @JsonPropertyDescription("Hash of the compiled configuration and credentials; each node agent reports the hash it runs.")
    private String configHash;
}
