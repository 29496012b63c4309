package io.logpipeline.operator.pipeline;

import static io.logpipeline.operator.Manifests.backend;
import static io.logpipeline.operator.Manifests.pipeline;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubeapitest.junit.EnableKubeAPIServer;
import io.fabric8.kubeapitest.junit.KubeConfig;
import io.logpipeline.api.agent.AgentReport;
import io.logpipeline.api.agent.AgentReport.BackendReport;
import io.logpipeline.api.agent.AgentReport.PipelineReport;
import io.logpipeline.api.v1alpha1.BackendStatus;
import io.logpipeline.api.v1alpha1.LogBackend;
import io.logpipeline.api.v1alpha1.LogPipeline;
import io.logpipeline.operator.AgentFixtures;
import io.logpipeline.operator.RunningOperator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * LogPipeline and LogBackend status from the node agents' reports, on a real kube-apiserver: the test writes the
 * report ConfigMaps the collectors would write (AgentContract) and the DaemonSet status the controller would. Every
 * report is dated at the operator's pinned clock ({@link RunningOperator#NOW}).
 */
@EnableKubeAPIServer(kubeAPIVersion = "1.20.2")
class PipelineStatusFromReportsTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String NOW = RunningOperator.NOW.toString();
    private static final String TWO_MINUTES_AGO = RunningOperator.NOW.minusSeconds(120).toString();

    @KubeConfig
    static String kubeConfigYaml;

    private static RunningOperator operator;
    private static KubernetesClient client;
    private String ns;
    private final List<String> nodes = new ArrayList<>();

    @BeforeAll
    static void startOperator() throws Exception {
        operator = RunningOperator.start(kubeConfigYaml);
        client = operator.client;
    }

    @AfterAll
    static void stopOperator() {
        operator.close();
    }

    @BeforeEach
    void pipelineOnTwoNodes() {
        ns = operator.newNamespace();
        apply(backend(ns, "victorialogs", "http://victorialogs:9428/insert/opentelemetry/v1/logs"));
        apply(pipeline(ns, "default", "victorialogs"));
        await().atMost(WAIT).until(() -> AgentFixtures.daemonSet(client) != null && configHash() != null);
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> AgentFixtures.daemonSetStatus(client, 2));
        nodes.clear();
        nodes.add(ns + "-node-a");
        nodes.add(ns + "-node-b");
    }

    @org.junit.jupiter.api.AfterEach
    void agentsLeave() {
        nodes.forEach(node -> AgentFixtures.deleteReport(client, node));
    }

    @Test
    void collectorReadyCountsTheAgentsRunningTheCurrentConfiguration() throws Exception {
        // given
        String hash = configHash();

        // when one of two agents runs it
        report(nodes.get(0), running(hash, backendReport(120, 0, 0, null, null, false, null)));

        // then
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(condition("CollectorReady")).extracting(Condition::getStatus, Condition::getReason, Condition::getMessage)
                    .containsExactly("False", "Updating", "1/2 node agents run configuration " + hash + "; 0 run an older one.");
            assertThat(status().getCollectors().getSummary()).isEqualTo("1/2");
        });

        // when the second one runs it too
        report(nodes.get(1), running(hash, backendReport(80, 0, 0, null, null, false, null)));

        // then
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(condition("CollectorReady")).extracting(Condition::getStatus, Condition::getReason).containsExactly("True", "Running");
            assertThat(condition("Delivering")).extracting(Condition::getStatus, Condition::getReason).containsExactly("True", "Delivering");
            assertThat(condition("Ready")).extracting(Condition::getStatus, Condition::getReason).containsExactly("True", "Ready");
            assertThat(status().getBackends()).containsExactly(new BackendStatus("victorialogs", 200L, 0L, 0L, null, null));
        });
        String table = operator.kubectl("get", "logpipelines", "-n", ns);
        System.out.println("kubectl get logpipelines -n " + ns + "\n" + table);
        assertThat(KubectlTable.row(table, "default")).containsEntry("READY", "True").containsEntry("REASON", "Ready")
                .containsEntry("COLLECTORS", "2/2").containsEntry("SENT (5M)", "200").containsEntry("FAILED (5M)", "0");
        // a rollout passing through Updating is no Warning; reaching Running is announced
        assertThat(client.v1().events().inNamespace(ns).list().getItems()).filteredOn(e -> "default".equals(e.getInvolvedObject().getName())
                        && "LogPipeline".equals(e.getInvolvedObject().getKind()))
                .extracting(e -> e.getType() + "/" + e.getReason())
                .contains("Normal/Running").doesNotContain("Warning/Updating");
    }

    @Test
    void anAgentThatRefusesTheConfigurationIsConfigRejectedWithItsMessage() {
        // given
        String hash = configHash();
        report(nodes.get(0), running(hash, backendReport(1, 0, 0, null, null, false, null)));

        // when
        report(nodes.get(1), new PipelineReport(ns, "default", null, hash,
                "spec.input.multiline.firstLinePattern: does not compile on this agent; fix the pattern", Map.of(), List.of()));

        // then
        await().atMost(WAIT).untilAsserted(() -> assertThat(condition("CollectorReady"))
                .extracting(Condition::getStatus, Condition::getReason, Condition::getMessage)
                .containsExactly("False", "ConfigRejected", "The node agent on " + nodes.get(1) + " refused configuration " + hash
                        + ": spec.input.multiline.firstLinePattern: does not compile on this agent; fix the pattern"));
        assertThat(condition("Ready").getReason()).isEqualTo("ConfigRejected");
    }

    @Test
    void aBackendRetryingForOverAMinuteIsUnreachableOnThePipelineAndTheBackend() {
        // given
        String hash = configHash();
        report(nodes.get(0), running(hash, backendReport(50, 0, 0, null, null, false, null)));

        // when
        report(nodes.get(1), running(hash, backendReport(0, 0, 0, "connection refused", NOW, false, TWO_MINUTES_AGO)));

        // then
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(condition("Delivering")).extracting(Condition::getStatus, Condition::getReason).containsExactly("False", "BackendUnreachable");
            assertThat(condition("Delivering").getMessage()).isEqualTo("LogBackend \"victorialogs\" has been unreachable for over 60s from 1 node(s);"
                    + " the agents retry and keep the records; last error: connection refused (node " + nodes.get(1) + ", " + NOW + ")");
            assertThat(condition("Ready")).extracting(Condition::getStatus, Condition::getReason).containsExactly("False", "BackendUnreachable");
            assertThat(backendCondition("Reachable")).extracting(Condition::getStatus, Condition::getReason).containsExactly("False", "BackendUnreachable");
            assertThat(backendCondition("Reachable").getMessage()).contains("LogPipeline default").contains("connection refused");
        });

        // when the backend is back
        report(nodes.get(1), running(hash, backendReport(30, 0, 0, "connection refused", NOW, false, null)));

        // then
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(condition("Delivering")).extracting(Condition::getStatus, Condition::getReason).containsExactly("True", "Delivering");
            assertThat(backendCondition("Reachable")).extracting(Condition::getStatus, Condition::getReason).containsExactly("True", "Reachable");
        });
    }

    @Test
    void aBackendAnswering401IsRejecting() {
        // given
        String hash = configHash();
        report(nodes.get(0), running(hash, backendReport(0, 0, 0, null, null, false, null)));

        // when
        report(nodes.get(1), running(hash, backendReport(0, 12, 0, "HTTP 401 Unauthorized", NOW, true, null)));

        // then
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(condition("Delivering")).extracting(Condition::getStatus, Condition::getReason).containsExactly("False", "BackendRejecting");
            assertThat(condition("Delivering").getMessage()).startsWith("LogBackend \"victorialogs\" rejects records on 1 node(s)")
                    .endsWith("last error: HTTP 401 Unauthorized (node " + nodes.get(1) + ", " + NOW + ")");
            assertThat(status().getBackends()).containsExactly(new BackendStatus("victorialogs", 0L, 12L, 0L, "HTTP 401 Unauthorized", NOW));
            assertThat(backendCondition("Reachable").getReason()).isEqualTo("BackendRejecting");
        });
    }

    @Test
    void droppedRecordsAreCountedWithTheirReasons() {
        // given
        String hash = configHash();
        report(nodes.get(0), running(hash, backendReport(10, 0, 0, null, null, false, null)));

        // when
        // (as an agent reports them: the backend's 2 dropped are also queue_full in the pipeline's reasons; filtered
        // records are no delivery problem; bytes lost to a truncated file are)
        report(nodes.get(1), new PipelineReport(ns, "default", hash, null, null, Map.of("truncated", 3L, "queue_full", 2L),
                List.of(backendReport(10, 0, 2, null, null, false, null)), 40, Map.of("truncated", 900L)));

        // then
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(condition("Delivering")).extracting(Condition::getStatus, Condition::getReason, Condition::getMessage)
                    .containsExactly("False", "RecordsDropped", "5 record(s) not delivered in the last 5m on 2 node(s):"
                            + " LogBackend \"victorialogs\" failed 0, dropped 2; truncated 3;"
                            + " 900 byte(s) of log files lost before they were read (truncated)");
            assertThat(status().getBackends()).containsExactly(new BackendStatus("victorialogs", 20L, 0L, 2L, null, null));
        });
    }

    @Test
    void aStaleReportCountsForNothing() {
        // given
        String hash = configHash();
        report(nodes.get(0), running(hash, backendReport(10, 0, 0, null, null, false, null)));

        // when the other node's agent last wrote ten minutes ago
        AgentFixtures.writeReport(client, new AgentReport(nodes.get(1), RunningOperator.NOW.minusSeconds(600).toString(),
                List.of(running(hash, backendReport(99, 0, 0, null, null, false, null)))));

        // then
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(condition("CollectorReady")).extracting(Condition::getStatus, Condition::getReason).containsExactly("False", "Updating");
            assertThat(status().getBackends()).extracting(BackendStatus::getSent).containsExactly(10L);
        });
    }

    private PipelineReport running(String hash, BackendReport backend) {
        return new PipelineReport(ns, "default", hash, null, null, Map.of(), List.of(backend));
    }

    private static BackendReport backendReport(long sent, long failed, long dropped, String lastError, String lastErrorTime,
            boolean permanent, String retryingSince) {
        return new BackendReport("victorialogs", sent, failed, dropped, lastError, lastErrorTime, permanent, retryingSince);
    }

    private void report(String node, PipelineReport pipeline) {
        AgentFixtures.writeReport(client, new AgentReport(node, NOW, List.of(pipeline)));
    }

    private <T extends HasMetadata> void apply(T object) {
        client.resource(object).forceConflicts().serverSideApply();
    }

    private io.logpipeline.api.v1alpha1.LogPipelineStatus status() {
        return client.resources(LogPipeline.class).inNamespace(ns).withName("default").get().getStatus();
    }

    private String configHash() {
        LogPipeline current = client.resources(LogPipeline.class).inNamespace(ns).withName("default").get();
        return current == null || current.getStatus() == null ? null : current.getStatus().getConfigHash();
    }

    private Condition condition(String type) {
        return status().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst()
                .orElseThrow(() -> new AssertionError("no condition " + type + " in " + status().getConditions()));
    }

    private Condition backendCondition(String type) {
        LogBackend backend = client.resources(LogBackend.class).inNamespace(ns).withName("victorialogs").get();
        return backend.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst()
                .orElseThrow(() -> new AssertionError("no condition " + type + " in " + backend.getStatus().getConditions()));
    }
}
