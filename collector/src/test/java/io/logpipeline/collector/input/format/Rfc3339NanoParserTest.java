package io.logpipeline.collector.input.format;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class Rfc3339NanoParserTest {

    private final Rfc3339NanoParser parser = new Rfc3339NanoParser();

    private long parse(String text) {
        byte[] bytes = ("xx" + text + "yy").getBytes(StandardCharsets.ISO_8859_1);
        return parser.parse(bytes, 2, bytes.length - 2);
    }

    private static long nanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }

    @Test
    void agreesWithTheJdkOnRandomTimestampsOffsetsAndPrecisions() {
        // given
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            long seconds = random.nextLong(-2_000_000_000L, 8_000_000_000L);
            int nano = random.nextInt(1_000_000_000);
            int digits = random.nextInt(10);
            nano = nano - nano % (int) Math.pow(10, 9 - digits);
            ZoneOffset offset = ZoneOffset.ofTotalSeconds(random.nextInt(-18 * 4, 18 * 4) * 900 / 1);
            OffsetDateTime time = Instant.ofEpochSecond(seconds, nano).atOffset(offset);
            String fraction = digits == 0 ? "" : "." + String.format("%09d", nano).substring(0, digits);
            String text = time.format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss")) + fraction
                    + (offset.getTotalSeconds() == 0 ? "Z" : offset.getId());

            // when
            long parsed = parse(text);

            // then
            assertThat(parsed).as(text).isEqualTo(nanos(Instant.ofEpochSecond(seconds, nano)));
        }
    }

    @Test
    void readsKubeletTimestamps() {
        // given a containerd timestamp with nanoseconds, and docker's with a numeric offset
        // when / then
        assertThat(parse("2026-11-24T12:00:00.123456789Z")).isEqualTo(nanos(Instant.parse("2026-11-24T12:00:00.123456789Z")));
        assertThat(parse("2026-11-24T13:00:00.5+01:00")).isEqualTo(nanos(Instant.parse("2026-11-24T12:00:00.5Z")));
        assertThat(parse("2024-02-29T00:00:00Z")).isEqualTo(nanos(Instant.parse("2024-02-29T00:00:00Z")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "2026-11-24", "2026-11-24T12:00:00", "2026-13-24T12:00:00Z", "2026-11-31T12:00:00Z",
            "2025-02-29T12:00:00Z", "2026-11-24T24:00:00Z", "2026-11-24T12:60:00Z", "2026-11-24 12:00:00Z",
            "2026-11-24T12:00:00.Z", "2026-11-24T12:00:00.1", "2026-11-24T12:00:00+0100", "2026-11-24T12:00:00Zx",
            "2026-1a-24T12:00:00Z", "20x6-11-24T12:00:00Z", "not a timestamp at all",
            "\u00ff\u00ff\u00ff\u00ff\u00ff\u00ff\u00ff\u00ff\u00ff\u00ffT12:00:00Z"})
    void rejectsWhatIsNotRfc3339(String text) {
        // when / then
        assertThat(parse(text)).isEqualTo(Rfc3339NanoParser.INVALID);
    }

    @Test
    void agreesWithTheJdkOnConsecutiveTimestampsAcrossMinuteHourAndDayBoundaries() {
        // given timestamps 37 seconds and some nanoseconds apart, as lines of a log are
        Instant time = Instant.parse("2024-02-28T23:50:00Z");
        for (int i = 0; i < 5000; i++) {
            time = time.plusSeconds(37).plusNanos(123_457);
            String text = DateTimeFormatter.ISO_INSTANT.format(time);

            // when / then
            assertThat(parse(text)).as(text).isEqualTo(nanos(time));
        }
    }

    @Test
    void theDateCacheDoesNotLeakIntoTheNextDateOrAnInvalidOne() {
        // given a date parsed once
        assertThat(parse("2026-11-24T12:00:00Z")).isEqualTo(nanos(Instant.parse("2026-11-24T12:00:00Z")));

        // when / then the next day, and the same date with a broken time, are not taken from the cache
        assertThat(parse("2026-11-25T12:00:00Z")).isEqualTo(nanos(Instant.parse("2026-11-25T12:00:00Z")));
        assertThat(parse("2026-11-25T12:0x:00Z")).isEqualTo(Rfc3339NanoParser.INVALID);
        assertThat(parse("2026-11-25T23:59:59.999999999Z")).isEqualTo(nanos(Instant.parse("2026-11-25T23:59:59.999999999Z")));
    }
}
