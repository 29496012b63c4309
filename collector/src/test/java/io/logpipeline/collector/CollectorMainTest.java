package io.logpipeline.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CollectorMainTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return CollectorMain.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
    }

    @Test
    void anInvalidConfigExitsWithCode2AndListsEveryProblem() throws Exception {
        // given
        Path config = Files.writeString(dir.resolve("collector.json"), """
                {"pipeline": "default",
                 "batch": {"timeout": "soon"},
                 "exporters": [{"name": "vl", "endpoint": "http://vl:9428/v1/traces"}]}
                """);

        // when
        int exit = run("--config", config.toString(), "--validate-only");

        // then
        assertThat(exit).isEqualTo(CollectorMain.EXIT_INVALID_CONFIG);
        assertThat(err.toString())
                .contains("2 problems")
                .contains("batch.timeout: \"soon\" is not a duration")
                .contains("exporters[0].endpoint: \"/v1/traces\" is a traces or metrics path");
    }

    @Test
    void aMissingConfigFileSaysWhichFileAndHowToPassOne() {
        int exit = run("--config", dir.resolve("nope.json").toString());

        assertThat(exit).isEqualTo(CollectorMain.EXIT_INVALID_CONFIG);
        assertThat(err.toString()).contains("--config " + dir.resolve("nope.json") + ": no such file or directory");
    }

    @Test
    void aMisspeltFieldIsNamed() throws Exception {
        Path config = Files.writeString(dir.resolve("collector.json"), "{\"pipeline\": \"p\", \"exporterz\": []}");

        assertThat(run("--config", config.toString(), "--validate-only")).isEqualTo(CollectorMain.EXIT_INVALID_CONFIG);
        assertThat(err.toString()).contains("\"exporterz\"");
    }

    @Test
    void aValidConfigPassesValidation() throws Exception {
        Path config = Files.writeString(dir.resolve("collector.json"), """
                {"pipeline": "default", "exporters": [{"name": "vl", "endpoint": "http://vl:9428/insert/opentelemetry/v1/logs"}]}
                """);

        assertThat(run("--config", config.toString(), "--validate-only")).isZero();
        assertThat(err.toString()).isEmpty();
        assertThat(out.toString()).isEqualTo(config + ": ok: pipeline default/default reads 1 path glob (/var/log/pods/*/*/*.log), "
                + "0 processors, exports to 1 backend (vl)" + System.lineSeparator());
    }
}
