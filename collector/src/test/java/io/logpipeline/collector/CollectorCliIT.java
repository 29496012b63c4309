package io.logpipeline.collector;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar logpipeline-collector.jar --config ...} through the packaged jar: what {@code --validate-only} says
 * about good and broken files, and the agent's own log lines in logfmt and JSON.
 */
class CollectorCliIT {

    @TempDir
    Path dir;

    @Test
    void validateOnlySaysWhatEachValidFileHolds() throws Exception {
        // given
        Path config = Files.writeString(dir.resolve("monitoring_default.json"), """
                {"pipeline": "default", "namespace": "monitoring",
                 "processors": [{"resource": {"attributes": [{"key": "k8s.cluster.name", "value": "prod", "action": "upsert"}]}}],
                 "exporters": [{"name": "victorialogs", "endpoint": "http://victorialogs:9428/insert/opentelemetry/v1/logs"},
                               {"name": "loki", "endpoint": "http://loki:3100/otlp/v1/logs"}]}
                """);

        // when
        CollectorJar.Result result = CollectorJar.run(60, "--config", dir.toString(), "--validate-only");

        // then
        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout().lines()).containsExactly(config + ": ok: pipeline monitoring/default reads 1 path glob "
                + "(/var/log/pods/*/*/*.log), 1 processor, exports to 2 backends (victorialogs, loki)");
        assertThat(result.stderr()).isEmpty();
    }

    @Test
    void aMalformedFileGetsOneLinePerProblemWithPathLineAndColumnAndNoJavaNames() throws Exception {
        // given: two misspelt fields and a value of the wrong type
        Path config = Files.writeString(dir.resolve("p.json"), """
                {"pipeline": "default",
                 "input": {"startAtt": "beginning", "pollInterval": "200ms"},
                 "kubernetes": {"enabled": "no"},
                 "exporterz": [{"name": "vl", "endpoint": "http://vl:9428/insert/opentelemetry/v1/logs"}]}
                """);

        // when
        CollectorJar.Result result = CollectorJar.run(60, "--config", config.toString(), "--validate-only");

        // then
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr().lines()).containsExactly(
                config + ":2:24: input.startAtt: unknown field \"startAtt\"; did you mean \"startAt\"?",
                config + ":3:28: kubernetes.enabled: \"no\" is not true or false",
                config + ":4:15: exporterz: unknown field \"exporterz\"; did you mean \"exporters\"?",
                config + ": 3 problems");
        assertThat(result.stdout()).isEmpty();
    }

    @Test
    void brokenJsonAndAnEndpointWithoutSchemeAreNamedWhereTheyAre() throws Exception {
        // given
        Path broken = Files.writeString(dir.resolve("a.json"), "{\"pipeline\": \"a\",\n \"exporters\": [}\n");
        Path noScheme = Files.writeString(dir.resolve("b.json"), """
                {"pipeline": "b",
                 "exporters": [{"name": "vl", "endpoint": "127.0.0.1:18104/v1/logs"}]}
                """);

        // when
        CollectorJar.Result result = CollectorJar.run(60, "--config", dir.toString(), "--validate-only");

        // then
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr().lines()).containsExactly(
                noScheme + ":2:31: exporters[0].endpoint: \"127.0.0.1:18104/v1/logs\" must be an absolute http or https URL, "
                        + "e.g. http://127.0.0.1:18104/v1/logs",
                noScheme + ": 1 problem",
                broken + ":2:16: not valid JSON: Unexpected close marker '}': expected ']'",
                broken + ": 1 problem");
    }

    @Test
    void theAgentLogsTrueLogfmtByDefault() throws Exception {
        try (CollectorJar agent = CollectorJar.start(agentArguments())) {
            // when
            agent.awaitOutput("event=agent_started");

            // then
            List<String> lines = agent.stderr().lines().toList();
            assertThat(lines).isNotEmpty().allSatisfy(line -> assertThat(line)
                    .matches("time=\\d{4}-\\d\\d-\\d\\dT\\S+Z level=(debug|info|warn|error) logger=\\w+ (event=\\w+|msg=\".*\")( \\S+=(\"([^\"\\\\]|\\\\.)*\"|[^\" ]+))*"));
            assertThat(lines).anySatisfy(line -> assertThat(line).contains("level=info logger=CollectorPipeline event=pipeline_started "
                    + "pipeline=monitoring/default backends=1 metadata=false"));
        }
    }

    @Test
    void theAgentLogsOneJsonObjectPerLineWithTheOperatorsKeys() throws Exception {
        try (CollectorJar agent = CollectorJar.start(agentArguments("--log-format", "json"))) {
            // when
            agent.awaitOutput("\"event\":\"agent_started\"");

            // then
            ObjectMapper json = new ObjectMapper();
            List<JsonNode> lines = agent.stderr().lines().map(line -> {
                try {
                    return json.readTree(line);
                } catch (Exception e) {
                    throw new AssertionError("not JSON: " + line, e);
                }
            }).toList();
            assertThat(lines).allSatisfy(line -> assertThat(line.fieldNames()).toIterable()
                    .contains("timestamp", "sequence", "loggerName", "level", "message", "threadName", "threadId"));
            JsonNode started = lines.stream().filter(line -> line.path("event").asText().equals("pipeline_started")).findFirst().orElseThrow();
            assertThat(started.get("level").asText()).isEqualTo("INFO");
            assertThat(started.get("loggerName").asText()).isEqualTo("io.logpipeline.collector.pipeline.CollectorPipeline");
            assertThat(started.get("message").asText()).isEqualTo("event=pipeline_started pipeline=monitoring/default backends=1 metadata=false");
            assertThat(started.get("pipeline").asText()).isEqualTo("monitoring/default");
        }
    }

    @Test
    void atDebugTheJdkSecurityLoggerAndOkHttpStayQuiet() throws Exception {
        // given: an https backend, so the exporter loads the JDK's CA certificates
        try (CollectorJar agent = CollectorJar.start(agentArguments("--log-level", "debug"))) {
            // when
            agent.awaitOutput("event=backend_unreachable");

            // then
            assertThat(agent.stderr()).contains("level=debug").doesNotContain("X509Certificate", "logger=security", "TaskRunner");
        }
    }

    private String[] agentArguments(String... more) throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Files.writeString(logs.resolve("app.log"), "hello\n");
        Path config = Files.writeString(dir.resolve("monitoring_default.json"), """
                {"pipeline": "default", "namespace": "monitoring",
                 "input": {"paths": {"include": ["%s/*.log"]}, "startAt": "beginning", "format": "raw"},
                 "kubernetes": {"enabled": false},
                 "exporters": [{"name": "down", "endpoint": "https://127.0.0.1:1/v1/logs"}]}
                """.formatted(logs));
        List<String> arguments = new java.util.ArrayList<>(List.of("--config", config.toString(), "--telemetry-address", "127.0.0.1",
                "--telemetry-port", "0", "--checkpoint-root", dir.resolve("checkpoints").toString()));
        arguments.addAll(List.of(more));
        return arguments.toArray(String[]::new);
    }
}
