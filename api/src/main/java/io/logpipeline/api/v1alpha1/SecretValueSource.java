package io.logpipeline.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import lombok.AllArgsConstructor;
import lombok.Data;
import lombok.NoArgsConstructor;

/** A value read from a Secret. */
@Data
@NoArgsConstructor
@AllArgsConstructor
public class SecretValueSource {

    @Required
    @JsonPropertyDescription("The Secret key holding the value.")
    private KeyRef secretKeyRef;
}
