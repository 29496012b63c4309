package io.logpipeline.collector.export;

import io.logpipeline.api.units.GoDuration;
import io.logpipeline.api.v1alpha1.RetrySpec;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Exponential backoff with jitter between initialInterval and maxInterval, bounded by maxElapsedTime. */
final class RetryBackoff {

    private static final double MULTIPLIER = 1.5;
    private static final double JITTER = 0.5;

    private final boolean enabled;
    private final long initialNanos;
    private final long maxNanos;
    private final long maxElapsedNanos;

    RetryBackoff(RetrySpec spec) {
        this.enabled = !Boolean.FALSE.equals(spec.getEnabled());
        this.initialNanos = GoDuration.parse(spec.getInitialInterval()).toNanos();
        this.maxNanos = Math.max(initialNanos, GoDuration.parse(spec.getMaxInterval()).toNanos());
        this.maxElapsedNanos = GoDuration.parse(spec.getMaxElapsedTime()).toNanos();
    }

    boolean enabled() {
        return enabled;
    }

    /** The retries of one batch. */
    Attempts start() {
        return new Attempts(System.nanoTime());
    }

    /** Backoff state of one batch. */
    final class Attempts {
        private final long startedNanos;
        private long intervalNanos = initialNanos;

        private Attempts(long startedNanos) {
            this.startedNanos = startedNanos;
        }

        /**
         * The wait before the next try: the server's Retry-After when it gave one, otherwise the
         * current interval ± 50 % jitter, kept
         * within [initialInterval, maxInterval]. Null means give up: the wait would end after maxElapsedTime.
         */
        Duration next(Duration retryAfter) {
            long wait;
            if (retryAfter != null) {
                wait = retryAfter.toNanos();
            } else {
                double jitter = 1 + JITTER * (2 * ThreadLocalRandom.current().nextDouble() - 1);
                wait = Math.max(initialNanos, Math.min(maxNanos, (long) (intervalNanos * jitter)));
                intervalNanos = Math.min(maxNanos, (long) (intervalNanos * MULTIPLIER));
            }
            if (maxElapsedNanos > 0 && System.nanoTime() - startedNanos + wait > maxElapsedNanos) {
                return null;
            }
            return Duration.ofNanos(wait);
        }
    }
}
