package io.logpipeline.collector.input.format;

import io.logpipeline.collector.input.FileInputSettings.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class DockerJsonLineParserTest {

    private final LineParsing parsing = new LineParsing(new DockerJsonLineParser()::parse);
    private final ParsedLine line = parsing.line;

    @Test
    void parsesAWholeLine() {
        // when
        boolean parsed = parsing.parse("{\"log\":\"hello world\\n\",\"stream\":\"stderr\",\"time\":\"2026-11-24T12:00:00.5Z\"}");

        // then
        assertThat(parsed).isTrue();
        assertThat(parsing.message()).isEqualTo("hello world");
        assertThat(line.stream).isEqualTo(Stream.STDERR);
        assertThat(line.partial).isFalse();
        assertThat(line.timestampNanos).isEqualTo(Instant.parse("2026-11-24T12:00:00Z").getEpochSecond() * 1_000_000_000L + 500_000_000L);
    }

    @Test
    void aPieceWithoutNewlineIsPartial() {
        // when / then
        assertThat(parsing.parse("{\"log\":\"first 16 KiB\",\"stream\":\"stdout\",\"time\":\"2026-11-24T12:00:00Z\"}")).isTrue();
        assertThat(line.partial).isTrue();
        assertThat(parsing.message()).isEqualTo("first 16 KiB");
    }

    @Test
    void unescapesJsonIncludingSurrogatePairsAndSkipsOtherFieldsInAnyOrder() {
        // when
        boolean parsed = parsing.parse("{ \"time\":\"2026-11-24T12:00:00Z\", \"attrs\":{\"a\":[1,\"}\"]}, \"stream\":\"stdout\","
                + " \"log\":\"q\\\"b\\\\s\\/t\\tu\\u00e9e\\ud83d\\ude00\\n\" }");

        // then
        assertThat(parsed).isTrue();
        assertThat(parsing.message()).isEqualTo("q\"b\\s/t\tu\u00e9e\uD83D\uDE00");
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
        assertThat(parsing.parse(text)).isFalse();
    }
}
