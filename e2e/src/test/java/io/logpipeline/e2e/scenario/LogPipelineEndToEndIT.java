package io.logpipeline.e2e.scenario;

import static io.logpipeline.e2e.scenario.ProductCluster.AGENT_NS;
import static io.logpipeline.e2e.scenario.ProductCluster.NODES;
import static io.logpipeline.e2e.scenario.ProductCluster.columns;
import static io.logpipeline.e2e.scenario.ProductCluster.workload;
import static io.logpipeline.e2e.scenario.ReceivedRecords.assertAllArrived;
import static io.logpipeline.e2e.scenario.ReceivedRecords.fields;
import static io.logpipeline.e2e.scenario.ReceivedRecords.sequencesByApp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.logpipeline.e2e.controlplane.Kubectl;
import io.logpipeline.e2e.kubelet.RunningPod;
import io.logpipeline.e2e.launch.ProductJars;
import io.logpipeline.e2e.sink.OtlpLogSink;
import io.logpipeline.e2e.sink.OtlpLogSink.ReceivedLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The product as a user runs it (DESIGN §7.5): the chart installed with Helm, the operator under the
 * chart's ServiceAccount and RBAC, the samples applied with kubectl, the one node agent DaemonSet
 * run as a process per fake node reading that node's container logs, and an OTLP sink as the VictoriaLogs backend. The tests
 * share the cluster ({@link ProductCluster}) and run in order: the pipeline comes up, logs flow, broken pipelines
 * explain themselves, a rotated header Secret reaches the agents live, and deleting the pipeline removes everything
 * it rendered. Several pipelines on the one agent, tenancy, edits, outages and rejections: {@link TenantPipelinesEndToEndIT}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LogPipelineEndToEndIT {

  private static final String NS = "monitoring";

  private static ProductCluster cluster;
  private static Kubectl kubectl;
  private static final OtlpLogSink sink = OtlpLogSink.start();

  @BeforeAll
  static void installProduct() throws IOException {
    cluster = ProductCluster.install();
    kubectl = cluster.kubectl();
    kubectl.run("create", "namespace", NS);
    Path project = ProductJars.projectDir();
    String token = Files.readString(project.resolve("samples/secrets/otlp-token.yaml"))
        .replace("REPLACE-WITH-YOUR-TOKEN", "first-token");
    String backend = Files.readString(project.resolve("samples/backends/victorialogs.yaml"))
        .replace("http://victorialogs:9428/insert/opentelemetry/v1/logs", sink.endpoint())
        // the token Secret as a header, so rotating it can be watched end to end
        .replace("    headers:\n", "    headers:\n"
            + "      - name: Authorization\n        valueFrom: {secretKeyRef: {name: otlp-token, key: header}}\n");
    assertThat(backend).contains(sink.endpoint()).contains("otlp-token");
    cluster.apply(NS, token, backend, Files.readString(project.resolve("samples/logpipeline.yaml")));
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
    sink.close();
  }

  @Test
  @Order(1)
  void samplePipelineBecomesReadyWithOneCollectorPerNode() {
    // given the chart and the samples applied in installProduct

    // when the operator has rendered the collectors and the process kubelet runs them

    // then
    await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() ->
        assertThat(columns(kubectl.run("get", "logpipelines", "-n", NS, "--no-headers"), 4))
            .containsExactly(List.of("default", "True", "Ready", "2/2")));
    assertThat(kubectl.run("get", "lp", "default", "-n", NS, "-o",
        "jsonpath={.status.collectors.desired} {.status.collectors.updated}")).isEqualTo("2 2");
    // one shared agent DaemonSet in the release namespace, and none in the pipeline's namespace
    assertThat(columns(kubectl.run("get", "daemonsets", "-A", "--no-headers", "-o",
        "custom-columns=NS:.metadata.namespace,NAME:.metadata.name,DESIRED:.status.desiredNumberScheduled"), 3))
        .containsExactly(List.of(AGENT_NS, "logpipeline-collector", "2"));
    assertThat(cluster.collectorPods()).extracting(RunningPod::nodeName).containsExactlyInAnyOrderElementsOf(NODES);
  }

  @Test
  @Order(2)
  void labelledPodsLogsArriveWithKubernetesMetadataAndNothingElseDoes() {
    // given
    cluster.applyAsIs(workload("shop", "checkout", "node-a", true), workload("shop", "payments", "node-b", true),
        workload("shop", "unlabelled", "node-a", false), workload("kube-system", "system", "node-b", true));

    // when the workloads have written for a while
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
        assertThat(sequencesByApp(sink.accepted())).containsKeys("checkout", "payments")
            .allSatisfy((app, sequences) -> assertThat(sequences).hasSizeGreaterThan(10)));

    // then
    ReceivedLog checkout = sink.accepted().stream().filter(log -> "checkout".equals(fields(log).get("app")))
        .findFirst().orElseThrow();
    assertThat(fields(checkout))
        .containsEntry("k8s.namespace.name", "shop")
        .containsEntry("k8s.node.name", "node-a")
        .containsEntry("k8s.deployment.name", "checkout")
        .containsEntry("k8s.container.name", "main")
        .containsEntry("container.image.name", "e2e/logger")
        .containsEntry("container.image.tag", "1")
        .containsEntry("k8s.pod.labels.project_name", "shop-checkout")
        .containsEntry("service.name", "shop-checkout")
        .containsEntry("k8s.cluster.name", "prod")
        .containsKey("k8s.pod.uid");
    assertThat(fields(checkout).get("k8s.pod.name")).startsWith("checkout-");
    assertThat(checkout.severityText()).isEqualTo("INFO");
    assertThat(checkout.headers()).containsEntry("authorization", "Bearer first-token")
        .containsEntry("vl-stream-fields", "k8s.namespace.name,k8s.pod.name,k8s.container.name");
    assertThat(sink.accepted()).filteredOn(log -> "payments".equals(fields(log).get("app")))
        .allSatisfy(log -> assertThat(fields(log)).containsEntry("k8s.node.name", "node-b"));
    // the excluded namespace's and the unlabelled pod's lines were written, on the same nodes, and not shipped
    assertThat(cluster.writtenLines("kube-system", "system")).isGreaterThan(10);
    assertThat(cluster.writtenLines("shop", "unlabelled")).isGreaterThan(10);
    assertThat(sequencesByApp(sink.accepted())).containsOnlyKeys("checkout", "payments");
    assertThat(sink.accepted()).noneMatch(log -> "kube-system".equals(fields(log).get("k8s.namespace.name")));
  }

  @Test
  @Order(3)
  void brokenPipelinesExplainTheProblemWithTheFieldPath() {
    // given
    String brokenRegex = """
        apiVersion: logpipeline.io/v1alpha1
        kind: LogPipeline
        metadata: {name: broken-regex, namespace: monitoring}
        spec:
          input:
            parsers:
              - regex: {pattern: '(?P<level>[A-Z+', parseFrom: body}
          backendRefs: [{name: victorialogs}]
        """;
    String missingBackend = """
        apiVersion: logpipeline.io/v1alpha1
        kind: LogPipeline
        metadata: {name: missing-backend, namespace: monitoring}
        spec:
          backendRefs: [{name: nowhere}]
        """;

    // when
    cluster.apply(NS, brokenRegex, missingBackend);

    // then
    String conditions = "-o=jsonpath={range .status.conditions[*]}{.type}={.status} {end}";
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
      assertThat(kubectl.run("get", "lp", "broken-regex", "-n", NS, conditions)).contains("Accepted=False")
          .contains("Ready=False");
      assertThat(kubectl.run("get", "lp", "missing-backend", "-n", NS, conditions)).contains("BackendsResolved=False")
          .contains("Ready=False");
    });
    String table = kubectl.run("get", "lp", "-n", NS, "-o", "wide");
    assertThat(table.lines().filter(line -> line.startsWith("broken-regex")).findFirst().orElseThrow())
        .contains("False").contains("spec.input.parsers[0].regex.pattern");
    assertThat(table.lines().filter(line -> line.startsWith("missing-backend")).findFirst().orElseThrow())
        .contains("False").contains("spec.backendRefs[0]").contains("nowhere");
    kubectl.run("delete", "lp", "broken-regex", "missing-backend", "-n", NS, "--timeout=60s");
  }

  @Test
  @Order(4)
  void rotatingTheHeaderSecretReachesTheAgentsLiveWithoutLosingALine() throws IOException {
    // given
    String hashBefore = kubectl.run("get", "lp", "default", "-n", NS, "-o", "jsonpath={.status.configHash}");
    Set<Long> collectorsBefore = cluster.collectorPids();

    // when
    cluster.apply(NS, Files.readString(ProductJars.projectDir().resolve("samples/secrets/otlp-token.yaml"))
        .replace("REPLACE-WITH-YOUR-TOKEN", "second-token"));

    // then the config hash changes and both agents load it live: same processes, CollectorReady again
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
        assertThat(kubectl.run("get", "lp", "default", "-n", NS, "-o", "jsonpath={.status.configHash}"))
            .isNotEmpty().isNotEqualTo(hashBefore));
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
        assertThat(kubectl.run("get", "lp", "default", "-n", NS, "-o",
            "jsonpath={.status.conditions[?(@.type==\"CollectorReady\")].reason} {.status.collectors.summary}"))
            .isEqualTo("Running 2/2"));
    assertThat(cluster.collectorPids()).isEqualTo(collectorsBefore);
    // the agents send the new header
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
        assertThat(sink.accepted()).anyMatch(log -> "Bearer second-token".equals(log.headers().get("authorization"))));
    // and every line written before, during and just after the reload arrives
    int checkout = cluster.writtenLines("shop", "checkout");
    int payments = cluster.writtenLines("shop", "payments");
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
      assertAllArrived(sink, "checkout", checkout);
      assertAllArrived(sink, "payments", payments);
    });
  }

  @Test
  @Order(5)
  void deletingThePipelineRemovesEverythingItRendered() {
    // given: its ConfigMap and Secret in the agent namespace, and the agent DaemonSet (the only pipeline left)
    String[] objects = {"get", "configmap/lp.monitoring.default", "secret/lp.monitoring.default",
        "daemonset/logpipeline-collector", "-n", AGENT_NS, "-o", "name", "--ignore-not-found"};
    assertThat(kubectl.run(objects).lines()).containsExactlyInAnyOrder(
        "configmap/lp.monitoring.default", "secret/lp.monitoring.default", "daemonset.apps/logpipeline-collector");

    // when
    kubectl.run("delete", "logpipeline", "default", "-n", NS, "--timeout=60s");

    // then
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
      assertThat(kubectl.run(objects)).isEmpty();
      assertThat(cluster.collectorPods()).isEmpty();
    });
    assertThat(kubectl.run("get", "logbackend", "victorialogs", "-n", NS, "-o", "name"))
        .isEqualTo("logbackend.logpipeline.io/victorialogs\n");
  }
}
