package io.logpipeline.e2e.scale;

import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;

/**
 * DESIGN §6 "200 LogPipelines reconciled to their rendered objects in ≤ 30 s; heap ≤ 256 MiB", on the
 * e2e testbed (issue 8, "Operator scale"): the real control plane with RBAC, the chart installed with
 * helm-java, the operator jar as its own process under the chart's ServiceAccount with the image's JVM
 * settings, then 20 LogBackends and 200 LogPipelines created in four namespaces. Collector pods are not
 * run: {@link DaemonSetStatusWriter} reports each rendered DaemonSet rolled out on {@link #NODES} nodes.
 *
 * <p>Phase 1 measures from the first create until every rendered object exists and until every
 * LogPipeline is Ready=True; phase 2 edits the endpoint of the LogBackend most pipelines use and measures
 * until every affected pipeline's ConfigMap carries it. A main class, not a test: run as docs/benchmarks.md
 * shows. Settings (system properties): {@code bench.pipelines} (200), {@code bench.backends} (20),
 * {@code bench.namespaces} (4), {@code bench.operatorJvm} (the image's flags for the chart's 512Mi limit).
 */
public final class OperatorScaleOnTestbedBenchmark {

  private static final String OPERATOR_IMAGE = "e2e/logpipeline-operator";
  private static final String TAG = "e2e";
  private static final String OPERATOR_NAMESPACE = "logpipeline-system";
  private static final String NODE = "bench-node";
  /** Nodes each rendered DaemonSet reports as rolled out on. */
  private static final int NODES = 3;
  private static final String PIPELINE_LABEL = "logpipeline.io/pipeline";
  private static final String API_VERSION = "logpipeline.io/v1alpha1";
  /**
   * Dockerfile.operator's flags as the JVM applies them in the chart's default 512Mi memory limit:
   * MaxRAM=512m stands for the container limit, so MaxRAMPercentage=50 gives a 256 MiB maximum heap and the
   * initial heap is sized from 512 MiB, not from this machine's RAM; a JVM seeing under 1792 MiB picks the
   * serial collector, named here because MaxRAM does not steer that choice.
   */
  private static final String IMAGE_JVM = "-XX:MaxRAM=512m -XX:MaxRAMPercentage=50 -XX:TieredStopAtLevel=1 -XX:+UseSerialGC"
      + " -XX:+ExitOnOutOfMemoryError -Djava.util.logging.manager=org.jboss.logmanager.LogManager -Dfile.encoding=UTF-8";
  /** Dockerfile.operator's ENV. */
  private static final Map<String, String> IMAGE_ENV = Map.of("MALLOC_ARENA_MAX", "2");
  private static final Duration PHASE_TIMEOUT = Duration.ofMinutes(5);
  private static final Duration POLL = Duration.ofMillis(100);

  private OperatorScaleOnTestbedBenchmark() {
  }

  public static void main(String[] args) throws Exception {
    int pipelines = Integer.getInteger("bench.pipelines", 200);
    int backends = Integer.getInteger("bench.backends", 20);
    int namespaces = Integer.getInteger("bench.namespaces", 4);
    boolean catchUp = Boolean.getBoolean("bench.catchUp");
    List<String> operatorJvm = List.of(System.getProperty("bench.operatorJvm", IMAGE_JVM).trim().split("\\s+"));
    Workload workload = Workload.of(pipelines, backends, namespaces,
        Files.readString(ProductJars.projectDir().resolve("samples/logpipeline.yaml")));
    System.out.printf("event=bench-start pipelines=%d backends=%d namespaces=%d catchUp=%s operatorJvm=\"%s\""
        + " loadavg=\"%s\"%n", pipelines, backends, namespaces, catchUp, String.join(" ", operatorJvm), loadAverage());

    // The daemonset controller would overwrite the status DaemonSetStatusWriter reports.
    try (ControlPlane controlPlane = ControlPlane.startWithout("daemonset")) {
      KubernetesClient client = controlPlane.adminClient();
      FakeNodes.create(client, NODE);
      try (ProcessKubelet kubelet = ProcessKubelet.start(controlPlane,
              PodProcessLauncher.byImage(Map.of(OPERATOR_IMAGE + ":" + TAG, new OperatorLauncher(operatorJvm, IMAGE_ENV))), List.of(NODE));
          DaemonSetStatusWriter statusWriter = DaemonSetStatusWriter.start(client, PIPELINE_LABEL, NODES)) {
        installChart(controlPlane, catchUp ? 0 : 1);
        for (String namespace : workload.namespaces()) {
          client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
              .create();
        }
        // after the chart: the LogPipeline informer needs its CRD
        try (RenderedObjects rendered = RenderedObjects.watch(client, PIPELINE_LABEL, API_VERSION)) {
          run(client, kubelet, controlPlane, workload, rendered, statusWriter, catchUp);
        }
      }
    }
  }

  /** Phase 1 in the chosen mode, then phase 2, with the operator sampled throughout. */
  private static void run(KubernetesClient client, ProcessKubelet kubelet, ControlPlane controlPlane, Workload workload,
      RenderedObjects rendered, DaemonSetStatusWriter statusWriter, boolean catchUp) {
    if (catchUp) {
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
        phaseOne(workload, rendered, sampler, statusWriter, start, created, 0, cpuBefore, operator.pid());
        phaseTwo(client, workload, rendered, sampler);
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
        phaseOne(workload, rendered, sampler, statusWriter, start, created, reconcilesBefore, cpuBefore, operator.pid());
        phaseTwo(client, workload, rendered, sampler);
      }
    }
  }

  /** Phase 1: from {@code start} until every rendered object exists and every LogPipeline is Ready. */
  private static void phaseOne(Workload workload, RenderedObjects rendered, OperatorSampler sampler,
      DaemonSetStatusWriter statusWriter, long start, double created, double reconcilesBefore,
      Map<String, Duration> cpuBefore, long operatorPid) {
    Map<String, Integer> expected = workload.expectedRendered();
    Map<String, Double> kindDone = new LinkedHashMap<>();
    await("every rendered object exists", () -> {
      rendered.counts().forEach((kind, count) -> {
        if (count >= expected.get(kind)) {
          kindDone.putIfAbsent(kind, Math.round(seconds(start) * 10) / 10.0);
        }
      });
      return kindDone.size() == expected.size();
    });
    double allRendered = seconds(start);
    await("every LogPipeline Ready=True", () -> rendered.readyPipelines() == workload.pipelineCount());
    double allReady = seconds(start);
    double reconciles = sampler.pipelineReconciles() - reconcilesBefore;
    Map<String, Double> cpuSeconds = ProcessCpu.secondsBetween(cpuBefore, ProcessCpu.snapshot(operatorPid));
    double cpu = cpuSeconds.get("operator");
    System.out.printf("event=phase1-done pipelines=%d createSeconds=%.1f allRenderedSeconds=%.1f allReadySeconds=%.1f"
            + " rendered=%s byKindSeconds=%s pipelineReconciles=%.0f reconcilesPerSecond=%.1f backendReconciles=%.0f"
            + " operatorCpuSeconds=%.1f cpuMsPerPipeline=%.0f cpuSeconds=%s statusPatches=%d loadavg=\"%s\"%n",
        workload.pipelineCount(), created, allRendered, allReady, rendered.counts(), kindDone, reconciles,
        reconciles / allReady, sampler.backendReconciles(), cpu, cpu * 1000 / workload.pipelineCount(), cpuSeconds,
        statusWriter.written(), loadAverage());
  }

  /** Phase 2: the endpoint of the backend most pipelines use moves. */
  private static void phaseTwo(KubernetesClient client, Workload workload, RenderedObjects rendered,
      OperatorSampler sampler) {
    Workload.Edit edit = workload.busiestBackend();
    String endpoint = "http://moved-" + edit.backend() + "." + edit.namespace() + ".svc:4318/v1/logs";
    double reconcilesBefore = sampler.pipelineReconciles();
    Duration cpuBefore = sampler.cpuTime();
    Map<String, String> hashesBefore = rendered.configHashes(edit.namespace(), edit.pipelines());
    long editStart = System.nanoTime();
    client.genericKubernetesResources(API_VERSION, "LogBackend").inNamespace(edit.namespace()).withName(edit.backend())
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"otlp\":{\"endpoint\":\"" + endpoint + "\"}}}");
    await("every affected ConfigMap carries the new endpoint",
        () -> rendered.configMapsContaining(edit.namespace(), edit.pipelines(), endpoint) == edit.pipelines().size());
    double configMapsUpdated = seconds(editStart);
    await("every affected LogPipeline Ready=True with its new config hash, its DaemonSet rolled out",
        () -> rendered.readyWithNewHash(edit.namespace(), hashesBefore)
            && rendered.daemonSetsRolledOut(edit.namespace(), edit.pipelines()));
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

  /**
   * What phase 1 creates: per namespace, header Secrets, LogBackends (every other one with an
   * Authorization header from a Secret) and LogPipelines from samples/logpipeline.yaml, each referencing
   * 1-3 of its namespace's backends, every even-numbered one the namespace's first backend.
   */
  record Workload(List<String> namespaces, List<String> objects, Map<String, Integer> expectedRendered,
      int pipelineCount, Edit busiestBackend) {

    /** The backend phase 2 edits and the pipelines that use it. */
    record Edit(String namespace, String backend, Set<String> pipelines) {
    }

    private static final String SAMPLE_REFS = "  backendRefs:\n    - name: victorialogs\n";

    static Workload of(int pipelines, int backends, int namespaceCount, String samplePipeline) {
      if (!samplePipeline.contains(SAMPLE_REFS) || !samplePipeline.contains("metadata:\n  name: default\n")) {
        throw new IllegalStateException("samples/logpipeline.yaml changed shape: update the benchmark's substitutions");
      }
      List<String> namespaces = new ArrayList<>();
      List<String> objects = new ArrayList<>();
      int credentialSecrets = 0;
      Map<String, Set<String>> usersOfFirstBackend = new LinkedHashMap<>();
      int backendsPerNamespace = backends / namespaceCount;
      int pipelinesPerNamespace = pipelines / namespaceCount;
      for (int n = 0; n < namespaceCount; n++) {
        String namespace = "bench-" + n;
        namespaces.add(namespace);
        for (int b = 0; b < backendsPerNamespace; b++) {
          boolean secretHeader = b % 2 == 0;
          if (secretHeader) {
            objects.add("""
                apiVersion: v1
                kind: Secret
                metadata: {name: otlp-token-%d, namespace: %s}
                stringData: {header: "Bearer token-%d-%d"}
                """.formatted(b, namespace, n, b));
          }
          objects.add("""
              apiVersion: %s
              kind: LogBackend
              metadata: {name: backend-%d, namespace: %s}
              spec:
                otlp:
                  endpoint: http://logs-%d.%s.svc:4318/v1/logs
                  headers:
                    - {name: X-Scope-OrgID, value: tenant-%d}
              %s""".formatted(API_VERSION, b, namespace, b, namespace, b, secretHeader
              ? "      - {name: Authorization, valueFrom: {secretKeyRef: {name: otlp-token-" + b + ", key: header}}}\n" : ""));
        }
        for (int p = 0; p < pipelinesPerNamespace; p++) {
          String name = "pipeline-" + p;
          int first = p % 2 == 0 ? 0 : p % backendsPerNamespace;
          Set<Integer> refs = new TreeSet<>();
          for (int r = 0; r <= p % 3; r++) {
            refs.add((first + r) % backendsPerNamespace);
          }
          if (refs.stream().anyMatch(b -> b % 2 == 0)) {
            credentialSecrets++;
          }
          if (refs.contains(0)) {
            usersOfFirstBackend.computeIfAbsent(namespace, k -> new TreeSet<>()).add(name);
          }
          StringBuilder refsYaml = new StringBuilder("  backendRefs:\n");
          refs.forEach(b -> refsYaml.append("    - name: backend-").append(b).append('\n'));
          objects.add(samplePipeline
              .replace("metadata:\n  name: default\n", "metadata:\n  name: " + name + "\n  namespace: " + namespace + "\n")
              .replace(SAMPLE_REFS, refsYaml));
        }
      }
      int total = pipelinesPerNamespace * namespaceCount;
      Map<String, Integer> expected = new LinkedHashMap<>();
      for (String kind : RenderedObjects.KINDS) {
        expected.put(kind, kind.equals("Secret") ? credentialSecrets : total);
      }
      Map.Entry<String, Set<String>> busiest = usersOfFirstBackend.entrySet().iterator().next();
      return new Workload(namespaces, objects, expected, total, new Edit(busiest.getKey(), "backend-0", busiest.getValue()));
    }
  }

  /** Informer caches of what the operator renders (by label) and of the LogPipelines, read by polling. */
  static final class RenderedObjects implements AutoCloseable {

    static final List<String> KINDS = List.of("ServiceAccount", "ClusterRole", "ClusterRoleBinding", "ConfigMap",
        "Secret", "DaemonSet");

    private final Map<String, SharedIndexInformer<? extends HasMetadata>> byKind = new LinkedHashMap<>();
    private final SharedIndexInformer<GenericKubernetesResource> pipelines;

    private RenderedObjects(KubernetesClient client, String label, String apiVersion) {
      byKind.put("ServiceAccount", client.serviceAccounts().inAnyNamespace().withLabel(label).inform());
      byKind.put("ClusterRole", client.rbac().clusterRoles().withLabel(label).inform());
      byKind.put("ClusterRoleBinding", client.rbac().clusterRoleBindings().withLabel(label).inform());
      byKind.put("ConfigMap", client.configMaps().inAnyNamespace().withLabel(label).inform());
      byKind.put("Secret", client.secrets().inAnyNamespace().withLabel(label).inform());
      byKind.put("DaemonSet", client.apps().daemonSets().inAnyNamespace().withLabel(label).inform());
      pipelines = client.genericKubernetesResources(apiVersion, "LogPipeline").inAnyNamespace().inform();
    }

    static RenderedObjects watch(KubernetesClient client, String label, String apiVersion) {
      return new RenderedObjects(client, label, apiVersion);
    }

    Map<String, Integer> counts() {
      Map<String, Integer> counts = new LinkedHashMap<>();
      byKind.forEach((kind, informer) -> counts.put(kind, informer.getStore().list().size()));
      return counts;
    }

    /** LogPipelines whose Ready condition is True for their current generation. */
    long readyPipelines() {
      return pipelines.getStore().list().stream().filter(RenderedObjects::readyForCurrentGeneration).count();
    }

    @SuppressWarnings("unchecked")
    private static boolean readyForCurrentGeneration(GenericKubernetesResource pipeline) {
      Object status = pipeline.getAdditionalProperties().get("status");
      if (!(status instanceof Map<?, ?> fields)
          || !Objects.equals(asLong(fields.get("observedGeneration")), pipeline.getMetadata().getGeneration())) {
        return false;
      }
      Object conditions = fields.get("conditions");
      return conditions instanceof List<?> list && list.stream().map(condition -> (Map<String, Object>) condition)
          .anyMatch(condition -> "Ready".equals(condition.get("type")) && "True".equals(condition.get("status")));
    }

    private static Long asLong(Object value) {
      return value instanceof Number number ? number.longValue() : null;
    }

    /** How many of the named pipelines' ConfigMaps ({@code <p>-collector}) mention {@code text}. */
    long configMapsContaining(String namespace, Set<String> pipelineNames, String text) {
      return pipelineNames.stream()
          .map(name -> (ConfigMap) byKind.get("ConfigMap").getStore().getByKey(namespace + "/" + name + "-collector"))
          .filter(configMap -> configMap != null && configMap.getData() != null
              && configMap.getData().values().stream().anyMatch(value -> value.contains(text)))
          .count();
    }

    /** status.configHash of each named pipeline. */
    Map<String, String> configHashes(String namespace, Set<String> pipelineNames) {
      Map<String, String> hashes = new LinkedHashMap<>();
      for (String name : pipelineNames) {
        GenericKubernetesResource pipeline = pipelines.getStore().getByKey(namespace + "/" + name);
        hashes.put(name, String.valueOf(((Map<?, ?>) pipeline.getAdditionalProperties().get("status")).get("configHash")));
      }
      return hashes;
    }

    /** Whether each pipeline is Ready=True with a status.configHash other than the one given. */
    boolean readyWithNewHash(String namespace, Map<String, String> hashesBefore) {
      return hashesBefore.entrySet().stream().allMatch(entry -> {
        GenericKubernetesResource pipeline = pipelines.getStore().getByKey(namespace + "/" + entry.getKey());
        return pipeline != null && readyForCurrentGeneration(pipeline)
            && !entry.getValue().equals(String.valueOf(((Map<?, ?>) pipeline.getAdditionalProperties().get("status")).get("configHash")));
      });
    }

    /** Whether the named pipelines' DaemonSets report every pod updated for their current generation. */
    boolean daemonSetsRolledOut(String namespace, Set<String> pipelineNames) {
      return pipelineNames.stream()
          .map(name -> (DaemonSet) byKind.get("DaemonSet").getStore()
              .getByKey(namespace + "/" + name + "-collector"))
          .allMatch(ds -> ds != null && ds.getStatus() != null
              && Objects.equals(ds.getStatus().getObservedGeneration(), ds.getMetadata().getGeneration()));
    }

    @Override
    public void close() {
      byKind.values().forEach(SharedIndexInformer::close);
      pipelines.close();
    }
  }
}
