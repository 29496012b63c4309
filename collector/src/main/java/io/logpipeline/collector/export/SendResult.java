package io.logpipeline.collector.export;

import java.time.Duration;

/** What became of one export request, as the OTLP/HTTP specification classifies responses. */
sealed interface SendResult {

    /** 2xx: the backend took the request; {@code rejected} records were refused in a partial success. */
    record Accepted(long rejected, String message) implements SendResult {
    }

    /** 429, 502, 503, 504 or a connection failure; {@code retryAfter} is null unless the server gave one. */
    record Retryable(String reason, Duration retryAfter) implements SendResult {
    }

    /** Any other status: retrying cannot help. {@code body} holds at most the first 512 bytes of the response. */
    record Permanent(int status, String body) implements SendResult {
    }
}
