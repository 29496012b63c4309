package io.logpipeline.collector.input;

import io.logpipeline.collector.input.FileInputSettings.NameFilter;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FileInputSettingsTest {

    @Test
    void defaultsAreThoseOfTheLogPipelineApi() {
        // when
        FileInputSettings settings = FileInputSettings.builder().build();

        // then
        assertThat(settings.includePaths()).containsExactly("/var/log/pods/*/*/*.log");
        assertThat(settings.startAt()).isEqualTo(FileInputSettings.StartAt.END);
        assertThat(settings.format()).isEqualTo(FileInputSettings.Format.AUTO);
        assertThat(settings.streams()).containsExactlyInAnyOrder(FileInputSettings.Stream.STDOUT, FileInputSettings.Stream.STDERR);
        assertThat(settings.maxLogSize()).isEqualTo(1024 * 1024);
        assertThat(settings.maxConcurrentFiles()).isEqualTo(1024);
        assertThat(settings.pollInterval()).isEqualTo(Duration.ofMillis(200));
        assertThat(settings.multiline()).isNull();
    }

    @Test
    void invalidSettingsNameTheFieldAndTheFix() {
        assertThatThrownBy(() -> FileInputSettings.builder().includePaths(List.of()).build())
                .hasMessageContaining("input.paths.include").hasMessageContaining("/var/log/pods/*/*/*.log");
        assertThatThrownBy(() -> FileInputSettings.builder().streams(Set.of()).build())
                .hasMessageContaining("input.streams");
        assertThatThrownBy(() -> FileInputSettings.builder().maxConcurrentFiles(0).build())
                .hasMessageContaining("input.maxConcurrentFiles").hasMessageContaining("at least 1");
        assertThatThrownBy(() -> FileInputSettings.builder().pollInterval(Duration.ZERO).build())
                .hasMessageContaining("input.pollInterval");
        assertThatThrownBy(() -> new FileInputSettings.Multiline(Pattern.compile("^x"), 0, Duration.ofSeconds(1)))
                .hasMessageContaining("multiline.maxLines");
    }

    @Test
    void nameFiltersIncludeAndExclude() {
        // given
        NameFilter onlyShop = new NameFilter(List.of("shop"), List.of());
        NameFilter notKubeSystem = new NameFilter(List.of(), List.of("kube-system"));

        // when / then
        assertThat(onlyShop.admits("shop")).isTrue();
        assertThat(onlyShop.admits("team")).isFalse();
        assertThat(onlyShop.admits(null)).isFalse();
        assertThat(notKubeSystem.admits("kube-system")).isFalse();
        assertThat(notKubeSystem.admits("team")).isTrue();
        assertThat(notKubeSystem.admits(null)).isTrue();
    }
}
