package io.logpipeline.api.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipeline.api.agent.AgentReport.BackendReport;
import io.logpipeline.api.agent.AgentReport.PipelineReport;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentContractTest {

    @Test
    void pipelineObjectNamesAreUniquePerNamespaceAndName() {
        // given two pipelines whose namespace and name would collide if joined with a dash
        // when
        String first = AgentContract.pipelineObjectName("team-a", "logs");
        String second = AgentContract.pipelineObjectName("team", "a-logs");

        // then
        assertThat(first).isEqualTo("lp.team-a.logs");
        assertThat(second).isEqualTo("lp.team.a-logs");
    }

    @Test
    void overlongNamesAreShortenedToAValidObjectNameThatStaysUnique() {
        // given names of 253 characters, the longest a LogPipeline may have
        String longName = "x".repeat(252);

        // when
        String a = AgentContract.pipelineObjectName("ns", longName + "a");
        String b = AgentContract.pipelineObjectName("ns", longName + "b");

        // then
        assertThat(a).hasSize(253).isNotEqualTo(b);
        assertThat(b).hasSize(253);
    }

    @Test
    void configHashChangesWithConfigurationAndWithCredentialsButNotWithTheirOrder() {
        // given
        String json = "{\"pipeline\":\"p\"}";

        // when
        String base = AgentContract.configHash(json, Map.of("a", "1", "b", "2"));

        // then
        assertThat(base).hasSize(16);
        assertThat(AgentContract.configHash(json, new java.util.LinkedHashMap<>(Map.of("b", "2", "a", "1")))).isEqualTo(base);
        assertThat(AgentContract.configHash(json, Map.of("a", "1", "b", "3"))).isNotEqualTo(base);
        assertThat(AgentContract.configHash("{\"pipeline\":\"q\"}", Map.of("a", "1", "b", "2"))).isNotEqualTo(base);
    }

    @Test
    void theOperatorsBase64SecretDataAndTheAgentsDecodedValuesGiveTheSameHash() {
        // given what the operator renders (Secret data, base64) and what the agent reads (decoded values)
        String json = "{\"pipeline\":\"p\"}";
        Map<String, String> data = Map.of("header-0", java.util.Base64.getEncoder().encodeToString("Bearer t0k3n".getBytes()));

        // when / then
        assertThat(AgentContract.configHashOfSecretData(json, data))
                .isEqualTo(AgentContract.configHash(json, Map.of("header-0", "Bearer t0k3n")));
    }

    @Test
    void checkpointDirectoryKeepsThePerPipelineLayoutOfOlderVersions() {
        assertThat(AgentContract.checkpointDirectory(Path.of(AgentContract.CHECKPOINT_ROOT), "monitoring", "default"))
                .isEqualTo(Path.of("/var/lib/logpipeline/monitoring_default"));
    }

    @Test
    void reportsRoundTripAndTolerateFieldsFromANewerAgent() throws Exception {
        // given
        AgentReport report = new AgentReport("node-1", "2026-12-04T17:00:00Z", List.of(new PipelineReport("monitoring",
                "default", "9f2c41d0aa11bb22", null, null, Map.of("truncated", 3L),
                List.of(new BackendReport("victorialogs", 120, 0, 0, "HTTP 503 Service Unavailable",
                        "2026-12-04T16:59:00Z", false, "2026-12-04T16:58:00Z")))));

        // when
        String json = AgentReportJson.write(report);
        AgentReport read = AgentReportJson.parse(json.replaceFirst("\\{", "{\"fromTheFuture\":1,"));

        // then
        assertThat(read).isEqualTo(report);
    }
}
