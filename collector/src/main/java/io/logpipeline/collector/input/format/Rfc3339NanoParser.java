package io.logpipeline.collector.input.format;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Parses RFC 3339 timestamps with up to nine fraction digits ({@code 2026-11-24T12:00:00.123456789Z},
 * {@code ...+01:00}) straight from bytes into epoch nanoseconds.
 *
 * <p>Hand-written because it runs once per log line: {@code Instant.parse} allocates a parser
 * context and several objects per call and costs about ten times as much. Consecutive lines nearly
 * always share their minute, so the last one is kept: one instance per thread.
 */
public final class Rfc3339NanoParser {

    /** Returned for input that is not an RFC 3339 timestamp. */
    public static final long INVALID = Long.MIN_VALUE;

    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final int[] DAYS_IN_MONTH = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    // The first 16 bytes of the last valid timestamp, as two little-endian longs, and its minute.
    private boolean cached;
    private long cachedDateHour;
    private long cachedHourMinute;
    private long cachedEpochMinute;

    /** Epoch nanoseconds of the timestamp in {@code b[start, end)}, or {@link #INVALID}. */
    public long parse(byte[] b, int start, int end) {
        // shortest form: 2006-01-02T15:04:05Z (20 bytes)
        if (end - start < 20) {
            return INVALID;
        }
        int p = start;
        // "YYYY-MM-DDTHH:MM" is the same for every line written within a minute: parse it once.
        long dateHour = (long) LONGS.get(b, p);
        long hourMinute = (long) LONGS.get(b, p + 8);
        long epochMinute;
        if (cached && dateHour == cachedDateHour && hourMinute == cachedHourMinute) {
            epochMinute = cachedEpochMinute;
        } else {
            epochMinute = epochMinute(b, p);
            if (epochMinute == INVALID) {
                return INVALID;
            }
            cachedDateHour = dateHour;
            cachedHourMinute = hourMinute;
            cachedEpochMinute = epochMinute;
            cached = true;
        }
        int second = twoDigits(b, p + 17);
        if (second < 0 || second > 59 || b[p + 16] != ':') {
            return INVALID;
        }
        p += 19;
        long fraction = 0;
        if (b[p] == '.') {
            p++;
            int digitsRead = 0;
            while (p < end && b[p] >= '0' && b[p] <= '9') {
                if (digitsRead < 9) {
                    fraction = fraction * 10 + (b[p] - '0');
                }
                digitsRead++;
                p++;
            }
            if (digitsRead == 0) {
                return INVALID;
            }
            for (int i = digitsRead; i < 9; i++) {
                fraction *= 10;
            }
        }
        if (p >= end) {
            return INVALID;
        }
        int offsetSeconds;
        byte zone = b[p];
        if (zone == 'Z' || zone == 'z') {
            offsetSeconds = 0;
            p++;
        } else if ((zone == '+' || zone == '-') && end - p >= 6 && b[p + 3] == ':') {
            int offsetHours = twoDigits(b, p + 1);
            int offsetMinutes = twoDigits(b, p + 4);
            if (offsetHours < 0 || offsetMinutes < 0 || offsetHours > 23 || offsetMinutes > 59) {
                return INVALID;
            }
            offsetSeconds = (offsetHours * 3600 + offsetMinutes * 60) * (zone == '-' ? -1 : 1);
            p += 6;
        } else {
            return INVALID;
        }
        if (p != end) {
            return INVALID;
        }
        long epochSeconds = epochMinute * 60L + second - offsetSeconds;
        return epochSeconds * NANOS_PER_SECOND + fraction;
    }

    // Minutes since the epoch of "YYYY-MM-DDTHH:MM" at p, or INVALID.
    private static long epochMinute(byte[] b, int p) {
        int century = twoDigits(b, p);
        int yearOfCentury = twoDigits(b, p + 2);
        int month = twoDigits(b, p + 5);
        int day = twoDigits(b, p + 8);
        int hour = twoDigits(b, p + 11);
        int minute = twoDigits(b, p + 14);
        if ((century | yearOfCentury | month | day | hour | minute) < 0
                || b[p + 4] != '-' || b[p + 7] != '-' || (b[p + 10] != 'T' && b[p + 10] != 't') || b[p + 13] != ':') {
            return INVALID;
        }
        int year = century * 100 + yearOfCentury;
        if (month < 1 || month > 12 || day < 1 || day > DAYS_IN_MONTH[month - 1]
                || (month == 2 && day == 29 && !isLeap(year)) || hour > 23 || minute > 59) {
            return INVALID;
        }
        return epochDay(year, month, day) * 1440L + hour * 60L + minute;
    }

    // Two decimal digits, or a negative number when either byte is not a digit.
    private static int twoDigits(byte[] b, int p) {
        int high = b[p] - '0';
        int low = b[p + 1] - '0';
        if (high < 0 || high > 9 || low < 0 || low > 9) {
            return -1;
        }
        return high * 10 + low;
    }

    private static boolean isLeap(int year) {
        return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    }

    // Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
    private static long epochDay(int year, int month, int day) {
        int y = month <= 2 ? year - 1 : year;
        int era = (y >= 0 ? y : y - 399) / 400;
        int yearOfEra = y - era * 400;
        int dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146_097L + dayOfEra - 719_468L;
    }
}
