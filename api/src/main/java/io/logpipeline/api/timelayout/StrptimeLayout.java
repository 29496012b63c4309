package io.logpipeline.api.timelayout;

import java.time.Clock;

/**
 * Translates a strptime layout ({@code %Y-%m-%dT%H:%M:%S.%f%z}) into a compiled {@link TimeLayout}.
 *
 * <p>Directives: {@code %Y %y %m %d %e %j %H %I %M %S %f} (fraction digits, 1-9) {@code %L} (milliseconds)
 * {@code %b %h %B %a %A %p %z} (+hh, +hhmm, +hh:mm or Z) {@code %Z} (zone name) and the shorthands
 * {@code %D %F %T %R}; {@code %%} is a percent sign.
 */
public final class StrptimeLayout {

    private static final String DIRECTIVES = "%Y %y %m %d %e %j %H %I %M %S %f %L %b %h %B %a %A %p %z %Z %D %F %T %R %%";

    private StrptimeLayout() {
    }

    /**
     * @throws IllegalArgumentException naming the directive that is not supported
     */
    public static TimeLayout compile(String layout) {
        return compile(layout, Clock.systemUTC());
    }

    /** As {@link #compile(String)}, with the clock that supplies the year for layouts without one. */
    public static TimeLayout compile(String layout, Clock clock) {
        FormatterTimeLayout.Builder out = new FormatterTimeLayout.Builder();
        for (int i = 0; i < layout.length(); i++) {
            char c = layout.charAt(i);
            if (c != '%') {
                out.literal(c);
                continue;
            }
            if (i + 1 == layout.length()) {
                throw new IllegalArgumentException("\"" + layout + "\" ends with a lone %; write %% for a percent sign");
            }
            char directive = layout.charAt(++i);
            if (!directive(directive, out)) {
                throw new IllegalArgumentException("%" + directive + " at index " + (i - 1) + " of \"" + layout
                        + "\" is not a supported strptime directive; use " + DIRECTIVES);
            }
        }
        if (out.elements() == 0) {
            throw new IllegalArgumentException("\"" + layout + "\" holds no strptime directive; write the format with directives,"
                    + " e.g. %Y-%m-%dT%H:%M:%S%z");
        }
        return out.build(clock);
    }

    private static boolean directive(char directive, FormatterTimeLayout.Builder out) {
        switch (directive) {
            case 'Y' -> out.year4();
            case 'y' -> out.year2();
            case 'm' -> out.month(2);
            case 'd' -> out.day(2);
            case 'e' -> out.spacePaddedDay();
            case 'j' -> out.dayOfYear(3);
            case 'H' -> out.hour24(2);
            case 'I' -> out.hour12(2);
            case 'M' -> out.minute(2);
            case 'S' -> out.second(2);
            case 'f' -> out.fraction(1, 9);
            case 'L' -> out.fraction(3, 3);
            case 'b', 'h' -> out.monthName(false);
            case 'B' -> out.monthName(true);
            case 'a' -> out.weekdayName(false);
            case 'A' -> out.weekdayName(true);
            case 'p' -> out.amPm(true);
            case 'z' -> out.anyOffset();
            case 'Z' -> out.zoneName();
            case 'D' -> out.month(2).literal('/').day(2).literal('/').year2();
            case 'F' -> out.year4().literal('-').month(2).literal('-').day(2);
            case 'T' -> out.hour24(2).literal(':').minute(2).literal(':').second(2);
            case 'R' -> out.hour24(2).literal(':').minute(2);
            case '%' -> out.literal('%');
            default -> {
                return false;
            }
        }
        return true;
    }
}
