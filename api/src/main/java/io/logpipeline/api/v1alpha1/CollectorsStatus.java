package io.logpipeline.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import lombok.AllArgsConstructor;
import lombok.Data;
import lombok.NoArgsConstructor;

/** How many node agents run a pipeline: should, do, and run its current configuration. */
@Data
@NoArgsConstructor
@AllArgsConstructor
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CollectorsStatus {

    @JsonPropertyDescription("Node agents that should run the pipeline (the DaemonSet's desiredNumberScheduled).")
    private Integer desired;

    @JsonPropertyDescription("Node agents that report running some configuration of the pipeline.")
    private Integer ready;

    @JsonPropertyDescription("Node agents that run the current configuration (status.configHash).")
    private Integer updated;

    @Size(max = Bounds.SHORT_TEXT)
    @JsonPropertyDescription("updated/desired, as kubectl get shows it (e.g. 3/3).")
    private String summary;

    public static CollectorsStatus of(int desired, int ready, int updated) {
        return new CollectorsStatus(desired, ready, updated, updated + "/" + desired);
    }
}
