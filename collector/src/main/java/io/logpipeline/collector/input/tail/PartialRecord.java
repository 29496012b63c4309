package io.logpipeline.collector.input.tail;

import io.logpipeline.collector.input.format.Utf8Validator;

import java.util.Arrays;

/** A record being joined from CRI {@code P} lines or docker 16 KiB pieces, as bytes. */
final class PartialRecord {
    byte[] bytes = new byte[256];
    int length;
    boolean active;
    boolean truncated;
    AckWindow.Slot slot;
    long timestampNanos;
    long endOffset;
    long lastLineMillis;

    void begin(AckWindow.Slot slot, long timestampNanos) {
        this.active = true;
        this.truncated = false;
        this.length = 0;
        this.slot = slot;
        this.timestampNanos = timestampNanos;
    }

    // Appends a piece, cutting the record at maxLogSize bytes on a character boundary.
    void append(byte[] src, int from, int to, long maxLogSize) {
        int n = to - from;
        long room = maxLogSize - length;
        if (n > room) {
            truncated = true;
            n = room <= 0 ? 0 : Utf8Validator.characterBoundary(src, from, from + (int) room) - from;
        }
        if (length + n > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + n));
        }
        System.arraycopy(src, from, bytes, length, n);
        length += n;
    }
}
