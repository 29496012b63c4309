package io.logpipeline.e2e.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.marcnuri.helm.Helm;
import io.logpipeline.e2e.controlplane.ControlPlane;
import io.logpipeline.e2e.controlplane.Kubectl;
import io.logpipeline.e2e.kubelet.ContainerRuntime;
import io.logpipeline.e2e.kubelet.PodProcess;
import io.logpipeline.e2e.kubelet.PodProcessLauncher;
import io.logpipeline.e2e.kubelet.ProcessKubelet;
import io.logpipeline.e2e.kubelet.RunningPod;
import io.logpipeline.e2e.launch.CollectorLauncher;
import io.logpipeline.e2e.launch.OperatorLauncher;
import io.logpipeline.e2e.launch.ProductJars;
import io.logpipeline.e2e.nodes.FakeNodes;
import io.logpipeline.e2e.sink.OtlpLogSink;
import io.logpipeline.e2e.sink.OtlpLogSink.ReceivedLog;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
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
 * share the cluster and run in order: the pipeline comes up, logs flow, broken pipelines explain
 * themselves, a rotated header Secret reaches the agents live, an outage is ridden out, and deleting
 * the pipeline removes everything it rendered.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LogPipelineEndToEndIT {

  private static final String OPERATOR_IMAGE_REPOSITORY = "e2e/logpipeline-operator";
  private static final String COLLECTOR_IMAGE_REPOSITORY = "e2e/logpipeline-collector";
  private static final String IMAGE_TAG = "e2e";
  private static final String LOGGER_IMAGE = "e2e/logger:1";
  private static final List<String> NODES = List.of("node-a", "node-b");
  private static final String NS = "monitoring";
  /** The release namespace: the node agent and every pipeline's ConfigMap and Secret live here. */
  private static final String AGENT_NS = "logpipeline-system";
  private static final String DELIVERING = "jsonpath={.status.conditions[?(@.type==\"Delivering\")].status}"
      + " {.status.conditions[?(@.type==\"Delivering\")].reason}";
  private static final Pattern SEQUENCE = Pattern.compile("seq=(\\d+) ");

  private static ControlPlane controlPlane;
  private static ProcessKubelet kubelet;
  private static OtlpLogSink sink;
  private static Kubectl kubectl;

  @BeforeAll
  static void installProduct() throws IOException {
    controlPlane = ControlPlane.start();
    kubectl = controlPlane.kubectl();
    FakeNodes.create(controlPlane.adminClient(), NODES.toArray(String[]::new));
    sink = OtlpLogSink.start();
    kubelet = ProcessKubelet.start(controlPlane, PodProcessLauncher.byImage(Map.of(
        OPERATOR_IMAGE_REPOSITORY + ":" + IMAGE_TAG, new OperatorLauncher(),
        COLLECTOR_IMAGE_REPOSITORY + ":" + IMAGE_TAG, new CollectorLauncher(),
        LOGGER_IMAGE, sandbox -> new PodProcess(ContainerRuntime.start(sandbox, List.of("sh", "-c",
            // five numbered application lines a second, in the sample parser's "<time> <level> <message>" form
            "i=0; while true; do i=$((i+1)); echo \"$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ) INFO seq=$i pod=$HOSTNAME\";"
                + " sleep 0.2; done")), Map.of()))), NODES);

    Path project = ProductJars.projectDir();
    new Helm(project.resolve("helm/logpipeline-operator")).install()
        .withKubeConfig(controlPlane.adminKubeconfig())
        .withName("logpipeline").withNamespace(AGENT_NS).createNamespace()
        .set("image.repository", OPERATOR_IMAGE_REPOSITORY).set("image.tag", IMAGE_TAG)
        .set("collector.image.repository", COLLECTOR_IMAGE_REPOSITORY).set("collector.image.tag", IMAGE_TAG)
        .set("logFormat", "plain")
        // Kubernetes 1.20's OpenAPI does not know the CRDs' x-kubernetes-validations (CEL, for newer clusters)
        .disableOpenApiValidation()
        .call();

    kubectl.run("create", "namespace", NS);
    String token = Files.readString(project.resolve("samples/secrets/otlp-token.yaml"))
        .replace("REPLACE-WITH-YOUR-TOKEN", "first-token");
    String backend = Files.readString(project.resolve("samples/backends/victorialogs.yaml"))
        .replace("http://victorialogs:9428/insert/opentelemetry/v1/logs", sink.endpoint())
        // the token Secret as a header, so rotating it can be watched end to end
        .replace("    headers:\n", "    headers:\n"
            + "      - name: Authorization\n        valueFrom: {secretKeyRef: {name: otlp-token, key: header}}\n")
        // shorter back-off than the sample's 5s..30s, so recovery after the outage shows within the suite's budget
        .replace("initialInterval: 5s, maxInterval: 30s", "initialInterval: 1s, maxInterval: 3s");
    assertThat(backend).contains(sink.endpoint()).contains("otlp-token").contains("maxInterval: 3s");
    apply(token, backend, Files.readString(project.resolve("samples/logpipeline.yaml")));
  }

  @AfterAll
  static void stopCluster() {
    if (kubelet != null) {
      kubelet.close();
    }
    if (controlPlane != null) {
      controlPlane.close();
    }
    if (sink != null) {
      sink.close();
    }
  }

  @Test
  @Order(1)
  void samplePipelineBecomesReadyWithOneCollectorPerNode() {
    // given the chart and the samples applied in installProduct

    // when the operator has rendered the collectors and the process kubelet runs them

    // then
    await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() ->
        assertThat(columns(kubectl.run("get", "logpipelines", "-n", NS, "--no-headers")))
            .containsExactly(List.of("default", "True", "Ready", "2/2")));
    assertThat(kubectl.run("get", "lp", "default", "-n", NS, "-o",
        "jsonpath={.status.collectors.desired} {.status.collectors.updated}")).isEqualTo("2 2");
    // one shared agent DaemonSet in the release namespace, and none in the pipeline's namespace
    assertThat(columns(kubectl.run("get", "daemonsets", "-A", "--no-headers", "-o",
        "custom-columns=NS:.metadata.namespace,NAME:.metadata.name,DESIRED:.status.desiredNumberScheduled")))
        .containsExactly(List.of(AGENT_NS, "logpipeline-collector", "2"));
    assertThat(collectorPods()).extracting(RunningPod::nodeName).containsExactlyInAnyOrderElementsOf(NODES);
  }

  @Test
  @Order(2)
  void labelledPodsLogsArriveWithKubernetesMetadataAndNothingElseDoes() throws IOException {
    // given
    applyAsIs(workload("shop", "checkout", "node-a", true), workload("shop", "payments", "node-b", true),
        workload("shop", "unlabelled", "node-a", false), workload("kube-system", "system", "node-b", true));

    // when the workloads have written for a while
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
        assertThat(sequencesBySender()).containsKeys("checkout", "payments")
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
    assertThat(writtenLines("kube-system", "system")).isGreaterThan(10);
    assertThat(writtenLines("shop", "unlabelled")).isGreaterThan(10);
    assertThat(sequencesBySender()).containsOnlyKeys("checkout", "payments");
    assertThat(sink.accepted()).noneMatch(log -> "kube-system".equals(fields(log).get("k8s.namespace.name")));
  }

  @Test
  @Order(3)
  void brokenPipelinesExplainTheProblemWithTheFieldPath() throws IOException {
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
    apply(brokenRegex, missingBackend);

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
  @Order(5)
  void rotatingTheHeaderSecretReachesTheAgentsLiveWithoutLosingALine() throws IOException {
    // given
    String hashBefore = kubectl.run("get", "lp", "default", "-n", NS, "-o", "jsonpath={.status.configHash}");
    Set<Long> collectorsBefore = collectorPods().stream().map(RunningPod::pid).collect(Collectors.toSet());

    // when
    apply(Files.readString(ProductJars.projectDir().resolve("samples/secrets/otlp-token.yaml"))
        .replace("REPLACE-WITH-YOUR-TOKEN", "second-token"));

    // then the config hash changes and both agents load it live: same processes, CollectorReady again
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
        assertThat(kubectl.run("get", "lp", "default", "-n", NS, "-o", "jsonpath={.status.configHash}"))
            .isNotEmpty().isNotEqualTo(hashBefore));
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
        assertThat(kubectl.run("get", "lp", "default", "-n", NS, "-o",
            "jsonpath={.status.conditions[?(@.type==\"CollectorReady\")].reason} {.status.collectors.summary}"))
            .isEqualTo("Running 2/2"));
    assertThat(collectorPods()).hasSize(2).allSatisfy(pod -> assertThat(collectorsBefore).contains(pod.pid()));
    // the agents send the new header
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
        assertThat(sink.accepted()).anyMatch(log -> "Bearer second-token".equals(log.headers().get("authorization"))));
    // and every line written before, during and just after the reload arrives
    int checkout = writtenLines("shop", "checkout");
    int payments = writtenLines("shop", "payments");
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
      assertAllArrived("checkout", checkout);
      assertAllArrived("payments", payments);
    });
  }

  @Test
  @Order(6)
  void anOutageIsShownAndRiddenOutWithoutLosingALine() throws Exception {
    // given
    int rejectedBefore = sink.rejectedRequests();

    // when
    sink.unavailable(true);

    // then the collectors retry and hold the batches in their export queues
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
      assertThat(sink.rejectedRequests()).isGreaterThan(rejectedBefore + 2);
      assertThat(collectorPods()).anySatisfy(collector -> assertThat(metric(metrics(collector),
          "otelcol_exporter_queue_size")).isGreaterThan(0));
    });
    assertThat(collectorPods()).allSatisfy(collector -> assertThat(metric(metrics(collector),
        "otelcol_exporter_send_failed_log_records_total")).isZero());
    // and the pipeline shows it once the agents have retried for over a minute
    await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() ->
        assertThat(kubectl.run("get", "lp", "default", "-n", NS, "-o", DELIVERING)).isEqualTo("False BackendUnreachable"));

    // when the backend is back
    sink.unavailable(false);

    // then every line written before, during and after the outage arrives
    int checkout = writtenLines("shop", "checkout");
    int payments = writtenLines("shop", "payments");
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
      assertAllArrived("checkout", checkout);
      assertAllArrived("payments", payments);
    });
    assertThat(collectorPods()).allSatisfy(collector -> assertThat(metric(metrics(collector),
        "otelcol_exporter_queue_size")).isZero());
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() ->
        assertThat(kubectl.run("get", "lp", "default", "-n", NS, "-o", DELIVERING)).isEqualTo("True Delivering"));
  }

  @Test
  @Order(7)
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
      assertThat(collectorPods()).isEmpty();
    });
    assertThat(kubectl.run("get", "logbackend", "victorialogs", "-n", NS, "-o", "name"))
        .isEqualTo("logbackend.logpipeline.io/victorialogs\n");
  }

  /** {@code kubectl apply -n monitoring}, as the samples' comments say. */
  private static void apply(String... manifests) throws IOException {
    // --validate=false: kubectl 1.20's client-side schema check rejects the CRDs' x-kubernetes-validations
    kubectl.run("apply", "-n", NS, "--validate=false", "-f", manifestFile(manifests).toString());
  }

  /** {@code kubectl apply} of objects that name their own namespaces. */
  private static void applyAsIs(String... manifests) throws IOException {
    kubectl.run("apply", "-f", manifestFile(manifests).toString());
  }

  private static Path manifestFile(String... manifests) throws IOException {
    Path file = Files.createTempFile(controlPlane.workDir(), "manifest", ".yaml");
    return Files.writeString(file, String.join("\n---\n", manifests));
  }

  /** A Deployment pinned to one node whose pod logs numbered lines; {@code logged} sets logging.enabled=true. */
  private static String workload(String namespace, String app, String node, boolean logged) {
    String namespaceObject = namespace.equals("kube-system") ? "" : """
        apiVersion: v1
        kind: Namespace
        metadata: {name: %s}
        ---
        """.formatted(namespace);
    return namespaceObject + """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: %2$s, namespace: %1$s}
        spec:
          replicas: 1
          selector: {matchLabels: {app: %2$s}}
          template:
            metadata:
              labels: {app: %2$s, project_name: %1$s-%2$s%3$s}
            spec:
              nodeName: %4$s
              terminationGracePeriodSeconds: 1
              containers:
                - {name: main, image: %5$s}
        """.formatted(namespace, app, logged ? ", logging.enabled: \"true\"" : "", node, LOGGER_IMAGE);
  }

  private static List<RunningPod> collectorPods() {
    return kubelet.runningPods().stream().filter(pod -> pod.name().startsWith("logpipeline-collector-"))
        .collect(Collectors.toList());
  }

  /** The resource attributes and the record attributes of one record: the fields a user queries. */
  private static Map<String, String> fields(ReceivedLog log) {
    Map<String, String> fields = new HashMap<>(log.resource());
    fields.putAll(log.attributes());
    return fields;
  }

  /** Per app label, the sequence numbers of the lines the sink accepted. */
  private static Map<String, Set<Integer>> sequencesBySender() {
    return sink.accepted().stream().collect(Collectors.groupingBy(log -> String.valueOf(fields(log).get("app")),
        Collectors.flatMapping(log -> {
          Matcher matcher = SEQUENCE.matcher(log.body() + " " + fields(log).getOrDefault("message", "") + " ");
          return matcher.find() ? java.util.stream.Stream.of(Integer.parseInt(matcher.group(1)))
              : java.util.stream.Stream.empty();
        }, Collectors.toCollection(TreeSet::new))));
  }

  /** How many lines the pod of Deployment {@code app} has written to its container log on its node. */
  private static int writtenLines(String namespace, String app) throws IOException {
    String pod = kubectl.run("get", "pods", "-n", namespace, "-l", "app=" + app, "-o", "jsonpath={.items[0].metadata.name}"
        + "_{.items[0].metadata.uid} {.items[0].spec.nodeName}");
    String[] parts = pod.trim().split(" ");
    Path log = kubelet.nodeRoot(parts[1]).resolve("var/log/pods/" + namespace + "_" + parts[0] + "/main/0.log");
    try (var lines = Files.lines(log)) {
      return (int) lines.count();
    }
  }

  /** Every line 1..n of {@code app} has arrived (duplicates allowed: delivery is at-least-once). */
  private static void assertAllArrived(String app, int n) {
    assertThat(sequencesBySender().getOrDefault(app, Set.of()))
        .as("lines of %s that arrived", app)
        .containsAll(IntStream.rangeClosed(1, n).boxed().collect(Collectors.toList()));
  }

  private static List<List<String>> columns(String table) {
    return table.lines().map(line -> List.of(line.trim().split("\\s+")))
        .map(cells -> cells.subList(0, Math.min(4, cells.size()))).collect(Collectors.toList());
  }

  /** The sum of a Prometheus metric's samples (every label set) in {@code exposition}. */
  private static double metric(String exposition, String name) {
    return exposition.lines().filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
  }

  private static String metrics(RunningPod collector) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + collector.localPorts().get(12345) + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }
}
