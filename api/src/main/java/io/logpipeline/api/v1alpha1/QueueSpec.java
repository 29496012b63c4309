package io.logpipeline.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.logpipeline.api.units.ByteSize;
import lombok.Data;

/**
 * The bounded queue of batches in front of one backend: at most {@code queueSize} batches and at most
 * {@code maxBytes} bytes of request bodies (the OpenTelemetry Collector's {@code sending_queue} with both its
 * {@code requests} and its {@code bytes} sizer), whichever is reached first.
 */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class QueueSpec {

    @Default("10")
    @Min(1)
    @JsonPropertyDescription("Requests in flight to this backend at once.")
    private Integer numConsumers = 10;

    @Default("1000")
    @Min(1)
    @JsonPropertyDescription("Batches the queue holds (see also maxBytes).")
    private Integer queueSize = 1000;

    /** The default of {@link #maxBytes}. */
    public static final String DEFAULT_MAX_BYTES = "16Mi";
    /** The smallest {@link #maxBytes} the validators accept. */
    public static final long MIN_MAX_BYTES = 1024;

    @Size(max = Bounds.DURATION_OR_QUANTITY)
    @Default(DEFAULT_MAX_BYTES)
    @Pattern(ByteSize.PATTERN)
    @JsonPropertyDescription("Bytes the queue holds, as a Kubernetes quantity (e.g. 16Mi): the request bodies as they are sent"
            + " (compressed with gzip), from queueing until the backend is done with them. A batch that does not fit is treated"
            + " like one that finds the queue full; a single batch larger than this is still taken into an empty queue.")
    private String maxBytes = DEFAULT_MAX_BYTES;

    @Default("block")
    @JsonPropertyDescription("When the queue is full: block (reading pauses, nothing is lost) or dropNewest (new batches are dropped and counted as queue_full). Also applies when the pipeline is over its memory budget.")
    private WhenFull whenFull = WhenFull.BLOCK;

    /** Behaviour of a full queue. */
    public enum WhenFull {
        @JsonProperty("block") BLOCK,
        @JsonProperty("dropNewest") DROP_NEWEST
    }
}
