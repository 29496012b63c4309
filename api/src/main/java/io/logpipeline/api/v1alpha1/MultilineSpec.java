package io.logpipeline.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.logpipeline.api.units.GoDuration;
import lombok.Data;

/** Joins continuation lines onto the line that starts a record. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "has(self.firstLinePattern) != has(self.preset)",
        message = "set exactly one of firstLinePattern or preset")
public class MultilineSpec {

    @Size(max = Bounds.REGEX)
    @JsonPropertyDescription("Regular expression that matches the first line of a record, e.g. '^\\d{4}-\\d{2}-\\d{2}'. Lines that do not match are appended to the record before them.")
    private String firstLinePattern;

    @JsonPropertyDescription("A built-in first-line rule instead of firstLinePattern: java (stack traces), python (tracebacks) or go (panics).")
    private Preset preset;

    @Default("500")
    @Min(1)
    @JsonPropertyDescription("Most lines in one record; the record is flushed when it reaches this.")
    private Integer maxLines = 500;

    @Size(max = Bounds.DURATION_OR_QUANTITY)
    @Default("2s")
    @Pattern(GoDuration.PATTERN)
    @JsonPropertyDescription("A pending record is flushed when no new line arrives for this long.")
    private String flushAfter = "2s";

    /** Built-in multiline rules. */
    public enum Preset {
        @JsonProperty("java") JAVA,
        @JsonProperty("python") PYTHON,
        @JsonProperty("go") GO
    }
}
