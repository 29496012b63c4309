package io.logpipeline.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import lombok.Data;

/** The bounded queue of batches in front of one backend. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class QueueSpec {

    @Default("10")
    @Min(1)
    @JsonPropertyDescription("Requests in flight to this backend at once.")
    private Integer numConsumers = 10;

    @Default("1000")
    @Min(1)
    @JsonPropertyDescription("Batches the queue holds.")
    private Integer queueSize = 1000;

    @Default("block")
    @JsonPropertyDescription("When the queue is full: block (reading pauses, nothing is lost) or dropNewest (new batches are dropped and counted).")
    private WhenFull whenFull = WhenFull.BLOCK;

    /** Behaviour of a full queue. */
    public enum WhenFull {
        @JsonProperty("block") BLOCK,
        @JsonProperty("dropNewest") DROP_NEWEST
    }
}
