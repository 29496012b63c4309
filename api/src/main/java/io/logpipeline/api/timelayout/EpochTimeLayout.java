package io.logpipeline.api.timelayout;

import java.time.format.DateTimeParseException;

/** Seconds, milliseconds, microseconds or nanoseconds since the epoch, optionally with a decimal fraction. */
final class EpochTimeLayout implements TimeLayout {

    private final long nanosPerUnit;

    private EpochTimeLayout(long nanosPerUnit) {
        this.nanosPerUnit = nanosPerUnit;
    }

    static TimeLayout compile(String layout) {
        return switch (layout) {
            case "s" -> new EpochTimeLayout(1_000_000_000L);
            case "ms" -> new EpochTimeLayout(1_000_000L);
            case "us" -> new EpochTimeLayout(1_000L);
            case "ns" -> new EpochTimeLayout(1L);
            default -> throw new IllegalArgumentException("an epoch layout is s, ms, us or ns, got \"" + layout + "\"");
        };
    }

    // Hand-written digit loop: it runs per record and must not allocate (no BigDecimal, no substring).
    @Override
    public long parseEpochNanos(CharSequence text) {
        int length = text.length();
        int i = 0;
        long whole = 0;
        while (i < length && Character.isDigit(text.charAt(i))) {
            if (whole > Long.MAX_VALUE / 10 / nanosPerUnit) {
                throw invalid(text, i, "is too large");
            }
            whole = whole * 10 + (text.charAt(i++) - '0');
        }
        if (i == 0) {
            throw invalid(text, 0, "does not start with a digit");
        }
        long nanos = whole * nanosPerUnit;
        if (i < length && text.charAt(i) == '.') {
            i++;
            long scale = nanosPerUnit / 10;
            int fractionStart = i;
            while (i < length && Character.isDigit(text.charAt(i))) {
                nanos += (text.charAt(i++) - '0') * scale;
                scale /= 10;
            }
            if (i == fractionStart) {
                throw invalid(text, i, "has no digit after the decimal point");
            }
        }
        if (i != length) {
            throw invalid(text, i, "has unexpected text");
        }
        return nanos;
    }

    private static DateTimeParseException invalid(CharSequence text, int index, String problem) {
        return new DateTimeParseException("epoch time \"" + text + "\" " + problem + " at index " + index, text, index);
    }
}
