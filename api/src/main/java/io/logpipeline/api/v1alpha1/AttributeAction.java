package io.logpipeline.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import lombok.AllArgsConstructor;
import lombok.Builder;
import lombok.Data;
import lombok.NoArgsConstructor;

/** One edit of an attribute, as in the OpenTelemetry Collector's attributes processor. */
@Data
@Builder(toBuilder = true)
@NoArgsConstructor
@AllArgsConstructor
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!(self.action in ['insert', 'update', 'upsert']) || (has(self.value) != has(self.fromAttribute))",
        message = "insert, update and upsert take exactly one of value or fromAttribute")
@ValidationRule(value = "self.action != 'extract' || (has(self.pattern) && has(self.fromAttribute))",
        message = "extract needs pattern and fromAttribute")
@ValidationRule(value = "self.action != 'convert' || has(self.convertedType)",
        message = "convert needs convertedType")
@ValidationRule(value = "self.action == 'extract' || has(self.key)",
        message = "key is required for every action but extract")
public class AttributeAction {

    @Size(max = Bounds.ATTRIBUTE)
    @JsonPropertyDescription("Attribute to act on. For extract, the attribute that receives the single unnamed group (omit when the pattern has named groups).")
    private String key;

    @Required
    @JsonPropertyDescription("insert (only if absent), update (only if present), upsert, delete, hash (SHA-256 hex), extract (regex groups into attributes) or convert (to convertedType).")
    private Action action;

    @Size(max = Bounds.VALUE)
    @JsonPropertyDescription("Literal value for insert, update and upsert.")
    private String value;

    @Size(max = Bounds.ATTRIBUTE)
    @JsonPropertyDescription("Attribute to copy the value from (insert, update, upsert) or to match pattern against (extract). 'body' names the log body.")
    private String fromAttribute;

    @Size(max = Bounds.REGEX)
    @JsonPropertyDescription("For extract: a regular expression; named groups become attributes, or with key and one unnamed group, the group's value goes to key.")
    private String pattern;

    @JsonPropertyDescription("For convert: int, double, bool or string.")
    private ConvertedType convertedType;

    /** The kinds of attribute edit. */
    public enum Action {
        @JsonProperty("insert") INSERT,
        @JsonProperty("update") UPDATE,
        @JsonProperty("upsert") UPSERT,
        @JsonProperty("delete") DELETE,
        @JsonProperty("hash") HASH,
        @JsonProperty("extract") EXTRACT,
        @JsonProperty("convert") CONVERT
    }

    /** Target types of the convert action. */
    public enum ConvertedType {
        @JsonProperty("int") INT,
        @JsonProperty("double") DOUBLE,
        @JsonProperty("bool") BOOL,
        @JsonProperty("string") STRING
    }
}
