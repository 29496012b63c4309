package io.logpipeline.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import lombok.Data;

/** What the operator observed for a LogBackend. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class LogBackendStatus implements ConditionedStatus {

    @JsonPropertyDescription("The metadata.generation this status describes.")
    private Long observedGeneration;

    @Size(max = Bounds.CONDITIONS)
    @JsonPropertyDescription("Accepted, SecretsResolved and Ready, each with a reason and a message.")
    private List<Condition> conditions = new ArrayList<>();

    @Size(max = Bounds.USED_BY)
    @JsonPropertyDescription("LogPipelines that send to this backend.")
    private List<String> usedBy = new ArrayList<>();
}
