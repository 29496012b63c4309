package io.logpipeline.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import lombok.Data;

/** A regular-expression parser: each named group becomes an attribute. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RegexParserSpec {

    @Size(max = Bounds.REGEX)
    @Required
    @JsonPropertyDescription("Regular expression with named groups, (?P<name>...) or (?<name>...). Each group that matches becomes an attribute named after the group.")
    private String pattern;

    @Size(max = Bounds.ATTRIBUTE)
    @Default("body")
    @JsonPropertyDescription("Field to parse: body, or attributes.<name>.")
    private String parseFrom = "body";

    @JsonPropertyDescription("Sets the record's timestamp from a parsed field.")
    private TimestampSpec timestamp;

    @Default("send")
    @JsonPropertyDescription("When the pattern does not match: send the record on unchanged, or drop it. Both are counted.")
    private OnError onError = OnError.SEND;
}
