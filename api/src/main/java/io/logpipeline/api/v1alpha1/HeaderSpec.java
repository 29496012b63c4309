package io.logpipeline.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import lombok.AllArgsConstructor;
import lombok.Data;
import lombok.NoArgsConstructor;

/** One HTTP header, literal or read from a Secret. */
@Data
@NoArgsConstructor
@AllArgsConstructor
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "has(self.value) != has(self.valueFrom)", message = "set exactly one of value or valueFrom")
public class HeaderSpec {

    @Size(max = Bounds.ATTRIBUTE)
    @Required
    @Pattern("^[A-Za-z0-9!#$%&'*+.^_`|~-]+$")
    @JsonPropertyDescription("Header name, e.g. Authorization.")
    private String name;

    @Size(max = Bounds.VALUE)
    @JsonPropertyDescription("Literal header value. Use valueFrom for credentials.")
    private String value;

    @JsonPropertyDescription("Reads the value from a key of a Secret in this namespace.")
    private SecretValueSource valueFrom;
}
