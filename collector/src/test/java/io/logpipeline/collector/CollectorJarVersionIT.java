package io.logpipeline.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code java -jar logpipeline-collector.jar --version} on the jar the build produced. */
class CollectorJarVersionIT {

    @Test
    void versionPrintsTheProjectVersionFromTheJarManifest() throws Exception {
        // given
        String expected = System.getProperty("logpipeline.project.version");
        Path jar = Path.of("target/logpipeline-collector.jar");

        // when
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "--version").redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        // then
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
        assertThat(expected).isNotBlank();
        assertThat(output.strip()).isEqualTo("logpipeline-collector " + expected);
    }
}
