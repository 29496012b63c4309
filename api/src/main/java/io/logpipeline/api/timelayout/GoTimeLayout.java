package io.logpipeline.api.timelayout;

import java.time.Clock;

/**
 * Translates a Go reference-time layout ({@code 2006-01-02T15:04:05.999999999Z07:00}) into a compiled
 * {@link TimeLayout}, element for element as Go's {@code time.Parse} reads it.
 *
 * <p>One difference from Go: a zone abbreviation ({@code MST}) resolves through Java's zone-name table
 * (PST is America/Los_Angeles), where Go would give any abbreviation but the machine's own a zero offset.
 */
public final class GoTimeLayout {

    /** Go's time.RFC3339 and time.RFC3339Nano: parsed by {@link Rfc3339TimeLayout}. */
    private static final java.util.Set<String> RFC3339_LAYOUTS = java.util.Set.of(
            "2006-01-02T15:04:05Z07:00", "2006-01-02T15:04:05.999999999Z07:00");

    private GoTimeLayout() {
    }

    /**
     * @throws IllegalArgumentException when the layout holds no element of Go's reference time
     */
    public static TimeLayout compile(String layout) {
        return compile(layout, Clock.systemUTC());
    }

    /** As {@link #compile(String)}, with the clock that supplies the year for layouts without one. */
    public static TimeLayout compile(String layout, Clock clock) {
        if (layout.indexOf('%') >= 0) {
            throw new IllegalArgumentException("\"" + layout + "\" looks like a strptime layout; set layoutType: strptime,"
                    + " or write Go's reference time, e.g. 2006-01-02T15:04:05Z07:00");
        }
        FormatterTimeLayout.Builder out = new FormatterTimeLayout.Builder();
        int i = 0;
        while (i < layout.length()) {
            int consumed = element(layout, i, out);
            if (consumed == 0) {
                out.literal(layout.charAt(i));
                consumed = 1;
            }
            i += consumed;
        }
        if (out.elements() == 0) {
            throw new IllegalArgumentException("\"" + layout + "\" holds no element of Go's reference time"
                    + " Mon Jan 2 15:04:05 MST 2006; write the reference time in your format, e.g. 2006-01-02T15:04:05Z07:00");
        }
        TimeLayout general = out.build(clock);
        return RFC3339_LAYOUTS.contains(layout) ? new Rfc3339TimeLayout(general) : general;
    }

    /** Appends the element that starts at {@code i}, in the order Go's layout scanner tries them; returns its length or 0. */
    private static int element(String layout, int i, FormatterTimeLayout.Builder out) {
        switch (layout.charAt(i)) {
            case 'J':
                if (layout.startsWith("January", i)) {
                    out.monthName(true);
                    return 7;
                }
                if (layout.startsWith("Jan", i)) {
                    out.monthName(false);
                    return 3;
                }
                return 0;
            case 'M':
                if (layout.startsWith("Monday", i)) {
                    out.weekdayName(true);
                    return 6;
                }
                if (layout.startsWith("Mon", i)) {
                    out.weekdayName(false);
                    return 3;
                }
                if (layout.startsWith("MST", i)) {
                    out.zoneName();
                    return 3;
                }
                return 0;
            case '0':
                if (i + 1 < layout.length() && layout.charAt(i + 1) >= '1' && layout.charAt(i + 1) <= '6') {
                    switch (layout.charAt(i + 1)) {
                        case '1' -> out.month(2);
                        case '2' -> out.day(2);
                        case '3' -> out.hour12(2);
                        case '4' -> out.minute(2);
                        case '5' -> seconds(layout, i + 2, out, 2);
                        default -> out.year2();
                    }
                    return 2;
                }
                if (layout.startsWith("002", i)) {
                    out.dayOfYear(3);
                    return 3;
                }
                return 0;
            case '1':
                if (layout.startsWith("15", i)) {
                    out.hour24(1);
                    return 2;
                }
                out.month(1);
                return 1;
            case '2':
                if (layout.startsWith("2006", i)) {
                    out.year4();
                    return 4;
                }
                out.day(1);
                return 1;
            case '_':
                if (layout.startsWith("_2006", i)) {
                    out.literal('_').year4();
                    return 5;
                }
                if (layout.startsWith("__2", i)) {
                    out.spacePaddedDayOfYear();
                    return 3;
                }
                if (layout.startsWith("_2", i)) {
                    out.spacePaddedDay();
                    return 2;
                }
                return 0;
            case '3':
                out.hour12(1);
                return 1;
            case '4':
                out.minute(1);
                return 1;
            case '5':
                seconds(layout, i + 1, out, 1);
                return 1;
            case 'P':
                if (layout.startsWith("PM", i)) {
                    out.amPm(true);
                    return 2;
                }
                return 0;
            case 'p':
                if (layout.startsWith("pm", i)) {
                    out.amPm(false);
                    return 2;
                }
                return 0;
            case '-':
                return offset(layout, i, out, "-");
            case 'Z':
                return offset(layout, i, out, "Z");
            case '.', ',':
                int digits = fractionDigits(layout, i);
                if (digits == 0) {
                    return 0;
                }
                // 0s ask for exactly that many digits; 9s for any number, or none at all (with the separator)
                if (layout.charAt(i + 1) == '0') {
                    out.literal(layout.charAt(i)).fraction(digits, digits);
                } else {
                    out.optionalFraction(layout.charAt(i));
                }
                return digits + 1;
            default:
                return 0;
        }
    }

    /** Seconds; Go also accepts a fraction right after them when the layout does not write one. */
    private static void seconds(String layout, int next, FormatterTimeLayout.Builder out, int minDigits) {
        out.second(minDigits);
        if (fractionDigits(layout, next) == 0) {
            out.optionalFraction('.');
        }
    }

    /** Length of the 0s or 9s run of a fractional-second element at {@code i}, or 0 when there is none. */
    private static int fractionDigits(String layout, int i) {
        if (i + 1 >= layout.length() || layout.charAt(i) != '.' && layout.charAt(i) != ',') {
            return 0;
        }
        char digit = layout.charAt(i + 1);
        if (digit != '0' && digit != '9') {
            return 0;
        }
        int j = i + 1;
        while (j < layout.length() && layout.charAt(j) == digit) {
            j++;
        }
        if (j < layout.length() && Character.isDigit(layout.charAt(j))) {
            return 0;
        }
        return j - i - 1;
    }

    /** Z07:00 and friends write UTC as Z; -07:00 and friends always write digits. */
    private static int offset(String layout, int i, FormatterTimeLayout.Builder out, String prefix) {
        String[][] forms = {
            {prefix + "07:00:00", "+HH:MM:SS"}, {prefix + "070000", "+HHMMSS"}, {prefix + "07:00", "+HH:MM"},
            {prefix + "0700", "+HHMM"}, {prefix + "07", "+HH"}};
        for (String[] form : forms) {
            if (layout.startsWith(form[0], i)) {
                String utc = prefix.equals("Z") ? "Z" : "+" + form[0].substring(1).replace('7', '0');
                out.offset(form[1], utc);
                return form[0].length();
            }
        }
        return 0;
    }
}
