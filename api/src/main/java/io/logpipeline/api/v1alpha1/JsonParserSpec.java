package io.logpipeline.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Size;
import lombok.Data;

/** Parses a JSON object into attributes. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class JsonParserSpec {

    @Size(max = Bounds.ATTRIBUTE)
    @Default("body")
    @JsonPropertyDescription("Field to parse: body, or attributes.<name>.")
    private String parseFrom = "body";

    @Default("false")
    @JsonPropertyDescription("Flatten nested objects into dotted keys (a.b.c) instead of nested map attributes.")
    private Boolean flatten = false;

    @Size(max = Bounds.ATTRIBUTE)
    @JsonPropertyDescription("When set (e.g. message or msg), the body is replaced by this JSON field and the field is not kept as an attribute.")
    private String bodyField;

    @Default("send")
    @JsonPropertyDescription("When the field is not a JSON object: send the record on unchanged, or drop it. Both are counted.")
    private OnError onError = OnError.SEND;
}
