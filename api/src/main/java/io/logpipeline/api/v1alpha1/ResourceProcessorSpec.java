package io.logpipeline.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;
import lombok.Data;

/** Actions on the resource attributes (once per container, not per record), applied in order. */
@Data
public class ResourceProcessorSpec {

    @Required
    @Size(min = 1, max = Bounds.RULES)
    @JsonPropertyDescription("Actions applied in order to the resource attributes.")
    private List<AttributeAction> attributes = new ArrayList<>();
}
