package io.logpipeline.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;
import lombok.Data;

/** One parser step: exactly one of regex, json or severity. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "[has(self.regex), has(self.json), has(self.severity)].filter(x, x).size() == 1",
        message = "set exactly one of regex, json or severity")
public class ParserSpec {

    @JsonPropertyDescription("Parses a field with a regular expression; named groups become attributes.")
    private RegexParserSpec regex;

    @JsonPropertyDescription("Parses a field as a JSON object into attributes.")
    private JsonParserSpec json;

    @JsonPropertyDescription("Sets the record's severity from a field.")
    private SeverityParserSpec severity;
}
