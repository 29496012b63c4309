package io.logpipeline.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.logpipeline.api.units.GoDuration;
import lombok.Data;

/** Exponential backoff with jitter for retryable failures. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RetrySpec {

    @Default("true")
    @JsonPropertyDescription("Retry 429, 502, 503, 504 and connection failures. When false, a failed batch is dropped and counted.")
    private Boolean enabled = true;

    @Size(max = Bounds.DURATION_OR_QUANTITY)
    @Default("5s")
    @Pattern(GoDuration.PATTERN)
    @JsonPropertyDescription("First wait after a failure, as a duration.")
    private String initialInterval = "5s";

    @Size(max = Bounds.DURATION_OR_QUANTITY)
    @Default("30s")
    @Pattern(GoDuration.PATTERN)
    @JsonPropertyDescription("Longest wait between two tries, as a duration.")
    private String maxInterval = "30s";

    @Size(max = Bounds.DURATION_OR_QUANTITY)
    @Default("0s")
    @Pattern(GoDuration.PATTERN)
    @JsonPropertyDescription("Give up on a batch after trying this long; 0s means never give up (no loss).")
    private String maxElapsedTime = "0s";
}
