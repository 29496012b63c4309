package io.logpipeline.api.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logpipeline.api.validation.Problem;
import java.util.List;
import org.junit.jupiter.api.Test;

class CollectorConfigJsonTest {

    private static CollectorConfig validConfig() {
        ExporterConfig exporter = new ExporterConfig();
        exporter.setName("victorialogs");
        exporter.setEndpoint("http://victorialogs:9428/insert/opentelemetry/v1/logs");
        exporter.setHeaders(List.of(new HeaderConfig("Authorization", ValueSource.fromFile(CollectorConfig.CREDENTIALS_DIR + "/victorialogs-0"))));
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
        config.getTelemetry().setPort(0);

        // when
        List<String> problems = config.validate().stream().map(Problem::toString).toList();

        // then
        assertThat(problems).hasSize(4)
                .anyMatch(p -> p.startsWith("exporters[0].endpoint: \"/v1/traces\" is a traces or metrics path"))
                .anyMatch(p -> p.startsWith("exporters[0].headers[0].value: set exactly one of value, env, file or secretKey"))
                .anyMatch(p -> p.startsWith("batch.timeout: \"soon\" is not a duration"))
                .anyMatch(p -> p.startsWith("telemetry.port: must be a TCP port"));
    }

    @Test
    void aValidConfigHasNoProblems() {
        assertThat(validConfig().validate()).isEmpty();
    }
}
