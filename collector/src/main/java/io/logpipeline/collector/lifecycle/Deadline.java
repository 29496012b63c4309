package io.logpipeline.collector.lifecycle;

import java.time.Duration;

/**
 * A point in {@link System#nanoTime()} by which a stop must be done. One deadline is handed down the whole
 * stop, so the parts share the grace period rather than each taking all of it.
 *
 * @param nanoTime the {@link System#nanoTime()} value at which time is up
 */
public record Deadline(long nanoTime) {

    /** The deadline {@code grace} from now. */
    public static Deadline after(Duration grace) {
        return new Deadline(System.nanoTime() + grace.toNanos());
    }

    /** A deadline that has passed already: stop without waiting. */
    public static Deadline now() {
        return new Deadline(System.nanoTime());
    }

    /** Nanoseconds left, 0 once the deadline has passed. */
    public long nanosLeft() {
        return Math.max(0, nanoTime - System.nanoTime());
    }

    /** The time left, zero once the deadline has passed. */
    public Duration remaining() {
        return Duration.ofNanos(nanosLeft());
    }
}
