package io.logpipeline.collector.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.logpipeline.api.regex.GoRegex;
import io.logpipeline.api.v1alpha1.JsonParserSpec;
import io.logpipeline.api.v1alpha1.OnError;
import io.logpipeline.api.v1alpha1.RegexParserSpec;
import io.logpipeline.api.v1alpha1.SeverityParserSpec;
import io.logpipeline.api.v1alpha1.TimestampSpec;
import io.logpipeline.collector.record.LogRecord;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ParsersTest {

    private static final String SEED_PATTERN = "^(?P<timestamp>\\S+)\\s+(?P<level>\\w+)\\s+(?P<message>.*)";

    private static RegexParserSpec regex(String pattern, String parseFrom, OnError onError) {
        RegexParserSpec spec = new RegexParserSpec();
        spec.setPattern(pattern);
        spec.setParseFrom(parseFrom);
        spec.setOnError(onError);
        return spec;
    }

    private static RegexParserSpec seedRegex(OnError onError) {
        RegexParserSpec spec = regex(SEED_PATTERN, "body", onError);
        TimestampSpec timestamp = new TimestampSpec();
        timestamp.setParseFrom("attributes.timestamp");
        timestamp.setLayout("2006-01-02T15:04:05.999999999Z07:00");
        spec.setTimestamp(timestamp);
        return spec;
    }

    private static long nanos(String instant) {
        Instant parsed = Instant.parse(instant);
        return parsed.getEpochSecond() * 1_000_000_000L + parsed.getNano();
    }

    @Test
    void regexNamedGroupsBecomeAttributesAndTheTimestampIsParsed() {
        // given the seed's regex parser with its timestamp sub-parser
        RegexParser parser = RegexParser.compile(seedRegex(OnError.SEND));
        LogRecord record = new LogRecord(1L, "2024-03-05T10:11:12.123456789+01:00 INFO user logged in [INFO]", null);
        // when
        boolean kept = parser.apply(record);
        // then
        assertThat(kept).isTrue();
        assertThat(record.attributes()).containsExactly(
                entry("timestamp", "2024-03-05T10:11:12.123456789+01:00"), entry("level", "INFO"),
                entry("message", "user logged in [INFO]"));
        assertThat(record.timestampEpochNanos()).isEqualTo(nanos("2024-03-05T09:11:12.123456789Z"));
        assertThat(parser.stats().failedSent.sum()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"2024-03-05T10:11:12.123456789Z INFO started [INFO] cart=3", "2024-03-05T10:11:12Z WARN ",
        "2024-03-05T10:11:12Z  ERROR  größe 😀 ünïcode  ", "2024-03-05T10:11:12Z INFO two\nlines", "2024-03-05T10:11:12Z INFO cr\r",
        "2024-03-05T10:11:12Z INFO nel\u0085x", "2024-03-05T10:11:12Z INFO ls\u2028x", "2024-03-05T10:11:12Z INFO\n",
        "2024-03-05T10:11:12Z INFO"})
    void theSeedParserGivesWhatTheGeneralMatchGives(String line) {
        // given the sample's pattern, whose final (?P<message>.*)$ is taken as the rest of a line without terminators
        String pattern = "^(?P<timestamp>\\d{4}-\\d{2}-\\d{2}T\\S+)\\s+(?P<level>[A-Za-z]+)\\s+(?P<message>.*)$";
        RegexParser parser = RegexParser.compile(regex(pattern, "body", OnError.DROP));
        GoRegex general = GoRegex.compile(pattern);
        Matcher matcher = general.pattern().matcher(line);
        Map<String, Object> expected = new LinkedHashMap<>();
        boolean matches = matcher.find();
        if (matches) {
            general.groupNames().forEach((javaName, userName) -> {
                if (matcher.group(javaName) != null) {
                    expected.put(userName, matcher.group(javaName));
                }
            });
        }
        LogRecord record = new LogRecord(0, line, null);
        // when
        boolean kept = parser.apply(record);
        // then
        assertThat(kept).isEqualTo(matches);
        assertThat(record.attributes()).containsExactlyEntriesOf(expected);
    }

    @Test
    void regexAcceptsJavaStyleGroupsAndParsesFromAnAttribute() {
        // given
        RegexParser parser = RegexParser.compile(regex("user=(?<user_name>\\w+)", "attributes.message", OnError.SEND));
        LogRecord record = new LogRecord(0, "body is not parsed", null);
        record.attributes().put("message", "login user=alice ok");
        // when
        parser.apply(record);
        // then
        assertThat(record.attributes()).containsEntry("user_name", "alice");
    }

    @Test
    void aGroupThatTakesNoPartInTheMatchAddsNoAttribute() {
        RegexParser parser = RegexParser.compile(regex("^(?P<a>x)?(?P<b>y)", "body", OnError.SEND));
        LogRecord record = new LogRecord(0, "y", null);
        parser.apply(record);
        assertThat(record.attributes()).containsExactly(entry("b", "y"));
    }

    @Test
    void regexWithoutMatchIsSentUnchangedOrDroppedAndCounted() {
        // given a line the pattern does not match
        RegexParser send = RegexParser.compile(seedRegex(OnError.SEND));
        RegexParser drop = RegexParser.compile(seedRegex(OnError.DROP));
        LogRecord first = new LogRecord(7L, "nomatch", null);
        LogRecord second = new LogRecord(7L, "nomatch", null);
        // when / then
        assertThat(send.apply(first)).isTrue();
        assertThat(first.attributes()).isEmpty();
        assertThat(first.timestampEpochNanos()).isEqualTo(7L);
        assertThat(send.stats().failedSent.sum()).isEqualTo(1);
        assertThat(drop.apply(second)).isFalse();
        assertThat(drop.stats().failedDropped.sum()).isEqualTo(1);
    }

    @Test
    void aMissingOrNonStringSourceIsAFailure() {
        RegexParser parser = RegexParser.compile(regex("(?P<x>.)", "attributes.absent", OnError.SEND));
        LogRecord missing = new LogRecord(0, "body", null);
        LogRecord number = new LogRecord(0, "body", null);
        number.attributes().put("absent", 42L);
        assertThat(parser.apply(missing)).isTrue();
        assertThat(parser.apply(number)).isTrue();
        assertThat(parser.stats().failedSent.sum()).isEqualTo(2);
        assertThat(missing.attributes()).isEmpty();
    }

    @Test
    void anInvalidTimestampIsAFailureAndKeepsTheOriginalTime() {
        // given the regex matches but the time does not fit the layout
        RegexParser parser = RegexParser.compile(seedRegex(OnError.SEND));
        LogRecord record = new LogRecord(5L, "yesterday INFO hello", null);
        // when
        boolean kept = parser.apply(record);
        // then
        assertThat(kept).isTrue();
        assertThat(record.timestampEpochNanos()).isEqualTo(5L);
        assertThat(record.attributes()).containsEntry("level", "INFO");
        assertThat(parser.stats().failedSent.sum()).isEqualTo(1);
        assertThat(RegexParser.compile(seedRegex(OnError.DROP)).apply(new LogRecord(5L, "yesterday INFO hello", null))).isFalse();
    }

    private static JsonParserSpec json(boolean flatten, String bodyField, OnError onError) {
        JsonParserSpec spec = new JsonParserSpec();
        spec.setFlatten(flatten);
        spec.setBodyField(bodyField);
        spec.setOnError(onError);
        return spec;
    }

    @Test
    void jsonFieldsBecomeTypedAttributesNestedAsMaps() {
        // given
        JsonParser parser = JsonParser.compile(json(false, null, OnError.SEND));
        LogRecord record = new LogRecord(0, "{\"msg\":\"hi\",\"n\":3,\"d\":1.5,\"ok\":true,\"none\":null,"
                + "\"http\":{\"status\":200,\"path\":\"/x\"},\"tags\":[\"a\",1]}", null);
        // when
        assertThat(parser.apply(record)).isTrue();
        // then
        assertThat(record.attributes()).containsExactly(entry("msg", "hi"), entry("n", 3L), entry("d", 1.5), entry("ok", true),
                entry("http", Map.of("status", 200L, "path", "/x")), entry("tags", List.of("a", 1L)));
        assertThat(record.body()).startsWith("{\"msg\"");
    }

    @Test
    void jsonFlattenedWithBodyFieldReplacingTheBody() {
        // given
        JsonParser parser = JsonParser.compile(json(true, "message", OnError.SEND));
        LogRecord record = new LogRecord(0, "  {\"message\":\"user created\",\"http\":{\"req\":{\"method\":\"GET\"}},\"level\":\"info\"}", null);
        // when
        parser.apply(record);
        // then
        assertThat(record.body()).isEqualTo("user created");
        assertThat(record.attributes()).containsExactly(entry("http.req.method", "GET"), entry("level", "info"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"plain text", "[1,2]", "{\"broken\":", "\"a string\""})
    void jsonThatIsNotAnObjectIsAFailure(String body) {
        JsonParser send = JsonParser.compile(json(false, null, OnError.SEND));
        JsonParser drop = JsonParser.compile(json(false, null, OnError.DROP));
        LogRecord record = new LogRecord(0, body, null);
        assertThat(send.apply(record)).isTrue();
        assertThat(record.attributes()).isEmpty();
        assertThat(record.body()).isEqualTo(body);
        assertThat(send.stats().failedSent.sum()).isEqualTo(1);
        assertThat(drop.apply(new LogRecord(0, body, null))).isFalse();
        assertThat(drop.stats().failedDropped.sum()).isEqualTo(1);
    }

    private static SeverityParserSpec severity(Map<String, List<String>> mapping, OnError onError) {
        SeverityParserSpec spec = new SeverityParserSpec();
        spec.setParseFrom("attributes.level");
        spec.setMapping(mapping);
        spec.setOnError(onError);
        return spec;
    }

    @ParameterizedTest(name = "{0} is severity {1}")
    @CsvSource({"TRACE,1", "debug,5", "Info,9", "INFO,9", "information,9", "warning,13", "WARN,13", "err,17", "ERROR,17",
        "FATAL,21", "critical,21", "panic,21", "info3,11", "error4,20", "' Warn ',13", "12,12"})
    void severityTextsMapToOpenTelemetryNumbers(String level, int number) {
        // given
        SeverityParser parser = SeverityParser.compile(severity(Map.of(), OnError.SEND));
        LogRecord record = new LogRecord(0, "x", null);
        record.attributes().put("level", level);
        // when
        assertThat(parser.apply(record)).isTrue();
        // then
        assertThat(record.severityNumber()).isEqualTo(number);
        assertThat(record.severityText()).isEqualTo(level);
    }

    @Test
    void customMappingsWinAndUnknownLevelsAreFailures() {
        // given "E" means error and "notice" (built in as info) means warn here
        SeverityParser parser = SeverityParser.compile(severity(Map.of("error", List.of("E"), "warn", List.of("notice")), OnError.DROP));
        LogRecord e = new LogRecord(0, "x", null);
        e.attributes().put("level", "E");
        LogRecord notice = new LogRecord(0, "x", null);
        notice.attributes().put("level", "NOTICE");
        LogRecord unknown = new LogRecord(0, "x", null);
        unknown.attributes().put("level", "loud");
        LogRecord number = new LogRecord(0, "x", null);
        number.attributes().put("level", 30L);
        // when / then
        assertThat(parser.apply(e)).isTrue();
        assertThat(e.severityNumber()).isEqualTo(17);
        assertThat(parser.apply(notice)).isTrue();
        assertThat(notice.severityNumber()).isEqualTo(13);
        assertThat(parser.apply(unknown)).isFalse();
        assertThat(parser.apply(number)).isFalse();
        assertThat(parser.apply(new LogRecord(0, "no level attribute", null))).isFalse();
        assertThat(parser.stats().failedDropped.sum()).isEqualTo(3);
    }
}
