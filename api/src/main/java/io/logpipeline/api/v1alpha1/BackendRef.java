package io.logpipeline.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import lombok.AllArgsConstructor;
import lombok.Data;
import lombok.NoArgsConstructor;

/** A reference to a LogBackend in the LogPipeline's namespace. */
@Data
@NoArgsConstructor
@AllArgsConstructor
public class BackendRef {

    @Size(max = Bounds.OBJECT_NAME)
    @Required
    @JsonPropertyDescription("Name of a LogBackend in the same namespace.")
    private String name;
}
