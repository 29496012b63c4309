package io.logpipeline.collector.input.format;

import io.logpipeline.collector.input.FileInputSettings.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class DockerJsonLineParserTest {

    private final DockerJsonLineParser parser = new DockerJsonLineParser();
    private final ParsedLine line = new ParsedLine();

    private boolean parse(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return parser.parse(bytes, 0, bytes.length, line);
    }

    private String message() {
        return new String(line.message, line.messageStart, line.messageEnd - line.messageStart, StandardCharsets.UTF_8);
    }

    @Test
    void parsesAWholeLine() {
        // when
        boolean parsed = parse("{\"log\":\"hello world\\n\",\"stream\":\"stderr\",\"time\":\"2026-11-24T12:00:00.5Z\"}");

        // then
        assertThat(parsed).isTrue();
        assertThat(message()).isEqualTo("hello world");
        assertThat(line.stream).isEqualTo(Stream.STDERR);
        assertThat(line.partial).isFalse();
        assertThat(line.timestampNanos).isEqualTo(Instant.parse("2026-11-24T12:00:00Z").getEpochSecond() * 1_000_000_000L + 500_000_000L);
    }

    @Test
    void aPieceWithoutNewlineIsPartial() {
        // when / then
        assertThat(parse("{\"log\":\"first 16 KiB\",\"stream\":\"stdout\",\"time\":\"2026-11-24T12:00:00Z\"}")).isTrue();
        assertThat(line.partial).isTrue();
        assertThat(message()).isEqualTo("first 16 KiB");
    }

    @Test
    void unescapesJsonIncludingSurrogatePairsAndSkipsOtherFieldsInAnyOrder() {
        // when
        boolean parsed = parse("{ \"time\":\"2026-11-24T12:00:00Z\", \"attrs\":{\"a\":[1,\"}\"]}, \"stream\":\"stdout\","
                + " \"log\":\"q\\\"b\\\\s\\/t\\tu\\u00e9e\\ud83d\\ude00\\n\" }");

        // then
        assertThat(parsed).isTrue();
        assertThat(message()).isEqualTo("q\"b\\s/t\tu\u00e9e\uD83D\uDE00");
    }

    @ParameterizedTest
    @ValueSource(strings = {"not json", "{\"log\":\"x\\n\",\"stream\":\"stdout\"}",
            "{\"log\":\"x\\n\",\"stream\":\"stdin\",\"time\":\"2026-11-24T12:00:00Z\"}",
            "{\"log\":\"x\\n\",\"stream\":\"stdout\",\"time\":\"yesterday\"}",
            "{\"log\":\"x\\q\",\"stream\":\"stdout\",\"time\":\"2026-11-24T12:00:00Z\"}",
            "{\"log\":\"unterminated,\"stream\":\"stdout\",\"time\":\"2026-11-24T12:00:00Z\"",
            "{\"log\":\"x\\n\",\"stream\":\"stdout\",\"time\":\"2026-11-24T12:00:00Z\"} trailing"})
    void rejectsOtherLines(String text) {
        // when / then
        assertThat(parse(text)).isFalse();
    }
}
