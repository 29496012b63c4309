package io.logpipeline.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import lombok.AllArgsConstructor;
import lombok.Data;
import lombok.NoArgsConstructor;

/** A key of a Secret or ConfigMap in the same namespace. */
@Data
@NoArgsConstructor
@AllArgsConstructor
public class KeyRef {

    @Size(max = Bounds.OBJECT_NAME)
    @Required
    @JsonPropertyDescription("Name of the Secret or ConfigMap, in the same namespace.")
    private String name;

    @Size(max = Bounds.OBJECT_NAME)
    @Required
    @JsonPropertyDescription("Key within it.")
    private String key;
}
