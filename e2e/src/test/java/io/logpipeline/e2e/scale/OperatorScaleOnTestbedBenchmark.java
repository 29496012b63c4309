package io.logpipeline.e2e.scale;

import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.logpipeline.api.agent.AgentContract;
import io.logpipeline.e2e.controlplane.ControlPlane;
import io.logpipeline.e2e.kubelet.PodProcessLauncher;
import io.logpipeline.e2e.kubelet.ProcessKubelet;
import io.logpipeline.e2e.kubelet.RunningPod;
import io.logpipeline.e2e.launch.OperatorLauncher;
import io.logpipeline.e2e.launch.ProductJars;
import io.logpipeline.e2e.nodes.FakeNodes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;

/**
 * Issue 13's benchmark: 1,000 LogPipelines in 50 namespaces compiled for the shared node agent, delivered and
 * Ready in ≤ 60 s, operator heap ≤ 256 MiB, on the e2e testbed: the real control plane with RBAC and its
 * DaemonSet controller, the chart installed with helm-java, the operator jar as its own process under the chart's
 * ServiceAccount with the image's JVM settings. The agent DaemonSet is scheduled onto {@code bench.nodes} fake
 * nodes that no kubelet serves; {@link FakeAgents} writes those nodes' agent reports instead.
 *
 * <p>Phase 1 measures from the first create until every pipeline's ConfigMap (and credentials Secret) exists
 * ("compiled"), until every LogPipeline is CollectorReady=True (the agents' reports claim its current config hash:
 * "delivered") and until every LogPipeline is Ready=True; phase 2 edits the endpoint of the LogBackend most
 * pipelines of one namespace use and measures until those pipelines' ConfigMaps carry it and they are Ready again
 * with a new hash. A main class, not a test: run as docs/benchmarks.md shows. Settings (system properties):
 * {@code bench.pipelines} (1000), {@code bench.namespaces} (50), {@code bench.backends} (250),
 * {@code bench.nodes} (3), {@code bench.reportInterval} (seconds between one node's reports, 15),
 * {@code bench.catchUp}, {@code bench.operatorJvm} (the image's flags for the chart's 512Mi limit, -Xmx256m).
 */
public final class OperatorScaleOnTestbedBenchmark {

  private static final String OPERATOR_IMAGE = "e2e/logpipeline-operator";
  private static final String TAG = "e2e";
  private static final String OPERATOR_NAMESPACE = "logpipeline-system";
  /** The node the process kubelet serves: it runs the operator pod only. */
  private static final String NODE = "bench-node";
  /** The kubelet's node carries this label and the chart's nodeSelector selects it: the operator must run. */
  private static final String OPERATOR_NODE_LABEL = "bench-operator-node";
  /** The fake nodes carry this label and the chart's collector.nodeSelector selects it, so agents go there only. */
  private static final String AGENT_NODE_LABEL = "bench-agent-node";
  /**
   * Dockerfile.operator's flags as the JVM applies them in the chart's default 512Mi memory limit (MaxRAM stands
   * for the container limit; a JVM seeing under 1792 MiB picks the serial collector, named here because MaxRAM does
   * not steer that choice), with the 256 MiB heap ceiling MaxRAMPercentage=50 gives written out as -Xmx256m.
   */
  private static final String IMAGE_JVM = "-XX:MaxRAM=512m -XX:MaxRAMPercentage=50 -Xmx256m -XX:TieredStopAtLevel=1"
      + " -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError -Djava.util.logging.manager=org.jboss.logmanager.LogManager"
      + " -Dfile.encoding=UTF-8";
  /** Dockerfile.operator's ENV. */
  private static final Map<String, String> IMAGE_ENV = Map.of("MALLOC_ARENA_MAX", "2");
  private static final Duration PHASE_TIMEOUT = Duration.ofMinutes(5);
  private static final Duration POLL = Duration.ofMillis(100);

  private OperatorScaleOnTestbedBenchmark() {
  }

  /** The run's settings. */
  private record Settings(int nodes, Duration reportInterval, boolean catchUp) {
  }

  public static void main(String[] args) throws Exception {
    int pipelines = Integer.getInteger("bench.pipelines", 1000);
    int namespaces = Integer.getInteger("bench.namespaces", 50);
    int backends = Integer.getInteger("bench.backends", namespaces * 5);
    Settings settings = new Settings(Integer.getInteger("bench.nodes", 3),
        Duration.ofSeconds(Integer.getInteger("bench.reportInterval", (int) AgentContract.REPORT_INTERVAL.toSeconds())),
        Boolean.getBoolean("bench.catchUp"));
    List<String> operatorJvm = List.of(System.getProperty("bench.operatorJvm", IMAGE_JVM).trim().split("\\s+"));
    ScaleWorkload workload = ScaleWorkload.of(pipelines, backends, namespaces,
        Files.readString(ProductJars.projectDir().resolve("samples/logpipeline.yaml")));
    System.out.printf("event=bench-start pipelines=%d backends=%d namespaces=%d nodes=%d reportIntervalSeconds=%d"
        + " catchUp=%s operatorJvm=\"%s\" loadavg=\"%s\"%n", workload.pipelineCount(), backends, namespaces,
        settings.nodes(), settings.reportInterval().toSeconds(), settings.catchUp(), String.join(" ", operatorJvm),
        loadAverage());

    try (ControlPlane controlPlane = ControlPlane.start()) {
      KubernetesClient client = controlPlane.adminClient();
      FakeNodes.create(client, NODE);
      label(client, NODE, OPERATOR_NODE_LABEL);
      List<String> agentNodes = IntStream.range(0, settings.nodes()).mapToObj(i -> "agent-node-" + i).toList();
      FakeNodes.create(client, agentNodes.toArray(String[]::new));
      agentNodes.forEach(node -> label(client, node, AGENT_NODE_LABEL));
      try (ProcessKubelet kubelet = ProcessKubelet.start(controlPlane,
          PodProcessLauncher.byImage(Map.of(OPERATOR_IMAGE + ":" + TAG, new OperatorLauncher(operatorJvm, IMAGE_ENV))),
          List.of(NODE))) {
        installChart(controlPlane, settings.catchUp() ? 0 : 1);
        for (String namespace : workload.namespaces()) {
          client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
              .create();
        }
        // after the chart: the LogPipeline informer needs its CRD
        try (CompiledObjects compiled = CompiledObjects.watch(client, OPERATOR_NAMESPACE);
            FakeAgents agents = FakeAgents.start(client, OPERATOR_NAMESPACE, compiled, agentNodes,
                settings.reportInterval())) {
          run(client, kubelet, controlPlane, workload, compiled, agents, settings);
        }
      }
    }
  }

  private static void label(KubernetesClient client, String node, String key) {
    client.nodes().withName(node).edit(n -> new NodeBuilder(n).editMetadata().addToLabels(key, "yes").endMetadata().build());
  }

  /** Phase 1 in the chosen mode, then phase 2, with the operator sampled throughout. */
  private static void run(KubernetesClient client, ProcessKubelet kubelet, ControlPlane controlPlane,
      ScaleWorkload workload, CompiledObjects compiled, FakeAgents agents, Settings settings) {
    if (settings.catchUp()) {
      // the pipelines exist before the operator starts: an upgrade or a failover catching up
      long createStart = System.nanoTime();
      workload.objects().forEach(yaml -> client.resource(yaml).create());
      double created = seconds(createStart);
      Map<String, Duration> cpuBefore = ProcessCpu.snapshot(-1); // no operator process yet: it counts from zero
      long start = System.nanoTime();
      client.apps().deployments().inNamespace(OPERATOR_NAMESPACE).list().getItems().forEach(deployment ->
          client.apps().deployments().inNamespace(OPERATOR_NAMESPACE).withName(deployment.getMetadata().getName()).scale(1));
      RunningPod operator = awaitOperator(controlPlane, kubelet, false);
      try (OperatorSampler sampler = OperatorSampler.start(operator.pid(), operator.localPorts().get(8080))) {
        phaseOne(workload, compiled, sampler, agents, new PhaseStart(start, created, true, 0, cpuBefore), operator.pid());
        reportRestarts(kubelet);
        phaseTwo(client, workload, compiled, sampler);
      }
    } else {
      RunningPod operator = awaitOperator(controlPlane, kubelet, true);
      try (OperatorSampler sampler = OperatorSampler.start(operator.pid(), operator.localPorts().get(8080))) {
        double reconcilesBefore = sampler.pipelineReconciles();
        Map<String, Duration> cpuBefore = ProcessCpu.snapshot(operator.pid());
        // everything created as a user (or Argo CD) would apply it, one object after the other
        long start = System.nanoTime();
        workload.objects().forEach(yaml -> client.resource(yaml).create());
        double created = seconds(start);
        phaseOne(workload, compiled, sampler, agents, new PhaseStart(start, created, false, reconcilesBefore, cpuBefore),
            operator.pid());
        reportRestarts(kubelet);
        phaseTwo(client, workload, compiled, sampler);
      }
    }
  }

  /** A restarted operator (lost its leader lease on a saturated API server, or died) makes its figures partial. */
  private static void reportRestarts(ProcessKubelet kubelet) {
    int restarts = kubelet.runningPods().stream().filter(pod -> pod.namespace().equals(OPERATOR_NAMESPACE))
        .mapToInt(RunningPod::restarts).sum();
    System.out.printf("event=operator-restarts count=%d%n", restarts);
  }

  /**
   * Where phase 1's clock and counters start; {@code createdBefore}: the objects were created before the clock
   * started (catch-up), in {@code createdSeconds}.
   */
  private record PhaseStart(long nanos, double createdSeconds, boolean createdBefore, double reconcilesBefore,
      Map<String, Duration> cpuBefore) {
  }

  /** Phase 1: from the start until everything is compiled, delivered (CollectorReady) and Ready. */
  private static void phaseOne(ScaleWorkload workload, CompiledObjects compiled, OperatorSampler sampler,
      FakeAgents agents, PhaseStart start, long operatorPid) {
    Map<String, Integer> expected = Map.of("ConfigMap", workload.pipelineCount(),
        "Secret", workload.credentialedPipelines(), "DaemonSet", 1);
    Map<String, Double> kindDone = new LinkedHashMap<>();
    await("every pipeline compiled", () -> {
      compiled.counts().forEach((kind, count) -> {
        if (count >= expected.get(kind)) {
          kindDone.putIfAbsent(kind, Math.round(seconds(start.nanos()) * 10) / 10.0);
        }
      });
      return kindDone.size() == expected.size();
    });
    double allCompiled = seconds(start.nanos());
    await("every LogPipeline CollectorReady=True", () -> compiled.pipelinesWith("CollectorReady") == workload.pipelineCount());
    double allDelivered = seconds(start.nanos());
    await("every LogPipeline Ready=True", () -> compiled.pipelinesWith("Ready") == workload.pipelineCount());
    double allReady = seconds(start.nanos());
    double reconciles = sampler.pipelineReconciles() - start.reconcilesBefore();
    Map<String, Double> cpuSeconds = ProcessCpu.secondsBetween(start.cpuBefore(), ProcessCpu.snapshot(operatorPid));
    double cpu = cpuSeconds.get("operator");
    int pipelines = workload.pipelineCount();
    System.out.printf("event=phase1-done pipelines=%d createSeconds=%.1f allCompiledSeconds=%.1f allDeliveredSeconds=%.1f"
            + " allReadySeconds=%.1f readyAfterLastCreateSeconds=%.1f compiled=%s byKindSeconds=%s pipelineReconciles=%.0f reconcilesPerPipeline=%.1f"
            + " backendReconciles=%.0f operatorCpuSeconds=%.1f cpuMsPerPipeline=%.0f cpuSeconds=%s agentReports=%d"
            + " loadavg=\"%s\"%n",
        pipelines, start.createdSeconds(), allCompiled, allDelivered, allReady,
        allReady - (start.createdBefore() ? 0 : start.createdSeconds()),
        compiled.counts(), kindDone, reconciles,
        reconciles / pipelines, sampler.backendReconciles(), cpu, cpu * 1000 / pipelines, cpuSeconds, agents.written(),
        loadAverage());
  }

  /** Phase 2: the endpoint of the backend most pipelines of one namespace use moves. */
  private static void phaseTwo(KubernetesClient client, ScaleWorkload workload, CompiledObjects compiled,
      OperatorSampler sampler) {
    ScaleWorkload.Edit edit = workload.busiestBackend();
    String endpoint = "http://moved-" + edit.backend() + "." + edit.namespace() + ".svc:4318/v1/logs";
    double reconcilesBefore = sampler.pipelineReconciles();
    Duration cpuBefore = sampler.cpuTime();
    Map<String, String> hashesBefore = compiled.configHashes(edit.namespace(), edit.pipelines());
    long editStart = System.nanoTime();
    client.genericKubernetesResources(ScaleWorkload.API_VERSION, "LogBackend").inNamespace(edit.namespace())
        .withName(edit.backend())
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"otlp\":{\"endpoint\":\"" + endpoint + "\"}}}");
    await("every affected ConfigMap carries the new endpoint",
        () -> compiled.configMapsContaining(edit.namespace(), edit.pipelines(), endpoint) == edit.pipelines().size());
    double configMapsUpdated = seconds(editStart);
    await("every affected LogPipeline Ready=True with its new config hash",
        () -> compiled.readyWithNewHash(edit.namespace(), hashesBefore));
    double readyAgain = seconds(editStart);
    double reconciles = sampler.pipelineReconciles() - reconcilesBefore;
    double cpu = sampler.cpuTime().minus(cpuBefore).toMillis() / 1e3;
    System.out.printf("event=phase2-done backend=%s/%s affectedPipelines=%d configMapsUpdatedSeconds=%.1f"
            + " readyAgainSeconds=%.1f pipelineReconciles=%.0f operatorCpuSeconds=%.1f loadavg=\"%s\"%n",
        edit.namespace(), edit.backend(), edit.pipelines().size(), configMapsUpdated, readyAgain, reconciles, cpu,
        loadAverage());
    System.out.printf("event=operator-memory peakRssMiB=%.0f peakHeapUsedMiB=%.0f peakHeapCommittedMiB=%.0f"
            + " peakNonHeapUsedMiB=%.0f peakLiveDataAfterGcMiB=%.0f samples=%d%n",
        sampler.peakRss() / 1048576.0, sampler.peakHeapUsed() / 1048576.0, sampler.peakHeapCommitted() / 1048576.0,
        sampler.peakNonHeapUsed() / 1048576.0, sampler.peakLiveData() / 1048576.0, sampler.samples());
  }

  /** Installs the chart as LogPipelineEndToEndIT does, with {@code replicas} operator pods. */
  private static void installChart(ControlPlane controlPlane, int replicas) {
    new Helm(ProductJars.projectDir().resolve("helm/logpipeline-operator")).install()
        .withKubeConfig(controlPlane.adminKubeconfig())
        .withName("logpipeline").withNamespace(OPERATOR_NAMESPACE).createNamespace()
        .set("image.repository", OPERATOR_IMAGE).set("image.tag", TAG)
        .set("replicaCount", replicas)
        .set("logFormat", "plain")
        .set("nodeSelector." + OPERATOR_NODE_LABEL, "yes")
        .set("collector.nodeSelector." + AGENT_NODE_LABEL, "yes")
        // Kubernetes 1.20's OpenAPI does not know the CRDs' x-kubernetes-validations (CEL, for newer clusters)
        .disableOpenApiValidation()
        .call();
  }

  /** Waits for the operator pod's process (and, if {@code ready}, its readiness probe). */
  private static RunningPod awaitOperator(ControlPlane controlPlane, ProcessKubelet kubelet, boolean ready) {
    long start = System.nanoTime();
    await("the operator pod is " + (ready ? "Ready" : "running"), () -> {
      List<RunningPod> pods = kubelet.runningPods();
      if (pods.stream().anyMatch(pod -> pod.restarts() > 0)) {
        throw new IllegalStateException("the operator exited:\n" + operatorLogTail(controlPlane));
      }
      return pods.stream().anyMatch(pod -> pod.namespace().equals(OPERATOR_NAMESPACE) && (pod.ready() || !ready));
    });
    RunningPod operator = kubelet.runningPods().stream().filter(pod -> pod.namespace().equals(OPERATOR_NAMESPACE))
        .findFirst().orElseThrow();
    System.out.printf("event=operator-%s pid=%d httpPort=%d seconds=%.1f%n", ready ? "ready" : "running", operator.pid(),
        operator.localPorts().get(8080), seconds(start));
    return operator;
  }

  private static String operatorLogTail(ControlPlane controlPlane) {
    try (var files = Files.walk(controlPlane.workDir().resolve("nodes"))) {
      Path log = files.filter(file -> file.getFileName().toString().equals("operator.log")).findFirst().orElseThrow();
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException | RuntimeException e) {
      return "(no operator log: " + e + ")";
    }
  }

  private static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + PHASE_TIMEOUT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("not reached in " + PHASE_TIMEOUT.toSeconds() + " s: " + what);
      }
      try {
        Thread.sleep(POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted waiting for: " + what, e);
      }
    }
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return "unknown";
    }
  }
}
