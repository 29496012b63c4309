package io.logpipeline.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lombok.Data;

/** Sets the record's severity number and text from a field. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SeverityParserSpec {

    @Size(max = Bounds.ATTRIBUTE)
    @Required
    @JsonPropertyDescription("Field holding the level, e.g. attributes.level.")
    private String parseFrom;

    @Size(max = Bounds.SMALL_LIST)
    @JsonPropertyDescription("Extra mappings from a severity (trace, debug, info, warn, error, fatal) to the values that mean it, e.g. {warn: [w, warning]}. Common spellings are built in.")
    private Map<String, List<String>> mapping = new LinkedHashMap<>();

    @Default("send")
    @JsonPropertyDescription("When the value maps to no severity: send the record on unchanged, or drop it. Both are counted.")
    private OnError onError = OnError.SEND;
}
