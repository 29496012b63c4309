package io.logpipeline.collector.agent;

import static io.logpipeline.collector.agent.AgentPipelines.pipeline;
import static io.logpipeline.collector.agent.AgentPipelines.writeLines;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubeapitest.junit.EnableKubeAPIServer;
import io.fabric8.kubeapitest.junit.KubeConfig;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.logpipeline.api.agent.AgentContract;
import io.logpipeline.api.agent.AgentReport;
import io.logpipeline.api.agent.AgentReportJson;
import io.logpipeline.api.config.CollectorConfig;
import io.logpipeline.api.config.CollectorConfigJson;
import io.logpipeline.api.config.HeaderConfig;
import io.logpipeline.api.config.ValueSource;
import io.logpipeline.collector.export.OtlpSink;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent in a cluster, against a real kube-apiserver: it finds its pipelines in the labelled ConfigMaps and
 * Secrets of its namespace through a watch, resolves credentials from the Secret, and reports what it runs,
 * refuses and delivers in its report ConfigMap, as the operator reads it.
 */
@EnableKubeAPIServer(kubeAPIVersion = "1.20.2", apiServerFlags = "--bind-address=127.0.0.1")
class KubernetesAgentTest {

    private static final String AGENT_NAMESPACE = "logpipeline-system";
    private static final String NODE = "node-1";
    private static final String OBJECT = AgentContract.pipelineObjectName("team-a", "a");

    @KubeConfig
    static String kubeConfig;

    @TempDir
    Path root;

    private KubernetesClient client;
    private OtlpSink sink;
    private NodeAgent agent;

    @BeforeEach
    void start() throws Exception {
        client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeConfig)).build();
        if (client.namespaces().withName(AGENT_NAMESPACE).get() == null) {
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(AGENT_NAMESPACE).endMetadata().build()).create();
        }
        sink = OtlpSink.http();
    }

    @AfterEach
    void stop() {
        if (agent != null) {
            agent.stop(Duration.ofSeconds(5));
        }
        sink.close();
        client.configMaps().inNamespace(AGENT_NAMESPACE).delete();
        client.secrets().inNamespace(AGENT_NAMESPACE).delete();
        client.close();
    }

    @Test
    void runsThePipelineOfALabelledConfigMapWithItsSecretAndReportsRunningRejectedAndDelivered() throws Exception {
        // given: the objects the operator writes for LogPipeline team-a/a, with its token in the Secret
        String json = configJson("100ms");
        Map<String, String> credentials = Map.of("backend-a-0", "Bearer s3cret");
        writeSecret(credentials);
        writeConfigMap(json);
        writeLines(root, "ns-a", 1, 10);

        // when
        agent = new NodeAgent(new NodeAgent.Settings(List.of(), AGENT_NAMESPACE, NODE, root.resolve("checkpoints"), null, false,
                "127.0.0.1", 0, Duration.ofSeconds(5), Duration.ofSeconds(1)),
                () -> new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeConfig)).build());
        agent.start();

        // then: the lines arrive with the Secret's token, and the report says which configuration runs and what it sent
        await().atMost(Duration.ofSeconds(30)).until(() -> sink.acceptedRecords().size() == 10);
        assertThat(sink.received().get(0).headers().getFirst("Authorization")).isEqualTo("Bearer s3cret");
        String runningHash = AgentContract.configHash(json, credentials);
        await().atMost(Duration.ofSeconds(30)).until(() -> pipelineReport() != null && pipelineReport().backends().size() == 1
                && pipelineReport().backends().get(0).sent() == 10);
        AgentReport.PipelineReport running = pipelineReport();
        assertThat(running.runningConfigHash()).isEqualTo(runningHash);
        assertThat(running.rejectedConfigHash()).isNull();
        assertThat(running.backends().get(0)).satisfies(backend -> {
            assertThat(backend.name()).isEqualTo("backend-a");
            assertThat(backend.failed()).isZero();
            assertThat(backend.retryingSince()).isNull();
        });
        assertThat(report().node()).isEqualTo(NODE);
        ConfigMap reportObject = client.configMaps().inNamespace(AGENT_NAMESPACE).withName(AgentContract.agentReportName(NODE)).get();
        assertThat(reportObject.getMetadata().getLabels()).containsEntry(AgentContract.LABEL_ROLE, AgentContract.ROLE_AGENT_REPORT);
        assertThat(reportObject.getData().get(AgentContract.AGENT_REPORT_KEY)).doesNotContain("s3cret");

        // when: an edit the agent must refuse
        writeConfigMap(configJson("soon"));

        // then: the old configuration keeps running and the report says why the new one was refused
        await().atMost(Duration.ofSeconds(20)).until(() -> pipelineReport().rejectedConfigHash() != null);
        assertThat(pipelineReport().runningConfigHash()).isEqualTo(runningHash);
        assertThat(pipelineReport().rejectedMessage()).contains("batch.timeout");
        writeLines(root, "ns-a", 11, 20);
        await().atMost(Duration.ofSeconds(30)).until(() -> sink.acceptedRecords().size() == 20);

        // when: the LogPipeline is deleted
        client.configMaps().inNamespace(AGENT_NAMESPACE).withName(OBJECT).delete();

        // then: the pipeline stops, its checkpoints go, and the report no longer lists it
        await().atMost(Duration.ofSeconds(20)).until(() -> report().pipelines().isEmpty());
        assertThat(AgentContract.checkpointDirectory(root.resolve("checkpoints"), "team-a", "a")).doesNotExist();
    }

    private String configJson(String batchTimeout) {
        CollectorConfig config = pipeline(root, "team-a", "a", List.of("ns-a"), sink.endpoint(), "1");
        config.getBatch().setTimeout(batchTimeout);
        config.getExporters().get(0).setHeaders(List.of(new HeaderConfig("Authorization", ValueSource.fromSecretKey("backend-a-0"))));
        return CollectorConfigJson.write(config);
    }

    private void writeConfigMap(String json) {
        client.resource(new ConfigMapBuilder().withNewMetadata().withName(OBJECT).withNamespace(AGENT_NAMESPACE)
                        .addToLabels(AgentContract.LABEL_ROLE, AgentContract.ROLE_PIPELINE_CONFIG)
                        .addToAnnotations(AgentContract.ANNOTATION_PIPELINE, "team-a/a").endMetadata()
                        .addToData(AgentContract.PIPELINE_CONFIG_KEY, json).build())
                .forceConflicts().serverSideApply();
    }

    private void writeSecret(Map<String, String> values) {
        SecretBuilder secret = new SecretBuilder().withNewMetadata().withName(OBJECT).withNamespace(AGENT_NAMESPACE)
                .addToLabels(AgentContract.LABEL_ROLE, AgentContract.ROLE_PIPELINE_CREDENTIALS).endMetadata();
        values.forEach((key, value) -> secret.addToData(key, Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))));
        client.resource(secret.build()).forceConflicts().serverSideApply();
    }

    private AgentReport report() throws Exception {
        ConfigMap object = client.configMaps().inNamespace(AGENT_NAMESPACE).withName(AgentContract.agentReportName(NODE)).get();
        return object == null ? null : AgentReportJson.parse(object.getData().get(AgentContract.AGENT_REPORT_KEY));
    }

    /** The report's entry for team-a/a; null while there is no report or it does not list the pipeline (yet). */
    private AgentReport.PipelineReport pipelineReport() throws Exception {
        AgentReport report = report();
        return report == null ? null : report.pipelines().stream().filter(p -> p.name().equals("a")).findFirst().orElse(null);
    }
}
