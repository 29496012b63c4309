package io.logpipeline.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The node agent's log levels, as the chart value {@code collector.logLevel} and the agent's {@code --log-level} spell
 * them. (What was LogPipeline's {@code spec.collector} is gone: the agent's settings are chart values.)
 */
public final class CollectorSpec {

    private CollectorSpec() {
    }

    /** Collector log levels. */
    public enum LogLevel {
        @JsonProperty("debug") DEBUG,
        @JsonProperty("info") INFO,
        @JsonProperty("warn") WARN,
        @JsonProperty("error") ERROR
    }
}
