package io.logpipeline.e2e.smoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.logpipeline.e2e.controlplane.ControlPlane;
import io.logpipeline.e2e.controlplane.Kubectl;
import io.logpipeline.e2e.kubelet.ContainerRuntime;
import io.logpipeline.e2e.kubelet.PodProcess;
import io.logpipeline.e2e.kubelet.PodProcessLauncher;
import io.logpipeline.e2e.kubelet.PodSandbox;
import io.logpipeline.e2e.kubelet.ProcessKubelet;
import io.logpipeline.e2e.kubelet.RunningPod;
import io.logpipeline.e2e.nodes.FakeNodes;
import io.logpipeline.e2e.process.FreePorts;
import io.logpipeline.e2e.process.LocalProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The testbed itself, end to end: a DaemonSet on the real control plane lands one pod on each fake
 * node, the process kubelet runs them as local processes until they are Ready, and deleting the
 * DaemonSet garbage-collects the pods and stops the processes. Also what the scenarios lean on:
 * ServiceAccount kubeconfigs under RBAC, restarts of failing containers, pods waiting for volumes.
 */
class ControlPlaneSmokeIT {

  private static final String IMAGE = "e2e/readyz-server:1";
  private static final String EXITING_IMAGE = "e2e/exit-3:1";
  private static final String TALKING_IMAGE = "e2e/talker:1";
  private static final List<String> NODES = List.of("node-a", "node-b");

  private static ControlPlane controlPlane;
  private static ProcessKubelet kubelet;

  @BeforeAll
  static void startCluster() {
    controlPlane = ControlPlane.start();
    FakeNodes.create(controlPlane.adminClient(), NODES.toArray(String[]::new));
    kubelet = ProcessKubelet.start(controlPlane, PodProcessLauncher.byImage(Map.of(
        IMAGE, ControlPlaneSmokeIT::readyzServer,
        EXITING_IMAGE, ControlPlaneSmokeIT::exitingProcess,
        TALKING_IMAGE, sandbox -> new PodProcess(ContainerRuntime.start(sandbox,
            List.of("sh", "-c", "echo hello stdout; echo hello stderr >&2; exec sleep 600")), Map.of()))), NODES);
  }

  @AfterAll
  static void stopCluster() {
    if (kubelet != null) {
      kubelet.close();
    }
    if (controlPlane != null) {
      controlPlane.close();
    }
  }

  /** Runs {@link ReadyzServer} from the test classpath, container port 8080 on a free local port. */
  private static PodProcess readyzServer(PodSandbox sandbox) {
    int port = FreePorts.next();
    LocalProcess process = LocalProcess.start("pod " + sandbox.pod().getMetadata().getName(),
        List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx32m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
            ReadyzServer.class.getName(), String.valueOf(port), sandbox.hostPath("/etc/smoke/greeting").toString()),
        sandbox.environment(), sandbox.dir(), sandbox.dir().resolve("process.log"));
    return new PodProcess(process, Map.of(8080, port));
  }

  /** A container whose process fails at once with exit code 3. */
  private static PodProcess exitingProcess(PodSandbox sandbox) {
    return new PodProcess(LocalProcess.start("pod " + sandbox.pod().getMetadata().getName(), List.of("sh", "-c", "exit 3"),
        sandbox.environment(), sandbox.dir(), sandbox.dir().resolve("process.log")), Map.of());
  }

  @Test
  void fakeNodesAreReadyAndUntainted() {
    // given the nodes created in startCluster

    // when
    String nodes = controlPlane.kubectl().run("get", "nodes", "--no-headers",
        "-o", "custom-columns=NAME:.metadata.name,READY:.status.conditions[?(@.type==\"Ready\")].status,"
            + "TAINTS:.spec.taints,PODS:.status.allocatable.pods");

    // then
    assertThat(nodes.lines().map(line -> line.trim().split("\\s+")))
        .containsExactlyInAnyOrder(
            new String[] {"node-a", "True", "<none>", "110"},
            new String[] {"node-b", "True", "<none>", "110"});
  }

  @Test
  void daemonSetRunsAReadyProcessPerFakeNodeAndIsGarbageCollected() throws Exception {
    // given
    KubernetesClient client = controlPlane.adminClient();
    Path manifest = Files.writeString(controlPlane.workDir().resolve("smoke.yaml"), """
        apiVersion: v1
        kind: Namespace
        metadata:
          name: smoke
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: smoke-greeting
          namespace: smoke
        data:
          greeting: hello from a ConfigMap
        ---
        apiVersion: apps/v1
        kind: DaemonSet
        metadata:
          name: smoke
          namespace: smoke
        spec:
          selector:
            matchLabels:
              app: smoke
          template:
            metadata:
              labels:
                app: smoke
            spec:
              terminationGracePeriodSeconds: 5
              containers:
              - name: server
                image: %s
                env:
                - name: NODE_NAME
                  valueFrom:
                    fieldRef:
                      fieldPath: spec.nodeName
                ports:
                - name: http
                  containerPort: 8080
                readinessProbe:
                  httpGet:
                    path: /readyz
                    port: http
                volumeMounts:
                - name: greeting
                  mountPath: /etc/smoke
              volumes:
              - name: greeting
                configMap:
                  name: smoke-greeting
        """.formatted(IMAGE));

    // when
    controlPlane.kubectl().run("apply", "-f", manifest.toString());

    // then
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
        assertThat(controlPlane.kubectl().run("get", "daemonset", "smoke", "-n", "smoke",
            "-o", "jsonpath={.status.numberReady}/{.status.desiredNumberScheduled}")).isEqualTo("2/2"));
    List<RunningPod> running = kubelet.runningPods();
    assertThat(running).extracting(RunningPod::nodeName).containsExactlyInAnyOrderElementsOf(NODES);
    for (RunningPod pod : running) {
      assertThat(get(pod, "/node")).isEqualTo(pod.nodeName());
      assertThat(get(pod, "/greeting")).isEqualTo("hello from a ConfigMap");
      // The pod reaches the API server as its ServiceAccount, which RBAC grants nothing here.
      assertThatThrownBy(() -> controlPlane.kubectl(Path.of(pod.environment().get("KUBECONFIG"))).run("get", "pods"))
          .hasMessageContaining("User \"system:serviceaccount:smoke:default\" cannot list resource \"pods\"");
    }
    assertThat(client.pods().inNamespace("smoke").withLabel("app", "smoke").list().getItems())
        .allSatisfy(pod -> assertThat(pod.getStatus().getPhase()).isEqualTo("Running"));

    // when
    controlPlane.kubectl().run("delete", "daemonset", "smoke", "-n", "smoke", "--wait=false");

    // then
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
        assertThat(client.pods().inNamespace("smoke").withLabel("app", "smoke").list().getItems()).isEmpty());
    assertThat(kubelet.runningPods()).isEmpty();
    assertThat(running).allSatisfy(pod -> assertThat(ProcessHandle.of(pod.pid()).map(ProcessHandle::isAlive).orElse(false))
        .as("process %d of pod %s still running", pod.pid(), pod.name()).isFalse());
  }

  @Test
  void serviceAccountKubeconfigGetsExactlyWhatRbacGrants() throws Exception {
    // given
    Path manifest = Files.writeString(controlPlane.workDir().resolve("rbac.yaml"), """
        apiVersion: v1
        kind: Namespace
        metadata:
          name: rbac
        ---
        apiVersion: v1
        kind: ServiceAccount
        metadata:
          name: operator
          namespace: rbac
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: settings
          namespace: rbac
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata:
          name: configmap-reader
          namespace: rbac
        rules:
        - apiGroups: [""]
          resources: [configmaps]
          verbs: [get, list]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata:
          name: operator-reads-configmaps
          namespace: rbac
        roleRef:
          apiGroup: rbac.authorization.k8s.io
          kind: Role
          name: configmap-reader
        subjects:
        - kind: ServiceAccount
          name: operator
          namespace: rbac
        """);
    controlPlane.kubectl().run("apply", "-f", manifest.toString());

    // when
    Kubectl asOperator = controlPlane.kubectl(controlPlane.serviceAccountKubeconfig("rbac", "operator"));

    // then
    assertThat(asOperator.run("get", "configmaps", "-o", "name")).isEqualTo("configmap/settings\n");
    assertThatThrownBy(() -> asOperator.run("get", "secrets"))
        .hasMessageContaining("User \"system:serviceaccount:rbac:operator\" cannot list resource \"secrets\"");
  }

  @Test
  void aContainerThatExitsIsRestartedAndReportedNotReady() throws Exception {
    // given
    Path manifest = Files.writeString(controlPlane.workDir().resolve("exits.yaml"), """
        apiVersion: v1
        kind: Pod
        metadata:
          name: exits
          namespace: default
        spec:
          nodeName: node-a
          terminationGracePeriodSeconds: 1
          containers:
          - name: main
            image: %s
        """.formatted(EXITING_IMAGE));

    // when
    controlPlane.kubectl().run("apply", "-f", manifest.toString());

    // then
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
      Pod pod = controlPlane.adminClient().pods().inNamespace("default").withName("exits").get();
      ContainerStatus container = pod.getStatus().getContainerStatuses().get(0);
      assertThat(container.getRestartCount()).isGreaterThanOrEqualTo(2);
      assertThat(container.getReady()).isFalse();
      assertThat(container.getLastState().getTerminated().getExitCode()).isEqualTo(3);
    });
    controlPlane.kubectl().run("delete", "pod", "exits", "-n", "default", "--wait=true", "--timeout=30s");
  }

  @Test
  void aPodWaitsForItsConfigMapThenStarts() throws Exception {
    // given
    Path pod = Files.writeString(controlPlane.workDir().resolve("late.yaml"), """
        apiVersion: v1
        kind: Pod
        metadata:
          name: late-config
          namespace: default
        spec:
          nodeName: node-b
          terminationGracePeriodSeconds: 1
          containers:
          - name: server
            image: %s
            ports:
            - containerPort: 8080
            readinessProbe:
              httpGet:
                path: /readyz
                port: 8080
            volumeMounts:
            - name: greeting
              mountPath: /etc/smoke
          volumes:
          - name: greeting
            configMap:
              name: late-greeting
        """.formatted(IMAGE));
    controlPlane.kubectl().run("apply", "-f", pod.toString());
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
        assertThat(controlPlane.kubectl().run("get", "pod", "late-config", "-n", "default",
            "-o", "jsonpath={.status.containerStatuses[0].state.waiting.message}"))
            .isEqualTo("volume greeting: ConfigMap default/late-greeting not found"));

    // when
    controlPlane.kubectl().run("create", "configmap", "late-greeting", "-n", "default", "--from-literal=greeting=late but here");

    // then
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
        assertThat(controlPlane.kubectl().run("get", "pod", "late-config", "-n", "default",
            "-o", "jsonpath={.status.conditions[?(@.type==\"Ready\")].status}")).isEqualTo("True"));
    RunningPod running = kubelet.runningPods().stream().filter(candidate -> candidate.name().equals("late-config"))
        .findFirst().orElseThrow();
    assertThat(get(running, "/greeting")).isEqualTo("late but here");
    controlPlane.kubectl().run("delete", "pod", "late-config", "-n", "default", "--wait=true", "--timeout=30s");
  }

  @Test
  void aPodsOutputBecomesItsCriContainerLogOnItsNode() throws Exception {
    // given
    Path manifest = Files.writeString(controlPlane.workDir().resolve("talker.yaml"), """
        apiVersion: v1
        kind: Pod
        metadata:
          name: talker
          namespace: default
        spec:
          nodeName: node-a
          terminationGracePeriodSeconds: 1
          containers:
          - name: main
            image: %s
        """.formatted(TALKING_IMAGE));

    // when
    controlPlane.kubectl().run("apply", "-f", manifest.toString());

    // then
    String uid = controlPlane.kubectl().run("get", "pod", "talker", "-n", "default", "-o", "jsonpath={.metadata.uid}");
    Path log = kubelet.nodeRoot("node-a").resolve("var/log/pods/default_talker_" + uid + "/main/0.log");
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
        assertThat(log).exists().satisfies(file -> assertThat(Files.readAllLines(file)).hasSize(2)));
    String timestamp = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?Z";
    assertThat(Files.readAllLines(log)).anyMatch(line -> line.matches(timestamp + " stdout F hello stdout"))
        .anyMatch(line -> line.matches(timestamp + " stderr F hello stderr"));
    assertThat(kubelet.nodeRoot("node-a").resolve("var/log/containers/talker_default_main-" + uid + ".log").toRealPath())
        .isEqualTo(log.toRealPath());
    controlPlane.kubectl().run("delete", "pod", "talker", "-n", "default", "--wait=true", "--timeout=30s");
  }

  /** Guards the testbed build: binaries with the unfixed vendored reflect2 crash here (install-testbed.sh). */
  @Test
  void customResourcesAreStoredAndShownByKubectl() throws Exception {
    // given
    Path crd = Files.writeString(controlPlane.workDir().resolve("crd.yaml"), """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: widgets.example.io
        spec:
          group: example.io
          names: {kind: Widget, plural: widgets, singular: widget}
          scope: Namespaced
          versions:
          - name: v1
            served: true
            storage: true
            schema:
              openAPIV3Schema:
                type: object
                properties:
                  spec:
                    type: object
                    properties:
                      size: {type: integer}
        """);
    controlPlane.kubectl().run("apply", "-f", crd.toString());
    controlPlane.kubectl().run("wait", "--for=condition=Established", "crd/widgets.example.io", "--timeout=30s");
    Path widget = Files.writeString(controlPlane.workDir().resolve("widget.yaml"), """
        apiVersion: example.io/v1
        kind: Widget
        metadata:
          name: w
          namespace: default
        spec:
          size: 3
        """);

    // when
    controlPlane.kubectl().run("apply", "-f", widget.toString());

    // then
    assertThat(controlPlane.kubectl().run("get", "widgets", "-n", "default", "-o", "yaml")).contains("size: 3");
  }

  private static String get(RunningPod pod, String path) throws Exception {
    return HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + pod.localPorts().get(8080) + path)).build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }
}
