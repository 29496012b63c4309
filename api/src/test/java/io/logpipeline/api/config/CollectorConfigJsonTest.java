package io.logpipeline.api.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.logpipeline.api.validation.Problem;
import java.util.List;
import org.junit.jupiter.api.Test;

class CollectorConfigJsonTest {

    private static CollectorConfig validConfig() {
        ExporterConfig exporter = new ExporterConfig();
        exporter.setName("victorialogs");
        exporter.setEndpoint("http://victorialogs:9428/insert/opentelemetry/v1/logs");
        exporter.setHeaders(List.of(new HeaderConfig("Authorization", ValueSource.fromFile("/etc/logpipeline/credentials/victorialogs-0"))));
        CollectorConfig config = new CollectorConfig();
        config.setPipeline("default");
        config.setNamespace("monitoring");
        config.setExporters(List.of(exporter));
        return config;
    }

    @Test
    void writesStableJsonThatReadsBackEqual() throws Exception {
        // given
        CollectorConfig config = validConfig();

        // when
        String json = CollectorConfigJson.write(config);

        // then
        assertThat(CollectorConfigJson.parse(json)).isEqualTo(config);
        assertThat(CollectorConfigJson.write(CollectorConfigJson.parse(json))).isEqualTo(json);
        assertThat(json).contains("\"file\" : \"/etc/logpipeline/credentials/victorialogs-0\"");
    }

    @Test
    void theAgentSettingsAreNoLongerPartOfAPipelinesConfig() {
        assertThatThrownBy(() -> CollectorConfigJson.parse("{\"pipeline\":\"p\",\"checkpointDirectory\":\"/var/lib/logpipeline\"}"))
                .hasMessageContaining("\"checkpointDirectory\"");
        assertThatThrownBy(() -> CollectorConfigJson.parse("{\"pipeline\":\"p\",\"telemetry\":{\"port\":12345}}"))
                .hasMessageContaining("\"telemetry\"");
    }

    @Test
    void aMisspeltFieldIsAnErrorNamingIt() {
        assertThatThrownBy(() -> CollectorConfigJson.parse("{\"pipeline\":\"p\",\"exporter\":[]}"))
                .hasMessageContaining("\"exporter\"");
    }

    @Test
    void validateReportsEveryProblemWithDocumentPaths() {
        // given
        CollectorConfig config = validConfig();
        config.getExporters().get(0).setEndpoint("http://collector:4318/v1/traces");
        config.getExporters().get(0).getHeaders().get(0).setValue(new ValueSource("x", "TOKEN", null, null));
        config.getBatch().setTimeout("soon");
        config.getExporters().get(0).getQueue().setMaxBytes("1k");

        // when
        List<String> problems = config.validate().stream().map(Problem::toString).toList();

        // then
        assertThat(problems).hasSize(4)
                .anyMatch(p -> p.startsWith("exporters[0].endpoint: \"/v1/traces\" is a traces or metrics path"))
                .anyMatch(p -> p.startsWith("exporters[0].headers[0].value: set exactly one of value, env, file or secretKey"))
                .anyMatch(p -> p.startsWith("batch.timeout: \"soon\" is not a duration"))
                .anyMatch(p -> p.startsWith("exporters[0].queue.maxBytes: must be at least 1024 bytes, got \"1k\""));
    }

    @Test
    void aValidConfigHasNoProblems() {
        assertThat(validConfig().validate()).isEmpty();
    }

    @Test
    void readCheckedReportsEveryUnknownFieldAndWrongTypeWithLineAndColumnWithoutJavaNames() {
        // given: two misspelt fields, a string where a list goes, an object where a list goes, words where a number and a boolean go
        String json = """
                {"pipeline": "p",
                 "input": {"startAtt": "beginning", "streams": "stdout"},
                 "batch": {"sendBatchSize": "many"}, "processors": {},
                 "exporterz": [],
                 "kubernetes": {"enabled": "yes"}}
                """;

        // when
        InvalidConfigException thrown = catchThrowableOfType(() -> CollectorConfigJson.readChecked(json), InvalidConfigException.class);

        // then
        assertThat(thrown.problems()).extracting(ConfigProblem::toString).containsExactly(
                "input.startAtt: unknown field \"startAtt\"; did you mean \"startAt\"? (line 2, column 24)",
                "input.streams: expected a list, got a string (line 2, column 48)",
                "batch.sendBatchSize: \"many\" is not a number (line 3, column 29)",
                "processors: expected a list, got an object (line 3, column 52)",
                "exporterz: unknown field \"exporterz\"; did you mean \"exporters\"? (line 4, column 15)",
                "kubernetes.enabled: \"yes\" is not true or false (line 5, column 28)");
        assertThat(thrown.getMessage()).startsWith("6 problems: ").doesNotContain("io.logpipeline", "java.", "Feature");
    }

    @Test
    void readCheckedLocatesValidationProblemsAndNamesBrokenSyntax() {
        // given
        String invalid = """
                {"pipeline": "p",
                 "exporters": [{"name": "vl", "endpoint": "127.0.0.1:18104/v1/logs"}]}
                """;

        // when
        InvalidConfigException semantic = catchThrowableOfType(() -> CollectorConfigJson.readChecked(invalid), InvalidConfigException.class);
        InvalidConfigException syntax = catchThrowableOfType(() -> CollectorConfigJson.readChecked("{\"pipeline\": \"p\",\n }"),
                InvalidConfigException.class);

        // then
        assertThat(semantic.problems()).extracting(problem -> problem.describe("p.json")).containsExactly(
                "p.json:2:31: exporters[0].endpoint: \"127.0.0.1:18104/v1/logs\" must be an absolute http or https URL, "
                        + "e.g. http://127.0.0.1:18104/v1/logs");
        assertThat(syntax.problems()).extracting(problem -> problem.describe("p.json")).containsExactly(
                "p.json:2:2: not valid JSON: Unexpected character ('}' (code 125)): was expecting double-quote to start field name");
    }
}
