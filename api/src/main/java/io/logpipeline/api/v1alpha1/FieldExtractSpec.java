package io.logpipeline.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import lombok.AllArgsConstructor;
import lombok.Data;
import lombok.NoArgsConstructor;

/** Copies one label or annotation (or every one whose key matches a regex) into a resource attribute. */
@Data
@NoArgsConstructor
@AllArgsConstructor
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "has(self.key) != has(self.keyRegex)", message = "set exactly one of key or keyRegex")
public class FieldExtractSpec {

    @Size(max = Bounds.ATTRIBUTE)
    @JsonPropertyDescription("Attribute name. Defaults to k8s.<from>.labels.<key> (or .annotations.<key>). With keyRegex it may use $1 for the first group.")
    private String tagName;

    @Size(max = Bounds.QUALIFIED_KEY)
    @JsonPropertyDescription("Exact label or annotation key, e.g. app or deployment.kubernetes.io/revision.")
    private String key;

    @Size(max = Bounds.REGEX)
    @JsonPropertyDescription("Regular expression; every key that matches is copied.")
    private String keyRegex;

    @Default("pod")
    @JsonPropertyDescription("Where the label or annotation lives: pod, namespace or node.")
    private From from = From.POD;

    /** The object a label or annotation is read from. */
    public enum From {
        @JsonProperty("pod") POD,
        @JsonProperty("namespace") NAMESPACE,
        @JsonProperty("node") NODE
    }
}
