package io.logpipeline.api.timelayout;

import static java.time.temporal.ChronoField.AMPM_OF_DAY;
import static java.time.temporal.ChronoField.CLOCK_HOUR_OF_AMPM;
import static java.time.temporal.ChronoField.DAY_OF_MONTH;
import static java.time.temporal.ChronoField.DAY_OF_WEEK;
import static java.time.temporal.ChronoField.DAY_OF_YEAR;
import static java.time.temporal.ChronoField.HOUR_OF_DAY;
import static java.time.temporal.ChronoField.MINUTE_OF_HOUR;
import static java.time.temporal.ChronoField.MONTH_OF_YEAR;
import static java.time.temporal.ChronoField.NANO_OF_SECOND;
import static java.time.temporal.ChronoField.OFFSET_SECONDS;
import static java.time.temporal.ChronoField.SECOND_OF_MINUTE;
import static java.time.temporal.ChronoField.YEAR;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.format.SignStyle;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalQueries;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A layout compiled into a {@link DateTimeFormatter}, the target of both the Go and the strptime
 * translators. Fields the layout leaves out take the values Go gives them: the current year when
 * there is no year (as the OpenTelemetry Collector does), January 1st, midnight, and UTC.
 */
final class FormatterTimeLayout implements TimeLayout {

    private static final String[] MONTHS = {"January", "February", "March", "April", "May", "June", "July",
        "August", "September", "October", "November", "December"};
    private static final String[] WEEKDAYS = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};

    /** Epoch seconds whose nanoseconds still fit a long (about 1677-09-21 to 2262-04-11). */
    private static final long MIN_EPOCH_SECOND = Long.MIN_VALUE / 1_000_000_000L + 1;
    private static final long MAX_EPOCH_SECOND = Long.MAX_VALUE / 1_000_000_000L - 1;

    private final DateTimeFormatter formatter;
    private final Clock clock;

    private FormatterTimeLayout(DateTimeFormatter formatter, Clock clock) {
        this.formatter = formatter;
        this.clock = clock;
    }

    @Override
    public long parseEpochNanos(CharSequence text) {
        TemporalAccessor parsed = formatter.parse(text);
        int year = parsed.isSupported(YEAR) ? parsed.get(YEAR) : LocalDate.now(clock).getYear();
        LocalDate date;
        if (parsed.isSupported(MONTH_OF_YEAR) || parsed.isSupported(DAY_OF_MONTH)) {
            date = LocalDate.of(year, valueOr(parsed, MONTH_OF_YEAR, 1), valueOr(parsed, DAY_OF_MONTH, 1));
        } else if (parsed.isSupported(DAY_OF_YEAR)) {
            date = LocalDate.ofYearDay(year, parsed.get(DAY_OF_YEAR));
        } else {
            date = LocalDate.of(year, 1, 1);
        }
        int hour;
        if (parsed.isSupported(HOUR_OF_DAY)) {
            hour = parsed.get(HOUR_OF_DAY);
        } else if (parsed.isSupported(CLOCK_HOUR_OF_AMPM)) {
            hour = parsed.get(CLOCK_HOUR_OF_AMPM) % 12 + 12 * valueOr(parsed, AMPM_OF_DAY, 0);
        } else {
            hour = 0;
        }
        LocalTime time = LocalTime.of(hour, valueOr(parsed, MINUTE_OF_HOUR, 0), valueOr(parsed, SECOND_OF_MINUTE, 0),
                valueOr(parsed, NANO_OF_SECOND, 0));
        int offsetSeconds;
        if (parsed.isSupported(OFFSET_SECONDS)) {
            offsetSeconds = parsed.get(OFFSET_SECONDS);
        } else {
            ZoneId zone = parsed.query(TemporalQueries.zone());
            offsetSeconds = zone == null ? 0 : zone.getRules().getOffset(LocalDateTime.of(date, time)).getTotalSeconds();
        }
        long epochSecond = date.toEpochDay() * 86_400L + time.toSecondOfDay() - offsetSeconds;
        if (epochSecond < MIN_EPOCH_SECOND || epochSecond > MAX_EPOCH_SECOND) {
            throw new DateTimeException("\"" + text + "\" is outside the years 1678-2261 that nanosecond timestamps can hold");
        }
        return epochSecond * 1_000_000_000L + time.getNano();
    }

    private static int valueOr(TemporalAccessor parsed, java.time.temporal.ChronoField field, int absent) {
        return parsed.isSupported(field) ? parsed.get(field) : absent;
    }

    /** Builds the formatter element by element; the translators call one method per directive. */
    static final class Builder {

        private final DateTimeFormatterBuilder builder = new DateTimeFormatterBuilder().parseCaseInsensitive();
        private int elements;

        Builder year4() {
            return number(YEAR, 4, 4);
        }

        /** Two-digit year: 69-99 are 19xx, 00-68 are 20xx, as in Go and POSIX. */
        Builder year2() {
            builder.appendValueReduced(YEAR, 2, 2, LocalDate.of(1969, 1, 1));
            elements++;
            return this;
        }

        Builder month(int minDigits) {
            return number(MONTH_OF_YEAR, minDigits, 2);
        }

        Builder monthName(boolean full) {
            return text(MONTH_OF_YEAR, MONTHS, 1, full);
        }

        Builder weekdayName(boolean full) {
            return text(DAY_OF_WEEK, WEEKDAYS, 1, full);
        }

        Builder day(int minDigits) {
            return number(DAY_OF_MONTH, minDigits, 2);
        }

        Builder spacePaddedDay() {
            builder.padNext(2, ' ');
            return number(DAY_OF_MONTH, 1, 2);
        }

        Builder dayOfYear(int minDigits) {
            return number(DAY_OF_YEAR, minDigits, 3);
        }

        Builder spacePaddedDayOfYear() {
            builder.padNext(3, ' ');
            return number(DAY_OF_YEAR, 1, 3);
        }

        Builder hour24(int minDigits) {
            return number(HOUR_OF_DAY, minDigits, 2);
        }

        Builder hour12(int minDigits) {
            return number(CLOCK_HOUR_OF_AMPM, minDigits, 2);
        }

        Builder minute(int minDigits) {
            return number(MINUTE_OF_HOUR, minDigits, 2);
        }

        Builder second(int minDigits) {
            return number(SECOND_OF_MINUTE, minDigits, 2);
        }

        /** Fraction digits after a separator the layout writes itself. */
        Builder fraction(int minDigits, int maxDigits) {
            builder.appendFraction(NANO_OF_SECOND, minDigits, maxDigits, false);
            elements++;
            return this;
        }

        /** An optional {@code .digits} fraction (Go accepts one after the seconds even when the layout has none). */
        Builder optionalFraction(char separator) {
            builder.optionalStart().appendLiteral(separator).appendFraction(NANO_OF_SECOND, 1, 9, false).optionalEnd();
            return this;
        }

        Builder amPm(boolean upper) {
            builder.appendText(AMPM_OF_DAY, Map.of(0L, upper ? "AM" : "am", 1L, upper ? "PM" : "pm"));
            elements++;
            return this;
        }

        /** A zone abbreviation or id such as UTC, GMT, CET or Europe/Paris. */
        Builder zoneName() {
            builder.appendZoneText(java.time.format.TextStyle.SHORT);
            elements++;
            return this;
        }

        /** A numeric offset in the {@link DateTimeFormatterBuilder#appendOffset} pattern, or {@code noOffsetText} for UTC. */
        Builder offset(String pattern, String noOffsetText) {
            builder.appendOffset(pattern, noOffsetText);
            elements++;
            return this;
        }

        /** An offset written +hh, +hhmm or +hh:mm, or Z. */
        Builder anyOffset() {
            builder.parseLenient().appendOffset("+HH", "Z").parseStrict();
            elements++;
            return this;
        }

        Builder literal(char c) {
            builder.appendLiteral(c);
            return this;
        }

        /** How many date or time elements the layout holds. */
        int elements() {
            return elements;
        }

        TimeLayout build(Clock clock) {
            DateTimeFormatter formatter = builder.toFormatter(Locale.ENGLISH)
                    .withResolverStyle(ResolverStyle.STRICT)
                    // the weekday is not among these fields: like Go, it is checked for syntax but otherwise ignored
                    .withResolverFields(YEAR, MONTH_OF_YEAR, DAY_OF_MONTH, DAY_OF_YEAR, HOUR_OF_DAY, CLOCK_HOUR_OF_AMPM,
                            AMPM_OF_DAY, MINUTE_OF_HOUR, SECOND_OF_MINUTE, NANO_OF_SECOND, OFFSET_SECONDS);
            return new FormatterTimeLayout(formatter, clock);
        }

        private Builder number(java.time.temporal.ChronoField field, int minDigits, int maxDigits) {
            if (minDigits == maxDigits) {
                builder.appendValue(field, minDigits);
            } else {
                builder.appendValue(field, minDigits, maxDigits, SignStyle.NOT_NEGATIVE);
            }
            elements++;
            return this;
        }

        private Builder text(java.time.temporal.ChronoField field, String[] names, long first, boolean full) {
            Map<Long, String> byValue = new HashMap<>();
            for (int i = 0; i < names.length; i++) {
                byValue.put(first + i, full ? names[i] : names[i].substring(0, 3));
            }
            builder.appendText(field, byValue);
            elements++;
            return this;
        }
    }
}
