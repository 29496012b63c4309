package io.logpipeline.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import lombok.AllArgsConstructor;
import lombok.Data;
import lombok.NoArgsConstructor;

/** What one backend of a pipeline received over the last 5 minutes, summed over every node's agent. */
@Data
@NoArgsConstructor
@AllArgsConstructor
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BackendStatus {

    @Size(max = Bounds.OBJECT_NAME)
    @JsonPropertyDescription("Name of the LogBackend.")
    private String name;

    @JsonPropertyDescription("Records the backend accepted in the last 5 minutes, all nodes.")
    private Long sent;

    @JsonPropertyDescription("Records the backend refused or that were given up after retries in the last 5 minutes, all nodes.")
    private Long failed;

    @JsonPropertyDescription("Records dropped before sending (full queue with whenFull: dropNewest) in the last 5 minutes, all nodes.")
    private Long dropped;

    @Size(max = Bounds.VALUE)
    @JsonPropertyDescription("The newest error any node saw, e.g. HTTP 401 Unauthorized; empty when none.")
    private String lastError;

    @Size(max = Bounds.SHORT_TEXT)
    @JsonPropertyDescription("When the newest error happened (RFC 3339).")
    private String lastErrorTime;
}
