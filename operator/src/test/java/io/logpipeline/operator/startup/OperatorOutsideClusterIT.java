package io.logpipeline.operator.startup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubeapitest.junit.EnableKubeAPIServer;
import io.fabric8.kubeapitest.junit.KubeConfig;
import io.logpipeline.api.agent.AgentContract;
import io.logpipeline.api.v1alpha1.LogPipeline;
import io.logpipeline.operator.Manifests;
import io.logpipeline.operator.RunningOperator;
import io.logpipeline.operator.config.OperatorBeans;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged operator run the way docs/operator.md tells a developer to: {@code java -jar quarkus-run.jar} with a
 * KUBECONFIG (a real kube-apiserver from kube-api-test), no pod around it.
 */
@EnableKubeAPIServer(kubeAPIVersion = "1.20.2")
class OperatorOutsideClusterIT {

    private static final String AGENT_NAMESPACE = "logpipeline-system";

    private static final Duration START = Duration.ofSeconds(90);

    @KubeConfig
    static String kubeConfigYaml;

    private static KubernetesClient client;
    @TempDir
    Path dir;
    private Process operator;
    private Path log;

    @BeforeAll
    static void crds() throws IOException {
        client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeConfigYaml)).build();
        RunningOperator.installCrds(client);
    }

    @AfterAll
    static void closeClient() {
        client.close();
    }

    @AfterEach
    void stopOperator() throws InterruptedException {
        if (operator != null) {
            operator.destroy();
            if (!operator.waitFor(20, TimeUnit.SECONDS)) {
                operator.destroyForcibly().waitFor();
            }
        }
    }

    @Test
    void startsWithoutLeaderElectionAndReconcilesAgainstAKubeconfig() throws Exception {
        // given a developer's shell: a kubeconfig whose context names no namespace, no pod environment
        int port = freePort();

        // when
        start(port, Map.of());

        // then it starts, says leader election is off, reconciles and serves /metrics
        await().atMost(START).until(() -> log().contains("event=operator-started"));
        assertThat(log()).contains("leaderElection=off").doesNotContain("Lease namespace is not set");
        String ns = reconcilesAPipeline();
        assertThat(client.resources(LogPipeline.class).inNamespace(ns).withName("default").get().getStatus().getConditions())
                .isNotEmpty();
        HttpResponse<String> metrics = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("operator_sdk_reconciliations_success_total");
        assertThat(operator.isAlive()).isTrue();
    }

    @Test
    void leaderElectionAsTheChartSetsItHoldsTheLeaseInTheGivenNamespace() throws Exception {
        // given the chart's settings: leader election on, the Lease in the release namespace
        Map<String, String> chart = Map.of("LOGPIPELINE_LEADER_ELECTION", "true", "LOGPIPELINE_LEASE_NAMESPACE", "default");

        // when
        start(freePort(), chart);

        // then
        await().atMost(START).until(() -> log().contains("event=operator-started"));
        assertThat(log()).contains("leaderElection=lease:default/" + OperatorBeans.LEASE_NAME);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                client.resources(Lease.class).inNamespace("default").withName(OperatorBeans.LEASE_NAME).get()).isNotNull());
        reconcilesAPipeline();
    }

    @Test
    void leaderElectionWithoutALeaseNamespaceStopsWithOneSentenceNamingTheFix() throws Exception {
        // given leader election asked for, but neither LOGPIPELINE_LEASE_NAMESPACE nor a kubeconfig namespace

        // when
        start(freePort(), Map.of("LOGPIPELINE_LEADER_ELECTION", "true"));

        // then
        assertThat(operator.waitFor(START.toSeconds(), TimeUnit.SECONDS)).as("operator exits; its log:%n%s", log()).isTrue();
        assertThat(operator.exitValue()).isEqualTo(1);
        assertThat(log()).contains("event=startup-failed reason=LeaseNamespaceUnknown message=\"Leader election is on but no"
                + " namespace for its Lease is known: set LOGPIPELINE_LEASE_NAMESPACE, or LOGPIPELINE_LEADER_ELECTION=false to run"
                + " a single operator\"");
    }

    /**
     * Creates a backend and a pipeline in a new namespace and waits for its ConfigMap and the agent DaemonSet in the
     * agent namespace (without POD_NAMESPACE: {@value #AGENT_NAMESPACE}, which Helm would create); returns the namespace.
     */
    private String reconcilesAPipeline() {
        String ns = "dev-" + UUID.randomUUID().toString().substring(0, 8);
        for (String namespace : List.of(ns, AGENT_NAMESPACE)) {
            if (client.namespaces().withName(namespace).get() == null) {
                client.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata()
                        .withName(namespace).endMetadata().build()).create();
            }
        }
        client.resource(Manifests.backend(ns, "victorialogs", "http://victorialogs:9428/insert/opentelemetry/v1/logs")).create();
        client.resource(Manifests.pipeline(ns, "default", "victorialogs")).create();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(client.apps().daemonSets().inNamespace(AGENT_NAMESPACE).withName(AgentContract.DAEMONSET_NAME).get())
                    .isNotNull();
            assertThat(client.configMaps().inNamespace(AGENT_NAMESPACE)
                    .withName(AgentContract.pipelineObjectName(ns, "default")).get()).isNotNull();
            assertThat(client.resources(LogPipeline.class).inNamespace(ns).withName("default").get().getStatus()).isNotNull();
        });
        return ns;
    }

    private void start(int port, Map<String, String> environment) throws IOException {
        // kube-api-test's context names namespace default; kind's, k3d's and most others name none
        String withoutNamespace = kubeConfigYaml.replaceAll("(?m)^\\s*namespace: default\\R", "");
        assertThat(withoutNamespace).doesNotContain("namespace:");
        Path kubeconfig = Files.writeString(dir.resolve("kubeconfig"), withoutNamespace);
        log = dir.resolve("operator.log");
        String java = ProcessHandle.current().info().command().orElse("java");
        // C1 only and a small serial heap: starts in seconds on a shared 2-core machine
        ProcessBuilder builder = new ProcessBuilder(List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m",
                "-jar", System.getProperty("logpipeline.operator.jar", "target/quarkus-app/quarkus-run.jar")))
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("KUBERNETES_") || name.startsWith("LOGPIPELINE_") || name.startsWith("QUARKUS_"));
        env.put("KUBECONFIG", kubeconfig.toString());
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.putAll(environment);
        operator = builder.start();
    }

    private String log() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
