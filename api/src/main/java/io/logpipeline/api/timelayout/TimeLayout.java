package io.logpipeline.api.timelayout;

import io.logpipeline.api.v1alpha1.TimestampSpec;
import java.time.DateTimeException;

/** A timestamp layout compiled once at config load: turns a log's time text into epoch nanoseconds. */
public interface TimeLayout {

    /**
     * The instant the text names, in nanoseconds since the epoch.
     *
     * @throws DateTimeException when the text does not fit the layout or names no valid time
     */
    long parseEpochNanos(CharSequence text);

    /**
     * Compiles a layout in the notation {@code type} names.
     *
     * @throws IllegalArgumentException with a sentence that says what is wrong and how to write it
     */
    static TimeLayout compile(TimestampSpec.LayoutType type, String layout) {
        if (layout == null || layout.isEmpty()) {
            throw new IllegalArgumentException("the layout is empty");
        }
        return switch (type == null ? TimestampSpec.LayoutType.GOTIME : type) {
            case GOTIME -> GoTimeLayout.compile(layout);
            case STRPTIME -> StrptimeLayout.compile(layout);
            case EPOCH -> EpochTimeLayout.compile(layout);
        };
    }
}
