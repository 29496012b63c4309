package io.logpipeline.collector.input.format;

/**
 * Checks that bytes are well-formed UTF-8 (Unicode 15, table 3-7), so invalid bodies are counted
 * as parse errors instead of silently getting replacement characters.
 *
 * <p>Hand-written because it runs once per record: the JDK offers validation only through a
 * CharsetDecoder, which needs a CharBuffer per call.
 */
public final class Utf8Validator {

    private Utf8Validator() {
    }

    /** True when {@code b[start, end)} is well-formed UTF-8. */
    public static boolean isValid(byte[] b, int start, int end) {
        int p = start;
        while (p < end) {
            int c = b[p];
            if (c >= 0) {
                p++;
                continue;
            }
            c &= 0xFF;
            if (c >= 0xC2 && c <= 0xDF) {
                if (p + 1 >= end || !continuation(b[p + 1], 0x80, 0xBF)) {
                    return false;
                }
                p += 2;
            } else if (c >= 0xE0 && c <= 0xEF) {
                int low = c == 0xE0 ? 0xA0 : 0x80;
                int high = c == 0xED ? 0x9F : 0xBF;
                if (p + 2 >= end || !continuation(b[p + 1], low, high) || !continuation(b[p + 2], 0x80, 0xBF)) {
                    return false;
                }
                p += 3;
            } else if (c >= 0xF0 && c <= 0xF4) {
                int low = c == 0xF0 ? 0x90 : 0x80;
                int high = c == 0xF4 ? 0x8F : 0xBF;
                if (p + 3 >= end || !continuation(b[p + 1], low, high)
                        || !continuation(b[p + 2], 0x80, 0xBF) || !continuation(b[p + 3], 0x80, 0xBF)) {
                    return false;
                }
                p += 4;
            } else {
                return false;
            }
        }
        return true;
    }

    /** The largest cut point at or before {@code cut} that does not split a multi-byte character. */
    public static int characterBoundary(byte[] b, int start, int cut) {
        int p = cut;
        while (p > start && (b[p] & 0xC0) == 0x80) {
            p--;
        }
        return p;
    }

    private static boolean continuation(byte value, int low, int high) {
        int v = value & 0xFF;
        return v >= low && v <= high;
    }
}
