package io.logpipeline.api.timelayout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logpipeline.api.v1alpha1.BackendRef;
import io.logpipeline.api.v1alpha1.LogPipelineSpec;
import io.logpipeline.api.v1alpha1.ParserSpec;
import io.logpipeline.api.v1alpha1.RegexParserSpec;
import io.logpipeline.api.v1alpha1.TimestampSpec;
import io.logpipeline.api.v1alpha1.TimestampSpec.LayoutType;
import io.logpipeline.api.validation.Problem;
import io.logpipeline.api.validation.PipelineValidator;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TimeLayoutTest {

    /** A clock in 2026 for layouts without a year, which take the current one. */
    private static final Clock IN_2026 = Clock.fixed(Instant.parse("2026-11-24T12:00:00Z"), ZoneOffset.UTC);

    private static Instant go(String layout, String text) {
        return toInstant(GoTimeLayout.compile(layout, IN_2026).parseEpochNanos(text));
    }

    private static Instant toInstant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }

    // The layouts are the constants of Go's time package (RFC3339, RFC3339Nano, Kitchen, ANSIC, ...) and
    // the examples of its time.Parse documentation.
    @ParameterizedTest(name = "{0} parses \"{1}\"")
    @CsvSource(delimiter = '|', value = {
        "2006-01-02T15:04:05Z07:00            | 2006-01-02T15:04:05Z                  | 2006-01-02T15:04:05Z",
        "2006-01-02T15:04:05Z07:00            | 2006-01-02T15:04:05+07:00             | 2006-01-02T08:04:05Z",
        "2006-01-02T15:04:05Z07:00            | 2024-03-05T10:11:12.25-02:00          | 2024-03-05T12:11:12.250Z",
        "2006-01-02T15:04:05.999999999Z07:00  | 2024-03-05T10:11:12.123456789Z        | 2024-03-05T10:11:12.123456789Z",
        "2006-01-02T15:04:05.999999999Z07:00  | 2024-03-05T10:11:12Z                  | 2024-03-05T10:11:12Z",
        "2006-01-02T15:04:05.999999999Z07:00  | 2024-03-05T10:11:12.5+05:30           | 2024-03-05T04:41:12.500Z",
        "3:04PM                               | 7:54PM                                | 2026-01-01T19:54:00Z",
        "3:04PM                               | 12:05AM                               | 2026-01-01T00:05:00Z",
        "Mon Jan _2 15:04:05 2006             | Tue Mar  5 10:11:12 2024              | 2024-03-05T10:11:12Z",
        "Mon Jan _2 15:04:05 2006             | Fri Mar 15 10:11:12 2024              | 2024-03-15T10:11:12Z",
        "Mon Jan _2 15:04:05 MST 2006         | Tue Mar  5 10:11:12 UTC 2024          | 2024-03-05T10:11:12Z",
        "Mon Jan 02 15:04:05 -0700 2006       | Tue Mar 05 10:11:12 -0700 2024        | 2024-03-05T17:11:12Z",
        "02 Jan 06 15:04 -0700                | 05 Mar 24 10:11 +0100                 | 2024-03-05T09:11:00Z",
        "Monday, 02-Jan-06 15:04:05 MST       | Tuesday, 05-Mar-24 10:11:12 GMT       | 2024-03-05T10:11:12Z",
        "Mon, 02 Jan 2006 15:04:05 MST        | Tue, 05 Mar 2024 10:11:12 UTC         | 2024-03-05T10:11:12Z",
        "Mon, 02 Jan 2006 15:04:05 -0700      | Tue, 05 Mar 2024 10:11:12 -0700       | 2024-03-05T17:11:12Z",
        "Jan _2 15:04:05.000                  | Mar  5 10:11:12.345                   | 2026-03-05T10:11:12.345Z",
        "2006-01-02 15:04:05                  | 2024-03-05 10:11:12                   | 2024-03-05T10:11:12Z",
        "2006-Jan-02                          | 2013-Feb-03                           | 2013-02-03T00:00:00Z",
        "Jan 2, 2006 at 3:04pm (MST)          | Feb 3, 2013 at 7:54pm (UTC)           | 2013-02-03T19:54:00Z",
        "2006-01-02 15:04:05,000              | 2024-03-05 10:11:12,345               | 2024-03-05T10:11:12.345Z",
        "2006.002                             | 2024.065                              | 2024-03-05T00:00:00Z",
        "January 2 2006 15:04:05 -07:00       | March 5 2024 10:11:12 +01:00          | 2024-03-05T09:11:12Z",
        "06/1/2 03:04:05PM Z0700              | 99/12/31 11:59:59PM Z                 | 1999-12-31T23:59:59Z",
    })
    void goLayoutsParseAsGoDoes(String layout, String text, String expected) {
        assertThat(go(layout, text)).isEqualTo(Instant.parse(expected));
    }

    @ParameterizedTest(name = "RFC3339 \"{0}\"")
    @CsvSource({"2024-02-29T23:59:59.9Z", "2024-03-05t10:11:12z", "1999-12-31T23:59:59.000000001-00:30", "2024-03-05T10:11:12+14:00",
        "1970-01-01T00:00:00Z", "1969-12-31T23:59:59.999999999Z", "2000-02-29T12:00:00.1234+05:45", "1678-01-01T00:00:00Z",
        "2261-12-31T23:59:59.999999999Z"})
    void theRfc3339LayoutsGiveWhatJavasIsoParserGives(String text) {
        // given the seed's layout, which takes the hand-written path
        TimeLayout seed = GoTimeLayout.compile("2006-01-02T15:04:05.999999999Z07:00", IN_2026);
        TimeLayout rfc3339 = GoTimeLayout.compile("2006-01-02T15:04:05Z07:00", IN_2026);
        Instant expected = java.time.OffsetDateTime.parse(text.toUpperCase()).toInstant();
        // when / then
        assertThat(toInstant(seed.parseEpochNanos(text))).isEqualTo(expected);
        assertThat(toInstant(rfc3339.parseEpochNanos(text))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "RFC3339 rejects \"{0}\"")
    @CsvSource({"2023-02-29T10:11:12Z", "2024-13-05T10:11:12Z", "2024-03-05T24:11:12Z", "2024-03-05T10:11:12", "2024-03-05T10:11:12.Z",
        "2024-03-05T10:11:12.1234567891Z", "2024-03-05T10:11:12+0100", "2024-03-05 10:11:12Z", "2024-03-05T10:11:12Zjunk", "2024-03-0xT10:11:12Z",
        "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z"})
    void theRfc3339LayoutsRejectWhatDoesNotFit(String text) {
        TimeLayout seed = GoTimeLayout.compile("2006-01-02T15:04:05.999999999Z07:00", IN_2026);
        assertThatThrownBy(() -> seed.parseEpochNanos(text)).isInstanceOf(DateTimeException.class);
    }

    @Test
    void aZoneAbbreviationResolvesThroughJavasZoneNamesUnlikeGo() {
        // given RFC1123 times with zone abbreviations (Go would give each the offset 0 on a UTC machine)
        // when / then
        assertThat(go("Mon, 02 Jan 2006 15:04:05 MST", "Tue, 05 Mar 2024 10:11:12 PST")).isEqualTo(Instant.parse("2024-03-05T18:11:12Z"));
        assertThat(go("Mon, 02 Jan 2006 15:04:05 MST", "Tue, 05 Mar 2024 10:11:12 CET")).isEqualTo(Instant.parse("2024-03-05T09:11:12Z"));
    }

    @Test
    void aWeekdayThatDoesNotFitTheDateIsIgnoredAsInGo() {
        // given March 5th 2024 was a Tuesday, the text says Monday
        // when
        Instant parsed = go("Mon Jan _2 15:04:05 2006", "Mon Mar  5 10:11:12 2024");
        // then
        assertThat(parsed).isEqualTo(Instant.parse("2024-03-05T10:11:12Z"));
    }

    @ParameterizedTest(name = "{0} rejects \"{1}\"")
    @CsvSource(delimiter = '|', value = {
        "2006-01-02T15:04:05Z07:00            | 2006-01-02T15:04:05",
        "2006-01-02T15:04:05Z07:00            | 2024-02-30T10:11:12Z",
        "2006-01-02T15:04:05Z07:00            | 2006-01-02T15:04:05Z07:00",
        "2006-01-02T15:04:05.999999999Z07:00  | not a time",
        "2006-01-02 15:04:05,000              | 2024-03-05 10:11:12,3",
        "3:04PM                               | 13:04PM",
    })
    void textThatDoesNotFitTheLayoutIsAnError(String layout, String text) {
        TimeLayout compiled = GoTimeLayout.compile(layout, IN_2026);
        assertThatThrownBy(() -> compiled.parseEpochNanos(text)).isInstanceOf(DateTimeException.class);
    }

    @Test
    void aLayoutWithoutAnyReferenceTimeElementIsRejectedWithTheFix() {
        assertThatThrownBy(() -> TimeLayout.compile(LayoutType.GOTIME, "yyyy-MM-dd HH:mm:ss"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no element of Go's reference time")
                .hasMessageContaining("2006-01-02T15:04:05Z07:00");
        assertThatThrownBy(() -> TimeLayout.compile(LayoutType.GOTIME, "%Y-%m-%d"))
                .hasMessageContaining("set layoutType: strptime");
    }

    @ParameterizedTest(name = "{0} parses \"{1}\"")
    @CsvSource(delimiter = '|', value = {
        "%Y-%m-%dT%H:%M:%S.%f%z      | 2024-03-05T10:11:12.123456+01:00   | 2024-03-05T09:11:12.123456Z",
        "%Y-%m-%dT%H:%M:%S.%f%z      | 2024-03-05T10:11:12.5+0100         | 2024-03-05T09:11:12.500Z",
        "%Y-%m-%dT%H:%M:%S.%f%z      | 2024-03-05T10:11:12.5Z             | 2024-03-05T10:11:12.500Z",
        "%d/%b/%Y:%H:%M:%S %z        | 05/Mar/2024:10:11:12 +0000         | 2024-03-05T10:11:12Z",
        "%a %b %e %H:%M:%S %Y        | Tue Mar  5 10:11:12 2024           | 2024-03-05T10:11:12Z",
        "%F %T,%L                    | 2024-03-05 10:11:12,345            | 2024-03-05T10:11:12.345Z",
        "%D %I:%M %p                 | 03/05/24 10:11 PM                  | 2024-03-05T22:11:00Z",
        "%A %d %B %Y %R %Z           | Tuesday 05 March 2024 10:11 UTC    | 2024-03-05T10:11:00Z",
        "%Y%j 100%%                  | 2024065 100%                       | 2024-03-05T00:00:00Z",
        "%b %d %H:%M:%S              | Mar 05 10:11:12                    | 2026-03-05T10:11:12Z",
    })
    void strptimeLayoutsParse(String layout, String text, String expected) {
        assertThat(toInstant(StrptimeLayout.compile(layout, IN_2026).parseEpochNanos(text))).isEqualTo(Instant.parse(expected));
    }

    @Test
    void anUnknownStrptimeDirectiveIsRejectedWithTheListOfKnownOnes() {
        assertThatThrownBy(() -> TimeLayout.compile(LayoutType.STRPTIME, "%Y-%Q"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("%Q at index 3")
                .hasMessageContaining("%Y %y %m");
        assertThatThrownBy(() -> TimeLayout.compile(LayoutType.STRPTIME, "%Y %")).hasMessageContaining("lone %");
        assertThatThrownBy(() -> TimeLayout.compile(LayoutType.STRPTIME, "2006-01-02")).hasMessageContaining("no strptime directive");
    }

    @ParameterizedTest(name = "epoch {0} parses \"{1}\"")
    @CsvSource(delimiter = '|', value = {
        "s   | 1709633472             | 1709633472000000000",
        "s   | 1709633472.5           | 1709633472500000000",
        "ms  | 1709633472123          | 1709633472123000000",
        "ms  | 1709633472123.25       | 1709633472123250000",
        "us  | 1709633472123456       | 1709633472123456000",
        "ns  | 1709633472123456789    | 1709633472123456789",
    })
    void epochLayoutsParse(String layout, String text, long expectedNanos) {
        assertThat(TimeLayout.compile(LayoutType.EPOCH, layout).parseEpochNanos(text)).isEqualTo(expectedNanos);
    }

    @Test
    void epochTextThatIsNotANumberIsAnError() {
        TimeLayout seconds = TimeLayout.compile(LayoutType.EPOCH, "s");
        assertThatThrownBy(() -> seconds.parseEpochNanos("soon")).isInstanceOf(DateTimeException.class);
        assertThatThrownBy(() -> seconds.parseEpochNanos("12.")).isInstanceOf(DateTimeException.class);
        assertThatThrownBy(() -> seconds.parseEpochNanos("12s")).isInstanceOf(DateTimeException.class);
        assertThatThrownBy(() -> seconds.parseEpochNanos("99999999999999999999")).isInstanceOf(DateTimeException.class);
        assertThatThrownBy(() -> TimeLayout.compile(LayoutType.EPOCH, "sec")).hasMessageContaining("s, ms, us or ns");
    }

    @Test
    void theValidatorReportsAnInvalidLayoutAtTheLayoutField() {
        // given a pipeline whose regex parser has a Java-style layout
        LogPipelineSpec spec = new LogPipelineSpec();
        spec.setBackendRefs(List.of(new BackendRef("victorialogs")));
        RegexParserSpec regex = new RegexParserSpec();
        regex.setPattern("^(?P<timestamp>\\S+) (?P<message>.*)");
        TimestampSpec timestamp = new TimestampSpec();
        timestamp.setParseFrom("attributes.timestamp");
        timestamp.setLayout("yyyy-MM-dd'T'HH:mm:ss");
        regex.setTimestamp(timestamp);
        ParserSpec parser = new ParserSpec();
        parser.setRegex(regex);
        spec.getInput().setParsers(List.of(parser));
        // when
        List<Problem> problems = PipelineValidator.validate(spec);
        // then
        assertThat(problems).singleElement().satisfies(problem -> {
            assertThat(problem.path()).isEqualTo("spec.input.parsers[0].regex.timestamp.layout");
            assertThat(problem.message()).contains("no element of Go's reference time");
        });
    }
}
