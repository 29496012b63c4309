package io.logpipeline.collector.input;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MultilinePresetTest {

    @ParameterizedTest(name = "{0}: \"{1}\" starts a record: {2}")
    @CsvSource(delimiter = '|', value = {
        "java|2026-11-24 12:00:00 ERROR request failed|true",
        "java|java.lang.IllegalStateException: boom|true",
        "java|'\tat com.example.Shop.buy(Shop.java:42)'|false",
        "java|Caused by: java.io.IOException: closed|false",
        "java|'\t... 12 more'|false",
        "python|Traceback (most recent call last):|false",
        "python|'  File \"app.py\", line 3, in <module>'|false",
        "python|ValueError: bad value|false",
        "python|INFO started worker|true",
        "go|panic: runtime error: index out of range|true",
        "go|goroutine 1 [running]:|false",
        "go|main.main()|false",
        "go|'\t/app/main.go:12 +0x1d'|false",
        "go|exit status 2|false",
        "go|level=info msg=listening|true",
    })
    void presetsTellFirstLinesFromContinuations(String preset, String line, boolean firstLine) {
        // given
        Pattern pattern = FileInputSettings.Multiline.preset(preset, 100, Duration.ofSeconds(1)).firstLinePattern();

        // when / then
        assertThat(pattern.matcher(line).find()).isEqualTo(firstLine);
    }

    @ParameterizedTest
    @CsvSource({"ruby"})
    void anUnknownPresetNamesTheField(String preset) {
        assertThatThrownBy(() -> FileInputSettings.Multiline.preset(preset, 100, Duration.ofSeconds(1)))
                .hasMessageContaining("multiline.preset").hasMessageContaining("java, python, go");
    }
}
