package io.logpipeline.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;
import lombok.Data;

/** Drops every record that matches at least one rule. */
@Data
public class FilterProcessorSpec {

    @Required
    @Size(min = 1, max = Bounds.RULES)
    @JsonPropertyDescription("A record is dropped when it matches any rule; a rule matches when all of the conditions it sets hold.")
    private List<DropRule> drop = new ArrayList<>();
}
