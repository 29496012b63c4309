package io.logpipeline.e2e.scenario;

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
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The product as a user installs it, on the testbed (DESIGN §7.5): a control plane, two fake nodes served by the
 * process kubelet, and the chart installed with Helm, so the operator runs under the chart's ServiceAccount and RBAC and
 * its one node-agent DaemonSet runs as one collector process per node. Workload pods ({@link #workload}) write numbered
 * lines to their container logs on their node. One per test class: starting it costs most of a scenario's time.
 */
final class ProductCluster implements AutoCloseable {

  static final List<String> NODES = List.of("node-a", "node-b");
  /** The release namespace: the node agent and every pipeline's ConfigMap and Secret live here. */
  static final String AGENT_NS = "logpipeline-system";

  private static final String OPERATOR_IMAGE_REPOSITORY = "e2e/logpipeline-operator";
  private static final String COLLECTOR_IMAGE_REPOSITORY = "e2e/logpipeline-collector";
  private static final String IMAGE_TAG = "e2e";
  private static final String LOGGER_IMAGE = "e2e/logger:1";

  private final ControlPlane controlPlane;
  private final Kubectl kubectl;
  private ProcessKubelet kubelet;

  private ProductCluster(ControlPlane controlPlane) {
    this.controlPlane = controlPlane;
    this.kubectl = controlPlane.kubectl();
  }

  /** Starts the cluster and installs the chart; whatever started is stopped again when a step fails. */
  static ProductCluster install() {
    ProductCluster cluster = new ProductCluster(ControlPlane.start());
    try {
      cluster.startNodes();
      cluster.installChart();
      return cluster;
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  private void startNodes() {
    FakeNodes.create(controlPlane.adminClient(), NODES.toArray(String[]::new));
    kubelet = ProcessKubelet.start(controlPlane, PodProcessLauncher.byImage(Map.of(
        OPERATOR_IMAGE_REPOSITORY + ":" + IMAGE_TAG, new OperatorLauncher(),
        COLLECTOR_IMAGE_REPOSITORY + ":" + IMAGE_TAG, new CollectorLauncher(),
        LOGGER_IMAGE, sandbox -> new PodProcess(ContainerRuntime.start(sandbox, List.of("sh", "-c",
            // five numbered application lines a second, in the sample parser's "<time> <level> <message>" form
            "i=0; while true; do i=$((i+1)); echo \"$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ) INFO seq=$i pod=$HOSTNAME\";"
                + " sleep 0.2; done")), Map.of()))), NODES);
  }

  private void installChart() {
    new Helm(ProductJars.projectDir().resolve("helm/logpipeline-operator")).install()
        .withKubeConfig(controlPlane.adminKubeconfig())
        .withName("logpipeline").withNamespace(AGENT_NS).createNamespace()
        .set("image.repository", OPERATOR_IMAGE_REPOSITORY).set("image.tag", IMAGE_TAG)
        .set("collector.image.repository", COLLECTOR_IMAGE_REPOSITORY).set("collector.image.tag", IMAGE_TAG)
        .set("logFormat", "plain")
        // Kubernetes 1.20's OpenAPI does not know the CRDs' x-kubernetes-validations (CEL, for newer clusters)
        .disableOpenApiValidation()
        .call();
  }

  Kubectl kubectl() {
    return kubectl;
  }

  /** {@code kubectl apply -n namespace} of manifests that leave their namespace to the command line. */
  void apply(String namespace, String... manifests) {
    // --validate=false: kubectl 1.20's client-side schema check rejects the CRDs' x-kubernetes-validations
    kubectl.run("apply", "-n", namespace, "--validate=false", "-f", manifestFile(manifests).toString());
  }

  /** {@code kubectl apply} of objects that name their own namespaces. */
  void applyAsIs(String... manifests) {
    kubectl.run("apply", "--validate=false", "-f", manifestFile(manifests).toString());
  }

  private Path manifestFile(String... manifests) {
    try {
      Path file = Files.createTempFile(controlPlane.workDir(), "manifest", ".yaml");
      return Files.writeString(file, String.join("\n---\n", manifests));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A Deployment pinned to one node whose pod logs five numbered lines a second ({@code seq=<n>}), with labels
   * {@code app} and {@code project_name}; {@code logged} adds {@code logging.enabled=true}. The namespace is created
   * unless it is {@code kube-system}.
   */
  static String workload(String namespace, String app, String node, boolean logged) {
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

  /** The node agents running now. */
  List<RunningPod> collectorPods() {
    return kubelet.runningPods().stream().filter(pod -> pod.name().startsWith("logpipeline-collector-"))
        .collect(Collectors.toList());
  }

  /** The node agents' process ids: unchanged means no agent was restarted or replaced. */
  Set<Long> collectorPids() {
    return collectorPods().stream().map(RunningPod::pid).collect(Collectors.toSet());
  }

  /** How many lines the pod of Deployment {@code app} has written to its container log on its node. */
  int writtenLines(String namespace, String app) {
    String pod = kubectl.run("get", "pods", "-n", namespace, "-l", "app=" + app, "-o", "jsonpath={.items[0].metadata.name}"
        + "_{.items[0].metadata.uid} {.items[0].spec.nodeName}");
    String[] parts = pod.trim().split(" ");
    Path log = kubelet.nodeRoot(parts[1]).resolve("var/log/pods/" + namespace + "_" + parts[0] + "/main/0.log");
    try (var lines = Files.lines(log)) {
      return (int) lines.count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** "{status} {reason}" of one condition of a LogPipeline, e.g. "False BackendUnreachable". */
  String condition(String namespace, String pipeline, String type) {
    return kubectl.run("get", "lp", pipeline, "-n", namespace, "-o",
        "jsonpath={.status.conditions[?(@.type==\"" + type + "\")].status} {.status.conditions[?(@.type==\"" + type + "\")].reason}");
  }

  /** The message of one condition of a LogPipeline. */
  String conditionMessage(String namespace, String pipeline, String type) {
    return kubectl.run("get", "lp", pipeline, "-n", namespace, "-o",
        "jsonpath={.status.conditions[?(@.type==\"" + type + "\")].message}");
  }

  /** The first {@code count} columns of each line of a kubectl table. */
  static List<List<String>> columns(String table, int count) {
    return table.lines().map(line -> List.of(line.trim().split("\\s+")))
        .map(cells -> cells.subList(0, Math.min(count, cells.size()))).collect(Collectors.toList());
  }

  /** The sum of one Prometheus metric's samples (every label set) on an agent's {@code /metrics}. */
  static double metric(RunningPod collector, String name) {
    String exposition;
    try {
      exposition = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + collector.localPorts().get(12345) + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString()).body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    return exposition.lines().filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
  }

  @Override
  public void close() {
    if (kubelet != null) {
      kubelet.close();
    }
    controlPlane.close();
  }
}
