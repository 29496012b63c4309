package io.logpipeline.packaging.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import com.marcnuri.helm.Helm;
import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubeapitest.junit.EnableKubeAPIServer;
import io.fabric8.kubeapitest.junit.KubeConfig;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.logpipeline.packaging.HelmTestRun;
import io.logpipeline.packaging.RepositoryFiles;
import io.logpipeline.packaging.Yaml;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The `helm test` hook, through real Helm against a real kube-apiserver (kube-api-test): the chart is installed, `helm
 * test` creates the Pod, and the test plays the kubelet's part. It runs the Pod's command in real bash here (the
 * Service address replaced by a loopback HTTP server answering as Quarkus does) and writes the Pod's phase from the
 * exit code, so `helm test` passes or fails as it would on a cluster. The image ITs run the same command inside the
 * operator image against the operator itself (OperatorImageIT).
 */
@EnableKubeAPIServer(kubeAPIVersion = "1.20.2")
class ChartTestHookTest {

  private static final String RELEASE = "logpipeline-operator";
  private static final String NAMESPACE = "logpipeline-system";
  private static final String TEST_POD = RELEASE + "-test";
  private static final String UP = "{\"status\": \"UP\", \"checks\": []}";
  private static final String DOWN = "{\"status\": \"DOWN\", \"checks\": [{\"name\": \"operator\", \"status\": \"DOWN\"}]}";

  @KubeConfig
  static String kubeConfigYaml;

  private static KubernetesClient client;
  private static RenderedObjects rendered;
  private static Pod pod;
  private HttpServer server;

  @BeforeAll
  static void installTheChartAndRunHelmTestOnce() throws Exception {
    client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeConfigYaml)).build();
    new Helm(RepositoryFiles.chart()).install().withName(RELEASE).withNamespace(NAMESPACE).createNamespace()
        .set("podDisruptionBudget.enabled", "true").withKubeConfigContents(kubeConfigYaml).call();
    // the manifest of the same values, for the selectors (helm template leaves hooks out)
    rendered = new RenderedObjects(Yaml.manifests(new HelmChart(RepositoryFiles.chart())
        .templateWith(RELEASE, NAMESPACE, Map.of("podDisruptionBudget.enabled", "true"))));
    // the Pod as Helm creates it and the API server stores it: from a first `helm test`, ended as a failed run
    HelmTestRun first = helmTest();
    pod = first.awaitPod();
    first.complete(1);
    first.result();
  }

  @AfterAll
  static void closeClient() {
    client.close();
  }

  @AfterEach
  void stopServer() {
    if (server != null) {
      server.stop(0);
    }
  }

  @Test
  void helmTestPassesWhenTheOperatorAnswersReady() throws Exception {
    // given: an operator that is ready
    int port = serve(200, UP);
    HelmTestRun helmTest = helmTest();
    Pod created = helmTest.awaitPod();

    // when: its container runs (here, in bash on this machine) and the Pod ends with its exit code
    Run run = runTestPod(created, port, null);
    helmTest.complete(run.exit());

    // then
    assertThat(run.exit()).as(run.output()).isZero();
    assertThat(run.output()).contains("The operator is ready (GET http://127.0.0.1:" + port + "/q/health/ready)",
        "HTTP/1.1 200 OK", "\"status\": \"UP\"");
    assertThat(helmTest.result()).isNull();
  }

  @Test
  void helmTestFailsNamingThePodWhenTheOperatorStaysNotReady() throws Exception {
    // given: an operator that answers 503 with its failing check, and two tries
    int port = serve(503, DOWN);
    HelmTestRun helmTest = helmTest();
    Pod created = helmTest.awaitPod();

    // when
    Run run = runTestPod(created, port, "2");
    helmTest.complete(run.exit());

    // then: the log says why, `helm test` says which Pod
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.output()).contains("attempt 2/2: GET http://127.0.0.1:" + port + "/q/health/ready answered HTTP/1.1 503",
        "The operator is not ready. Its last answer:", "\"name\": \"operator\", \"status\": \"DOWN\"");
    assertThat(helmTest.result()).contains(TEST_POD).contains("failed");
  }

  @Test
  void theTestPodIsAHelmTestHookRunningTheOperatorImage() {
    // given
    Container container = pod.getSpec().getContainers().get(0);
    Deployment deployment = rendered.one(Deployment.class, RELEASE);

    // when
    Map<String, String> env = RenderedObjects.env(container.getEnv());

    // then: a re-run replaces it, and it needs no image the cluster does not already pull
    assertThat(pod.getMetadata().getAnnotations()).contains(
        entry("helm.sh/hook", "test"), entry("helm.sh/hook-delete-policy", "before-hook-creation"));
    assertThat(container.getImage()).isEqualTo(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getImage());
    assertThat(container.getCommand()).startsWith("bash", "-c");
    assertThat(env).contains(
        entry("OPERATOR_HOST", "logpipeline-operator-metrics.logpipeline-system.svc"),
        entry("OPERATOR_PORT", "8080"));
    assertThat(pod.getSpec().getRestartPolicy()).isEqualTo("Never");
    assertThat(pod.getSpec().getActiveDeadlineSeconds()).isEqualTo(60L);
    assertThat(pod.getSpec().getAutomountServiceAccountToken()).isFalse();
  }

  @Test
  void theTestPodMeetsTheRestrictedPodSecurityStandard() {
    // given
    Container container = pod.getSpec().getContainers().get(0);

    // when / then
    assertThat(pod.getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSpec().getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(container.getResources().getLimits()).containsKey("memory");
  }

  @Test
  void noOperatorSelectorMatchesTheTestPod() {
    // given: the Service, PodDisruptionBudget and Deployment as the API server holds them
    Map<String, String> service = client.services().inNamespace(NAMESPACE).withName(RELEASE + "-metrics").get()
        .getSpec().getSelector();
    Map<String, String> budget = client.policy().v1beta1().podDisruptionBudget().inNamespace(NAMESPACE).withName(RELEASE)
        .get().getSpec().getSelector().getMatchLabels();
    Map<String, String> deployment = client.apps().deployments().inNamespace(NAMESPACE).withName(RELEASE).get()
        .getSpec().getSelector().getMatchLabels();

    // when
    List<List<String>> selected = List.of(service, budget, deployment).stream()
        .map(selector -> client.pods().inNamespace(NAMESPACE).withLabels(selector).list().getItems().stream()
            .map(p -> p.getMetadata().getName()).toList())
        .toList();

    // then: the Service does not route to it, and the budget does not count a pod without a controller
    assertThat(client.pods().inNamespace(NAMESPACE).withName(TEST_POD).get()).isNotNull();
    assertThat(selected).allSatisfy(pods -> assertThat(pods).doesNotContain(TEST_POD));
    assertThat(pod.getMetadata().getLabels())
        .contains(entry("app.kubernetes.io/instance", RELEASE), entry("app.kubernetes.io/component", "test"));
  }

  @Test
  void waitsForAnOperatorThatIsStillStarting() throws Exception {
    // given: not ready at the first request (503, as Quarkus answers while the operator starts), ready at the second
    AtomicInteger requests = new AtomicInteger();
    int port = serve(exchange -> requests.incrementAndGet() == 1 ? 503 : 200, UP);

    // when
    Run run = runTestPod(pod, port, null);

    // then
    assertThat(run.exit()).as(run.output()).isZero();
    assertThat(run.output()).contains("attempt 1/15: GET http://127.0.0.1:" + port + "/q/health/ready answered HTTP/1.1 503",
        "The operator is ready");
    assertThat(requests).hasValue(2);
  }

  @Test
  void failsNamingTheAddressWhenNothingAnswers() throws Exception {
    // given: a port nobody listens on
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }

    // when
    Run run = runTestPod(pod, port, "1");

    // then
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.output()).contains("attempt 1/1: cannot connect to 127.0.0.1:" + port, "The operator is not ready");
  }

  private interface StatusOf {
    int status(com.sun.net.httpserver.HttpExchange exchange);
  }

  private int serve(int status, String body) throws IOException {
    return serve(exchange -> status, body);
  }

  /** A real HTTP server on loopback answering /q/health/ready as Quarkus' SmallRye Health does. */
  private int serve(StatusOf status, String body) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/q/health/ready", exchange -> {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json; charset=UTF-8");
      exchange.sendResponseHeaders(status.status(exchange), bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    });
    server.start();
    return server.getAddress().getPort();
  }

  private record Run(int exit, String output) {}

  private static HelmTestRun helmTest() {
    return new HelmTestRun(client, kubeConfigYaml, RELEASE, NAMESPACE, TEST_POD);
  }

  /** The Pod's command with its environment, the Service address replaced by the loopback server's. */
  private static Run runTestPod(Pod testPod, int port, String attempts) throws Exception {
    Container container = testPod.getSpec().getContainers().get(0);
    List<String> command = new ArrayList<>(container.getCommand());
    command.addAll(container.getArgs() == null ? List.of() : container.getArgs());
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(RenderedObjects.env(container.getEnv()));
    builder.environment().put("OPERATOR_HOST", "127.0.0.1");
    builder.environment().put("OPERATOR_PORT", String.valueOf(port));
    if (attempts != null) {
      builder.environment().put("ATTEMPTS", attempts);
    }
    Path output = Files.createTempFile("helm-test", ".out");
    try {
      Process process = builder.redirectOutput(output.toFile()).start();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
        throw new AssertionError("the test Pod's script did not end within 60 s: " + Files.readString(output));
      }
      return new Run(process.exitValue(), Files.readString(output));
    } finally {
      Files.delete(output);
    }
  }
}
