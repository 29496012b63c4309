package io.logpipeline.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import lombok.AllArgsConstructor;
import lombok.Data;
import lombok.NoArgsConstructor;

/** Pod counts of the collector DaemonSet. */
@Data
@NoArgsConstructor
@AllArgsConstructor
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CollectorsStatus {

    @JsonPropertyDescription("Nodes that should run a collector.")
    private Integer desired;

    @JsonPropertyDescription("Collectors that are ready.")
    private Integer ready;

    @JsonPropertyDescription("Collectors that run the current configuration.")
    private Integer updated;

    @Size(max = Bounds.SHORT_TEXT)
    @JsonPropertyDescription("ready/desired, as kubectl get shows it (e.g. 3/3).")
    private String summary;

    public static CollectorsStatus of(int desired, int ready, int updated) {
        return new CollectorsStatus(desired, ready, updated, ready + "/" + desired);
    }
}
