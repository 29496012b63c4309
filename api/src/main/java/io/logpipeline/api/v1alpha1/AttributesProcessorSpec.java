package io.logpipeline.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;
import lombok.Data;

/** Actions on each record's attributes, applied in order. */
@Data
public class AttributesProcessorSpec {

    @Required
    @Size(min = 1, max = Bounds.RULES)
    @JsonPropertyDescription("Actions applied in order.")
    private List<AttributeAction> actions = new ArrayList<>();
}
