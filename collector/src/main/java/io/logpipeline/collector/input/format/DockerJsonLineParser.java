package io.logpipeline.collector.input.format;

import io.logpipeline.collector.input.FileInputSettings.Stream;

import java.util.Arrays;

/**
 * Parses docker's json-file lines: {@code {"log":"…\n","stream":"stdout","time":"…"}}, fields in
 * any order, other fields skipped. A {@code log} value without a trailing newline is a piece of a
 * line docker split at 16 KiB, so the line is marked partial.
 *
 * <p>Hand-written scanner because it runs once per line; the unescaped message goes into a buffer
 * owned by this parser, so one parser serves one thread and its output is read before the next call.
 */
public final class DockerJsonLineParser {

    private static final byte[] LOG = {'l', 'o', 'g'};
    private static final byte[] STREAM = {'s', 't', 'r', 'e', 'a', 'm'};
    private static final byte[] TIME = {'t', 'i', 'm', 'e'};

    private final Rfc3339NanoParser timestamps = new Rfc3339NanoParser();
    private byte[] message = new byte[4096];
    private int messageLength;

    /** Parses {@code b[start, end)} (without the newline) into {@code out}; false when it is not a docker line. */
    public boolean parse(byte[] b, int start, int end, ParsedLine out) {
        int p = skipWhitespace(b, start, end);
        if (p >= end || b[p] != '{') {
            return false;
        }
        p++;
        boolean haveLog = false;
        Stream stream = null;
        long timestamp = Rfc3339NanoParser.INVALID;
        while (true) {
            p = skipWhitespace(b, p, end);
            if (p >= end) {
                return false;
            }
            if (b[p] == '}') {
                p++;
                break;
            }
            if (b[p] != '"') {
                return false;
            }
            int keyStart = p + 1;
            int keyEnd = skipString(b, p, end) - 1;
            if (keyEnd < keyStart) {
                return false;
            }
            p = skipWhitespace(b, keyEnd + 1, end);
            if (p >= end || b[p] != ':') {
                return false;
            }
            p = skipWhitespace(b, p + 1, end);
            if (p >= end) {
                return false;
            }
            if (equals(b, keyStart, keyEnd, LOG)) {
                if (b[p] != '"') {
                    return false;
                }
                p = unescape(b, p + 1, end);
                haveLog = true;
            } else if (equals(b, keyStart, keyEnd, STREAM)) {
                int valueEnd = skipString(b, p, end) - 1;
                if (valueEnd < 0) {
                    return false;
                }
                stream = streamOf(b, p + 1, valueEnd);
                p = valueEnd + 1;
            } else if (equals(b, keyStart, keyEnd, TIME)) {
                int valueEnd = skipString(b, p, end) - 1;
                if (valueEnd < 0) {
                    return false;
                }
                timestamp = timestamps.parse(b, p + 1, valueEnd);
                p = valueEnd + 1;
            } else {
                p = skipValue(b, p, end);
            }
            if (p < 0) {
                return false;
            }
            p = skipWhitespace(b, p, end);
            if (p < end && b[p] == ',') {
                p++;
            } else if (p >= end || b[p] != '}') {
                return false;
            }
        }
        if (skipWhitespace(b, p, end) != end || !haveLog || stream == null
                || timestamp == Rfc3339NanoParser.INVALID) {
            return false;
        }
        boolean partial = messageLength == 0 || message[messageLength - 1] != '\n';
        out.set(timestamp, stream, partial, message, 0, partial ? messageLength : messageLength - 1);
        return true;
    }

    private static Stream streamOf(byte[] b, int start, int end) {
        if (end - start != 6) {
            return null;
        }
        if (b[start] == 's' && b[start + 1] == 't' && b[start + 2] == 'd') {
            if (b[start + 3] == 'o' && b[start + 4] == 'u' && b[start + 5] == 't') {
                return Stream.STDOUT;
            }
            if (b[start + 3] == 'e' && b[start + 4] == 'r' && b[start + 5] == 'r') {
                return Stream.STDERR;
            }
        }
        return null;
    }

    // Unescapes the JSON string starting after its opening quote into `message`; returns the index
    // after the closing quote, or -1 when the string is malformed.
    private int unescape(byte[] b, int p, int end) {
        messageLength = 0;
        while (p < end) {
            int runStart = p;
            while (p < end && b[p] != '"' && b[p] != '\\' && (b[p] & 0xFF) >= 0x20) {
                p++;
            }
            append(b, runStart, p - runStart);
            if (p >= end) {
                return -1;
            }
            byte c = b[p];
            if (c == '"') {
                return p + 1;
            }
            if (c != '\\' || p + 1 >= end) {
                return -1;
            }
            byte escaped = b[p + 1];
            p += 2;
            switch (escaped) {
                case '"', '\\', '/' -> appendByte(escaped);
                case 'n' -> appendByte((byte) '\n');
                case 't' -> appendByte((byte) '\t');
                case 'r' -> appendByte((byte) '\r');
                case 'b' -> appendByte((byte) '\b');
                case 'f' -> appendByte((byte) '\f');
                case 'u' -> {
                    int unit = hex4(b, p, end);
                    if (unit < 0) {
                        return -1;
                    }
                    p += 4;
                    int codePoint = unit;
                    if (Character.isHighSurrogate((char) unit) && p + 6 <= end && b[p] == '\\' && b[p + 1] == 'u') {
                        int low = hex4(b, p + 2, end);
                        if (low >= 0 && Character.isLowSurrogate((char) low)) {
                            codePoint = Character.toCodePoint((char) unit, (char) low);
                            p += 6;
                        }
                    }
                    if (Character.isSurrogate((char) codePoint) && codePoint <= 0xFFFF) {
                        codePoint = 0xFFFD;
                    }
                    appendCodePoint(codePoint);
                }
                default -> {
                    return -1;
                }
            }
        }
        return -1;
    }

    private void appendCodePoint(int cp) {
        if (cp < 0x80) {
            appendByte((byte) cp);
        } else if (cp < 0x800) {
            appendByte((byte) (0xC0 | (cp >> 6)));
            appendByte((byte) (0x80 | (cp & 0x3F)));
        } else if (cp < 0x10000) {
            appendByte((byte) (0xE0 | (cp >> 12)));
            appendByte((byte) (0x80 | ((cp >> 6) & 0x3F)));
            appendByte((byte) (0x80 | (cp & 0x3F)));
        } else {
            appendByte((byte) (0xF0 | (cp >> 18)));
            appendByte((byte) (0x80 | ((cp >> 12) & 0x3F)));
            appendByte((byte) (0x80 | ((cp >> 6) & 0x3F)));
            appendByte((byte) (0x80 | (cp & 0x3F)));
        }
    }

    private void append(byte[] src, int from, int length) {
        ensure(length);
        System.arraycopy(src, from, message, messageLength, length);
        messageLength += length;
    }

    private void appendByte(byte value) {
        ensure(1);
        message[messageLength++] = value;
    }

    private void ensure(int more) {
        if (messageLength + more > message.length) {
            message = Arrays.copyOf(message, Math.max(message.length * 2, messageLength + more));
        }
    }

    private static int hex4(byte[] b, int p, int end) {
        if (p + 4 > end) {
            return -1;
        }
        int value = 0;
        for (int i = 0; i < 4; i++) {
            int d = Character.digit(b[p + i], 16);
            if (d < 0) {
                return -1;
            }
            value = value << 4 | d;
        }
        return value;
    }

    private static boolean equals(byte[] b, int start, int end, byte[] expected) {
        return Arrays.equals(b, start, end, expected, 0, expected.length);
    }

    private static int skipWhitespace(byte[] b, int p, int end) {
        while (p < end && (b[p] == ' ' || b[p] == '\t' || b[p] == '\r')) {
            p++;
        }
        return p;
    }

    // Index after the closing quote of the string that opens at p, or -1.
    private static int skipString(byte[] b, int p, int end) {
        if (p >= end || b[p] != '"') {
            return -1;
        }
        for (int i = p + 1; i < end; i++) {
            if (b[i] == '\\') {
                i++;
            } else if (b[i] == '"') {
                return i + 1;
            }
        }
        return -1;
    }

    // Index after any JSON value starting at p (strings, nested objects/arrays, literals), or -1.
    private static int skipValue(byte[] b, int p, int end) {
        int depth = 0;
        while (p < end) {
            byte c = b[p];
            if (c == '"') {
                p = skipString(b, p, end);
                if (p < 0) {
                    return -1;
                }
                if (depth == 0) {
                    return p;
                }
                continue;
            }
            if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                if (depth == 0) {
                    return p;
                }
                depth--;
                if (depth == 0) {
                    return p + 1;
                }
            } else if (c == ',' && depth == 0) {
                return p;
            }
            p++;
        }
        return depth == 0 ? p : -1;
    }
}
