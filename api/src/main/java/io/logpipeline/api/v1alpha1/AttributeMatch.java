package io.logpipeline.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import lombok.Data;

/** Matches a record (or resource) attribute by exact value or regular expression. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "has(self.equals) != has(self.matches)", message = "set exactly one of equals or matches")
public class AttributeMatch {

    @Size(max = Bounds.ATTRIBUTE)
    @Required
    @JsonPropertyDescription("Attribute name; record attributes are looked up first, then resource attributes.")
    private String key;

    @Size(max = Bounds.VALUE)
    @JsonPropertyDescription("The value must equal this (compared as a string).")
    private String equals;

    @Size(max = Bounds.REGEX)
    @JsonPropertyDescription("The value must match this regular expression (found anywhere).")
    private String matches;
}
