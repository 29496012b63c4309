package io.logpipeline.api.units;

import java.math.BigDecimal;
import java.time.Duration;

/** Parses durations written the Go / Kubernetes way: {@code 5s}, {@code 1m30s}, {@code 250ms}, {@code 1.5h}. */
public final class GoDuration {

    /** Schema pattern for duration fields; {@link #parse} accepts exactly these strings. */
    public static final String PATTERN = "^(0|([0-9]+(\\.[0-9]+)?(ns|us|µs|ms|s|m|h))+)$";

    private GoDuration() {
    }

    /**
     * Parses a Go duration string.
     *
     * @throws IllegalArgumentException with a message that shows the accepted form
     */
    public static Duration parse(String text) {
        if (text == null || text.isEmpty()) {
            throw invalid(text);
        }
        if (text.equals("0")) {
            return Duration.ZERO;
        }
        BigDecimal totalNanos = BigDecimal.ZERO;
        int i = 0;
        while (i < text.length()) {
            int numberStart = i;
            while (i < text.length() && (Character.isDigit(text.charAt(i)) || text.charAt(i) == '.')) {
                i++;
            }
            int unitStart = i;
            while (i < text.length() && !Character.isDigit(text.charAt(i))) {
                i++;
            }
            if (numberStart == unitStart || unitStart == i) {
                throw invalid(text);
            }
            BigDecimal number;
            try {
                number = new BigDecimal(text.substring(numberStart, unitStart));
            } catch (NumberFormatException e) {
                throw invalid(text);
            }
            totalNanos = totalNanos.add(number.multiply(BigDecimal.valueOf(nanosPerUnit(text.substring(unitStart, i), text))));
        }
        return Duration.ofNanos(totalNanos.longValueExact());
    }

    /** Formats a duration the Go way, e.g. {@code 1m30s}; the inverse of {@link #parse} for whole units. */
    public static String format(Duration duration) {
        if (duration.isZero()) {
            return "0s";
        }
        StringBuilder out = new StringBuilder();
        long hours = duration.toHours();
        int minutes = duration.toMinutesPart();
        int seconds = duration.toSecondsPart();
        int millis = duration.toMillisPart();
        if (hours > 0) {
            out.append(hours).append('h');
        }
        if (minutes > 0) {
            out.append(minutes).append('m');
        }
        if (seconds > 0) {
            out.append(seconds).append('s');
        }
        if (millis > 0) {
            out.append(millis).append("ms");
        }
        return out.length() == 0 ? duration.toNanos() + "ns" : out.toString();
    }

    private static long nanosPerUnit(String unit, String text) {
        return switch (unit) {
            case "ns" -> 1L;
            case "us", "µs" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            case "h" -> 3_600_000_000_000L;
            default -> throw invalid(text);
        };
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("\"" + text + "\" is not a duration; write it like 500ms, 5s, 1m30s or 2h");
    }
}
