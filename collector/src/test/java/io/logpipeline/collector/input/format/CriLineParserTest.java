package io.logpipeline.collector.input.format;

import io.logpipeline.collector.input.FileInputSettings.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class CriLineParserTest {

    private final ParsedLine line = new ParsedLine();
    private final CriLineParser parser = new CriLineParser();

    private boolean parse(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return parser.parse(bytes, 0, bytes.length, line);
    }

    private String message() {
        return new String(line.message, line.messageStart, line.messageEnd - line.messageStart, StandardCharsets.UTF_8);
    }

    @Test
    void parsesFullAndPartialLinesOfBothStreams() {
        // when / then
        assertThat(parse("2026-11-24T12:00:00.000000001Z stdout F hello world")).isTrue();
        assertThat(line.stream).isEqualTo(Stream.STDOUT);
        assertThat(line.partial).isFalse();
        assertThat(line.timestampNanos).isEqualTo(Instant.parse("2026-11-24T12:00:00Z").getEpochSecond() * 1_000_000_000L + 1);
        assertThat(message()).isEqualTo("hello world");

        assertThat(parse("2026-11-24T12:00:00Z stderr P part one ")).isTrue();
        assertThat(line.stream).isEqualTo(Stream.STDERR);
        assertThat(line.partial).isTrue();
        assertThat(message()).isEqualTo("part one ");
    }

    @Test
    void acceptsAnEmptyMessageAndExtraTags() {
        // when / then
        assertThat(parse("2026-11-24T12:00:00Z stdout F")).isTrue();
        assertThat(message()).isEmpty();
        assertThat(parse("2026-11-24T12:00:00Z stdout F ")).isTrue();
        assertThat(message()).isEmpty();
        assertThat(parse("2026-11-24T12:00:00Z stdout P:x msg")).isTrue();
        assertThat(line.partial).isTrue();
        assertThat(message()).isEqualTo("msg");
    }

    @ParameterizedTest
    @ValueSource(strings = {"hello", "2026-11-24T12:00:00Z stdin F x", "2026-11-24T12:00:00Z stdout X x",
            "2026-11-24T12:00:00Z stdout FF x", "2026-99-24T12:00:00Z stdout F x", "{\"log\":\"x\"}", ""})
    void rejectsOtherLines(String text) {
        // when / then
        assertThat(parse(text)).isFalse();
    }
}
