package io.logpipeline.api.units;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ByteSizeTest {

    @ParameterizedTest
    @CsvSource({"1MiB, 1048576", "1Mi, 1048576", "512Ki, 524288", "2M, 2000000", "1024, 1024", "1GiB, 1073741824", "1.5Ki, 1536"})
    void parsesKubernetesQuantities(String text, long bytes) {
        assertThat(ByteSize.parseBytes(text)).isEqualTo(bytes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "huge", "1 MiB", "-1Mi", "MiB"})
    void rejectsOtherTextNamingTheForm(String text) {
        assertThatThrownBy(() -> ByteSize.parseBytes(text)).hasMessageContaining("write it like 1MiB");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1MiB", "1Mi", "512Ki", "2M", "1024", "1.5Ki", "1GiB"})
    void theSchemaPatternAcceptsWhatParseAccepts(String text) {
        assertThat(text).matches(ByteSize.PATTERN);
        assertThat(ByteSize.parseBytes(text)).isPositive();
    }
}
