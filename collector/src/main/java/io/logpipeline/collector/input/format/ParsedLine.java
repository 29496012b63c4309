package io.logpipeline.collector.input.format;

import io.logpipeline.collector.input.FileInputSettings.Stream;

/**
 * The fields of one parsed line, filled in place by a parser and read before the next line is
 * parsed (one instance per input thread, so parsing allocates nothing).
 */
public final class ParsedLine {

    /** Epoch nanoseconds from the line's prefix; 0 when the format has none. */
    public long timestampNanos;
    /** The stream, or null when the format does not say (raw lines). */
    public Stream stream;
    /** True when the runtime split the line and more of the record follows (CRI {@code P}, docker without newline). */
    public boolean partial;
    /** The message bytes are {@code message[messageStart, messageEnd)}. */
    public byte[] message;
    public int messageStart;
    public int messageEnd;

    void set(long timestampNanos, Stream stream, boolean partial, byte[] message, int start, int end) {
        this.timestampNanos = timestampNanos;
        this.stream = stream;
        this.partial = partial;
        this.message = message;
        this.messageStart = start;
        this.messageEnd = end;
    }

    /** Fills this as a raw line: the whole line is the message. */
    public void setRaw(byte[] line, int start, int end) {
        set(0L, null, false, line, start, end);
    }
}
