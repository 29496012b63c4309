package io.logpipeline.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import lombok.Data;

/** Where a LogBackend's records go. */
@Data
public class LogBackendSpec {

    @Required
    @JsonPropertyDescription("An OTLP/HTTP logs endpoint.")
    private OtlpSpec otlp = new OtlpSpec();
}
