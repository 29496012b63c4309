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
public class LogPipelineStatus {

    @JsonPropertyDescription("The metadata.generation this status describes.")
    private Long observedGeneration;

    @Size(max = Bounds.CONDITIONS)
    @JsonPropertyDescription("Accepted, BackendsResolved, CollectorReady and Ready, each with a reason and a message.")
    private List<Condition> conditions = new ArrayList<>();

    @JsonPropertyDescription("Collector pods of the rendered DaemonSet.")
    private CollectorsStatus collectors;

    @Size(max = Bounds.BACKENDS)
    @JsonPropertyDescription("Names of the LogBackends this pipeline sends to.")
    private List<String> backends = new ArrayList<>();

    @Size(max = Bounds.SHORT_TEXT)
    @JsonPropertyDescription("Hash of the rendered collector configuration and credentials; a change rolls the collectors.")
    private String configHash;
}
