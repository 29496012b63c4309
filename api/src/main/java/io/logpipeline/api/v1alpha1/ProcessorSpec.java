package io.logpipeline.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;
import lombok.Data;

/** One processor step: exactly one of attributes, resource or filter. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "[has(self.attributes), has(self.resource), has(self.filter)].filter(x, x).size() == 1",
        message = "set exactly one of attributes, resource or filter")
public class ProcessorSpec {

    @JsonPropertyDescription("Edits record attributes (the attributes processor).")
    private AttributesProcessorSpec attributes;

    @JsonPropertyDescription("Edits resource attributes (the resource processor).")
    private ResourceProcessorSpec resource;

    @JsonPropertyDescription("Drops records that match any rule.")
    private FilterProcessorSpec filter;
}
