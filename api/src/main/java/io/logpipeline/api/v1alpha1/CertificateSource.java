package io.logpipeline.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;
import lombok.AllArgsConstructor;
import lombok.Data;
import lombok.NoArgsConstructor;

/** PEM material from a Secret key or a ConfigMap key. */
@Data
@NoArgsConstructor
@AllArgsConstructor
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "has(self.secretKeyRef) != has(self.configMapKeyRef)",
        message = "set exactly one of secretKeyRef or configMapKeyRef")
public class CertificateSource {

    @JsonPropertyDescription("Secret key holding the PEM data.")
    private KeyRef secretKeyRef;

    @JsonPropertyDescription("ConfigMap key holding the PEM data (not for private keys).")
    private KeyRef configMapKeyRef;
}
