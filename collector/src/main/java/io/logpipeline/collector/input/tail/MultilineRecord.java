package io.logpipeline.collector.input.tail;

/** A multiline record: its first line and the continuation lines joined with newlines. */
final class MultilineRecord {
    final StringBuilder body = new StringBuilder();
    boolean active;
    boolean truncated;
    int lines;
    AckWindow.Slot slot;
    long timestampNanos;
    long endOffset;
    long lastLineMillis;

    void begin(String firstLine, boolean firstLineTruncated, long timestampNanos, AckWindow.Slot slot, long endOffset,
               long nowMillis) {
        this.active = true;
        this.truncated = firstLineTruncated;
        this.body.setLength(0);
        this.body.append(firstLine);
        this.lines = 1;
        this.timestampNanos = timestampNanos;
        this.slot = slot;
        this.endOffset = endOffset;
        this.lastLineMillis = nowMillis;
    }

    // Appends a continuation line, cutting the record at maxLogSize (counted in UTF-16 units
    // here, since the lines are decoded already).
    void append(String line, boolean lineTruncated, long maxLogSize) {
        lines++;
        if (truncated) {
            return;
        }
        truncated = lineTruncated;
        long room = maxLogSize - body.length() - 1;
        if (line.length() <= room) {
            body.append('\n').append(line);
            return;
        }
        truncated = true;
        if (room > 0) {
            int cut = (int) room;
            if (Character.isHighSurrogate(line.charAt(cut - 1))) {
                cut--;
            }
            body.append('\n').append(line, 0, cut);
        }
    }
}
