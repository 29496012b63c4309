package io.logpipeline.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;
import lombok.Data;

/** Conditions under which a record is dropped; all the conditions set must hold. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "has(self.severityBelow) || has(self.bodyMatches) || has(self.attribute) || (has(self.namespaces) && size(self.namespaces) > 0)",
        message = "a drop rule needs at least one of severityBelow, bodyMatches, attribute or namespaces")
public class DropRule {

    @Size(max = Bounds.SHORT_TEXT)
    @JsonPropertyDescription("Name used in the drop counter's rule label; defaults to the rule's index.")
    private String name;

    @JsonPropertyDescription("Drops records whose severity is known and below this: TRACE, DEBUG, INFO, WARN, ERROR or FATAL.")
    private Severity severityBelow;

    @Size(max = Bounds.REGEX)
    @JsonPropertyDescription("Drops records whose body matches this regular expression (found anywhere in the body).")
    private String bodyMatches;

    @JsonPropertyDescription("Drops records with this attribute value.")
    private AttributeMatch attribute;

    @Size(max = Bounds.INCLUDE_EXCLUDE_ITEMS)
    @JsonPropertyDescription("Drops records from these namespaces.")
    private List<String> namespaces = new ArrayList<>();

    /** OpenTelemetry severity ranges, lowest first. */
    public enum Severity {
        @JsonProperty("TRACE") TRACE,
        @JsonProperty("DEBUG") DEBUG,
        @JsonProperty("INFO") INFO,
        @JsonProperty("WARN") WARN,
        @JsonProperty("ERROR") ERROR,
        @JsonProperty("FATAL") FATAL;

        /** The lowest OpenTelemetry severity number of this range (TRACE=1 ... FATAL=21). */
        public int lowestNumber() {
            return ordinal() * 4 + 1;
        }
    }
}
