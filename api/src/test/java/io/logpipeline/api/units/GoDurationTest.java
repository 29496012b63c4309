package io.logpipeline.api.units;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GoDurationTest {

    @ParameterizedTest
    @CsvSource({
        "5s, PT5S", "1m30s, PT1M30S", "250ms, PT0.25S", "1.5h, PT1H30M", "0, PT0S", "0s, PT0S",
        "100us, PT0.0001S", "100µs, PT0.0001S", "7ns, PT0.000000007S", "2h45m0.5s, PT2H45M0.5S"})
    void parsesGoDurations(String text, String expected) {
        assertThat(GoDuration.parse(text)).isEqualTo(Duration.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "5", "5 s", "s", "1d", "-5s", "1.2.3s", "5S"})
    void rejectsWhatGoRejectsWithTheFormInTheMessage(String text) {
        assertThatThrownBy(() -> GoDuration.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("write it like 500ms, 5s, 1m30s or 2h");
    }

    @ParameterizedTest
    @ValueSource(strings = {"5s", "1m30s", "2h", "250ms", "1h1m1s"})
    void formatIsTheInverseOfParse(String text) {
        assertThat(GoDuration.format(GoDuration.parse(text))).isEqualTo(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"5s", "1m30s", "0", "1.5h", "100µs"})
    void theSchemaPatternAcceptsWhatParseAccepts(String text) {
        assertThat(text).matches(GoDuration.PATTERN);
    }
}
