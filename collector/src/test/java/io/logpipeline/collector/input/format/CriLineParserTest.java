package io.logpipeline.collector.input.format;

import io.logpipeline.collector.input.FileInputSettings.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class CriLineParserTest {

    private final LineParsing parsing = new LineParsing(new CriLineParser()::parse);
    private final ParsedLine line = parsing.line;

    @Test
    void parsesFullAndPartialLinesOfBothStreams() {
        // when / then
        assertThat(parsing.parse("2026-11-24T12:00:00.000000001Z stdout F hello world")).isTrue();
        assertThat(line.stream).isEqualTo(Stream.STDOUT);
        assertThat(line.partial).isFalse();
        assertThat(line.timestampNanos).isEqualTo(Instant.parse("2026-11-24T12:00:00Z").getEpochSecond() * 1_000_000_000L + 1);
        assertThat(parsing.message()).isEqualTo("hello world");

        assertThat(parsing.parse("2026-11-24T12:00:00Z stderr P part one ")).isTrue();
        assertThat(line.stream).isEqualTo(Stream.STDERR);
        assertThat(line.partial).isTrue();
        assertThat(parsing.message()).isEqualTo("part one ");
    }

    @Test
    void acceptsAnEmptyMessageAndExtraTags() {
        // when / then
        assertThat(parsing.parse("2026-11-24T12:00:00Z stdout F")).isTrue();
        assertThat(parsing.message()).isEmpty();
        assertThat(parsing.parse("2026-11-24T12:00:00Z stdout F ")).isTrue();
        assertThat(parsing.message()).isEmpty();
        assertThat(parsing.parse("2026-11-24T12:00:00Z stdout P:x msg")).isTrue();
        assertThat(line.partial).isTrue();
        assertThat(parsing.message()).isEqualTo("msg");
    }

    @ParameterizedTest
    @ValueSource(strings = {"hello", "2026-11-24T12:00:00Z stdin F x", "2026-11-24T12:00:00Z stdout X x",
            "2026-11-24T12:00:00Z stdout FF x", "2026-99-24T12:00:00Z stdout F x", "{\"log\":\"x\"}", ""})
    void rejectsOtherLines(String text) {
        // when / then
        assertThat(parsing.parse(text)).isFalse();
    }
}
