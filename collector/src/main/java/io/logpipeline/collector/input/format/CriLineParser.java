package io.logpipeline.collector.input.format;

import io.logpipeline.collector.input.FileInputSettings.Stream;

/** Parses the CRI log format: {@code <RFC3339Nano> <stdout|stderr> <P|F>[:tags] <message>}; one instance per thread. */
public final class CriLineParser {

    private static final int NANO_TIMESTAMP_LENGTH = "2006-01-02T15:04:05.999999999Z".length();

    private final Rfc3339NanoParser timestamps = new Rfc3339NanoParser();

    /** Parses {@code b[start, end)} (without the newline) into {@code out}; false when it is not a CRI line. */
    public boolean parse(byte[] b, int start, int end, ParsedLine out) {
        // containerd and CRI-O write 9 fraction digits and 'Z': look there before scanning.
        int space = start + NANO_TIMESTAMP_LENGTH < end && b[start + NANO_TIMESTAMP_LENGTH] == ' '
                ? start + NANO_TIMESTAMP_LENGTH : indexOf(b, start, end, (byte) ' ');
        if (space < 0) {
            return false;
        }
        long timestamp = timestamps.parse(b, start, space);
        if (timestamp == Rfc3339NanoParser.INVALID) {
            return false;
        }
        int p = space + 1;
        if (end - p < 8 || b[p + 6] != ' ' || b[p] != 's' || b[p + 1] != 't' || b[p + 2] != 'd') {
            return false;
        }
        Stream stream;
        if (b[p + 3] == 'o' && b[p + 4] == 'u' && b[p + 5] == 't') {
            stream = Stream.STDOUT;
        } else if (b[p + 3] == 'e' && b[p + 4] == 'r' && b[p + 5] == 'r') {
            stream = Stream.STDERR;
        } else {
            return false;
        }
        p += 7;
        byte tag = b[p];
        if (tag != 'P' && tag != 'F') {
            return false;
        }
        // Tags are a ':'-separated list; the first one says whether the line is partial.
        int tagEnd = p + 1;
        if (tagEnd < end && b[tagEnd] == ':') {
            tagEnd = indexOf(b, tagEnd, end, (byte) ' ');
            if (tagEnd < 0) {
                tagEnd = end;
            }
        } else if (tagEnd < end && b[tagEnd] != ' ') {
            return false;
        }
        int messageStart = Math.min(tagEnd + 1, end);
        out.set(timestamp, stream, tag == 'P', b, messageStart, end);
        return true;
    }

    private static int indexOf(byte[] b, int from, int to, byte value) {
        for (int i = from; i < to; i++) {
            if (b[i] == value) {
                return i;
            }
        }
        return -1;
    }
}
