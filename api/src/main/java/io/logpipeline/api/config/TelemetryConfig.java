package io.logpipeline.api.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.logpipeline.api.v1alpha1.CollectorSpec;
import lombok.Data;

/** The collector's own HTTP endpoint (metrics, health, live tail) and logging. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TelemetryConfig {

    public static final int DEFAULT_PORT = 12345;

    private int port = DEFAULT_PORT;

    private CollectorSpec.LogLevel logLevel = CollectorSpec.LogLevel.INFO;

    /** Serve {@code /debug/tail}. */
    private boolean debugTail;
}
