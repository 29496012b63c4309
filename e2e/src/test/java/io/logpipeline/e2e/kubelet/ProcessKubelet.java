package io.logpipeline.e2e.kubelet;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.logpipeline.e2e.controlplane.ControlPlane;
import io.logpipeline.e2e.process.LocalProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The kubelet of the fake nodes (DESIGN.md §7.5): runs each pod bound to one of them as a local
 * process through a {@link PodProcessLauncher}, reports it Running, sends its HTTP readiness probe
 * to the process every second and reports Ready accordingly, restarts a process that exits (with
 * back-off, counting restarts), and on deletion stops the process tree and confirms the deletion
 * as a kubelet does (delete with grace period 0).
 *
 * <p>Each node has a root directory standing for its filesystem ({@code nodeRoot(node)/var/log/pods}
 * is the node's {@code /var/log/pods}). All state changes run on one thread; stopping processes
 * runs beside it so a slow shutdown does not stall the other pods' probes.
 */
public final class ProcessKubelet implements AutoCloseable {

  private static final Duration PROBE_PERIOD = Duration.ofSeconds(1);
  private static final Duration LAUNCH_RETRY = Duration.ofSeconds(2);
  private static final long MAX_GRACE_SECONDS = 30;

  private final ControlPlane controlPlane;
  private final KubernetesClient client;
  private final PodProcessLauncher launcher;
  private final Map<String, Path> nodeRoots = new LinkedHashMap<>();
  private final Map<String, PodRun> pods = new LinkedHashMap<>();
  private final ScheduledExecutorService events = Executors.newSingleThreadScheduledExecutor(
      runnable -> new Thread(runnable, "process-kubelet"));
  private final ExecutorService stopper = Executors.newCachedThreadPool(runnable -> {
    Thread thread = new Thread(runnable, "process-kubelet-stop");
    thread.setDaemon(true);
    return thread;
  });
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
  /** Every pod process alive, for the shutdown hook: an aborted test run must not leave them behind. */
  private final Set<LocalProcess> live = ConcurrentHashMap.newKeySet();
  private final Thread shutdownHook = new Thread(() -> live.forEach(process -> process.stop(Duration.ofSeconds(5))),
      "process-kubelet-shutdown");
  private SharedIndexInformer<Pod> informer;

  private ProcessKubelet(ControlPlane controlPlane, PodProcessLauncher launcher) {
    this.controlPlane = controlPlane;
    this.client = controlPlane.adminClient();
    this.launcher = launcher;
  }

  /** Starts serving the named (already created) nodes. */
  public static ProcessKubelet start(ControlPlane controlPlane, PodProcessLauncher launcher, List<String> nodeNames) {
    ProcessKubelet kubelet = new ProcessKubelet(controlPlane, launcher);
    Runtime.getRuntime().addShutdownHook(kubelet.shutdownHook);
    for (String node : nodeNames) {
      Path root = controlPlane.workDir().resolve("nodes").resolve(node).resolve("root");
      try {
        // What a kubelet node always has; hostPath volumes of type Directory point here.
        for (String dir : List.of("var/log/pods", "var/log/containers", "var/lib/docker/containers")) {
          Files.createDirectories(root.resolve(dir));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      kubelet.nodeRoots.put(node, root);
    }
    kubelet.informer = kubelet.client.pods().inAnyNamespace().inform(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Pod pod) {
        kubelet.events.execute(() -> kubelet.sync(pod));
      }

      @Override
      public void onUpdate(Pod old, Pod pod) {
        kubelet.events.execute(() -> kubelet.sync(pod));
      }

      @Override
      public void onDelete(Pod pod, boolean finalStateUnknown) {
        kubelet.events.execute(() -> kubelet.deleted(pod));
      }
    });
    return kubelet;
  }

  /** The directory standing for {@code node}'s filesystem root. */
  public Path nodeRoot(String node) {
    return Optional.ofNullable(nodeRoots.get(node))
        .orElseThrow(() -> new IllegalArgumentException("not a node of this kubelet: " + node));
  }

  /** The pods running now. */
  public List<RunningPod> runningPods() {
    try {
      return events.submit(() -> pods.values().stream()
          .filter(run -> !run.terminating && run.process != null)
          .map(run -> new RunningPod(run.namespace, run.name, run.node, run.process.process().pid(),
              run.process.localPorts(), run.sandbox.environment(), run.ready, run.restarts))
          .toList()).get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("process kubelet did not answer", e);
    }
  }

  private void sync(Pod pod) {
    String node = pod.getSpec().getNodeName();
    if (node == null || !nodeRoots.containsKey(node)) {
      return;
    }
    PodRun run = pods.get(pod.getMetadata().getUid());
    if (pod.getMetadata().getDeletionTimestamp() != null) {
      if (run == null) {
        confirmDeletion(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), pod.getMetadata().getUid());
      } else {
        terminate(run, true);
      }
      return;
    }
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    if (run == null && !"Succeeded".equals(phase) && !"Failed".equals(phase)) {
      PodRun created = new PodRun(pod, node);
      pods.put(created.uid, created);
      launch(created);
    } else if (run != null) {
      run.pod = pod;
    }
  }

  private void deleted(Pod pod) {
    PodRun run = pods.get(pod.getMetadata().getUid());
    if (run != null) {
      terminate(run, false);
    }
  }

  private void launch(PodRun run) {
    if (run.terminating) {
      return;
    }
    try {
      if (run.sandbox == null) {
        run.sandbox = PodSandbox.prepare(client, run.pod, nodeRoots.get(run.node),
            controlPlane.workDir().resolve("nodes").resolve(run.node).resolve("pods")
                .resolve(run.namespace + "_" + run.name + "_" + run.uid),
            controlPlane.server(), controlPlane.pki().caCertificate());
      }
      run.sandbox.restarts(run.restarts);
      PodProcess process = launcher.launch(run.sandbox);
      live.add(process.process());
      process.process().onExit().thenRun(() -> live.remove(process.process()));
      run.process = process;
      run.startedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
      run.ready = false;
      log("pod-started", run, "pid=" + process.process().pid() + " ports=" + process.localPorts()
          + " log=" + process.process().logFile());
      process.process().onExit().thenRunAsync(() -> exited(run, process), events);
      patchStatus(run, null);
      if (run.probe == null) {
        run.probe = events.scheduleWithFixedDelay(() -> probe(run), 0, PROBE_PERIOD.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (RuntimeException e) {
      // As a kubelet does: report why the container cannot start, and try again; log each new reason once.
      String reason = e.getMessage() == null ? e.toString() : e.getMessage();
      if (!reason.equals(run.launchError)) {
        log("pod-launch-failed", run, "reason=\"" + reason + "\" retryEveryMs=" + LAUNCH_RETRY.toMillis());
        run.launchError = reason;
        patchStatus(run, reason);
      }
      run.sandbox = null;
      events.schedule(() -> launch(run), LAUNCH_RETRY.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private void probe(PodRun run) {
    if (run.terminating || run.process == null || !run.process.process().isAlive()) {
      return;
    }
    Optional<URI> url;
    try {
      url = readinessUrl(run);
    } catch (IllegalStateException misconfigured) {
      // A thrown exception would silently cancel the periodic probe: report it and stay not ready.
      log("pod-probe-failed", run, "reason=\"" + misconfigured.getMessage() + "\"");
      return;
    }
    if (url.isEmpty()) {
      setReady(run, true);
      return;
    }
    PodProcess probed = run.process;
    http.sendAsync(HttpRequest.newBuilder(url.get()).timeout(Duration.ofSeconds(1)).build(),
            HttpResponse.BodyHandlers.discarding())
        .handleAsync((response, failure) -> {
          if (run.process == probed) {
            setReady(run, failure == null && response.statusCode() >= 200 && response.statusCode() < 400);
          }
          return null;
        }, events);
  }

  /** The pod's httpGet readiness probe, sent to the local port its container port was given. */
  private Optional<URI> readinessUrl(PodRun run) {
    Probe probe = run.sandbox.container().getReadinessProbe();
    if (probe == null || probe.getHttpGet() == null) {
      return Optional.empty();
    }
    HTTPGetAction get = probe.getHttpGet();
    int containerPort = get.getPort().getIntVal() != null ? get.getPort().getIntVal()
        : Optional.ofNullable(run.sandbox.container().getPorts()).orElse(List.of()).stream()
            .filter(port -> get.getPort().getStrVal().equals(port.getName()))
            .map(ContainerPort::getContainerPort)
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("readiness probe port " + get.getPort().getStrVal()
                + " is not a named port of container " + run.sandbox.container().getName()));
    Integer local = run.process.localPorts().get(containerPort);
    if (local == null) {
      throw new IllegalStateException("the launcher mapped no local port for container port " + containerPort
          + " of pod " + run.namespace + "/" + run.name + ", which the readiness probe uses");
    }
    String path = Optional.ofNullable(get.getPath()).orElse("/");
    return Optional.of(URI.create("http://127.0.0.1:" + local + (path.startsWith("/") ? path : "/" + path)));
  }

  private void setReady(PodRun run, boolean ready) {
    if (run.ready != ready && !run.terminating) {
      run.ready = ready;
      run.readyChangedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
      log(ready ? "pod-ready" : "pod-not-ready", run, "");
      patchStatus(run, null);
    }
  }

  private void exited(PodRun run, PodProcess process) {
    if (run.terminating || run.process != process) {
      return;
    }
    run.lastExitCode = process.process().exitValue();
    run.restarts++;
    run.ready = false;
    run.readyChangedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    long backoff = Math.min(10_000, 1_000L << Math.min(4, run.restarts - 1));
    log("pod-process-exited", run, "exitCode=" + run.lastExitCode + " restartInMs=" + backoff
        + " log=" + process.process().logFile());
    patchStatus(run, null);
    events.schedule(() -> launch(run), backoff, TimeUnit.MILLISECONDS);
  }

  /** Stops the process tree; when the API still has the pod (graceful deletion), confirms it. */
  private void terminate(PodRun run, boolean confirmDeletion) {
    if (run.terminating) {
      return;
    }
    run.terminating = true;
    if (run.probe != null) {
      run.probe.cancel(false);
    }
    long grace = Math.min(MAX_GRACE_SECONDS,
        Optional.ofNullable(run.pod.getSpec().getTerminationGracePeriodSeconds()).orElse(30L));
    LocalProcess process = run.process == null ? null : run.process.process();
    CompletableFuture.runAsync(() -> {
      if (process != null) {
        process.stop(Duration.ofSeconds(grace));
      }
    }, stopper).whenCompleteAsync((ignored, failure) -> {
      pods.remove(run.uid);
      log("pod-stopped", run, process == null ? "" : "exitCode=" + process.exitValue());
      if (confirmDeletion) {
        confirmDeletion(run.namespace, run.name, run.uid);
      }
    }, events);
  }

  private void confirmDeletion(String namespace, String name, String uid) {
    try {
      Pod current = client.pods().inNamespace(namespace).withName(name).get();
      if (current != null && uid.equals(current.getMetadata().getUid())) {
        client.pods().inNamespace(namespace).withName(name).withGracePeriod(0).delete();
      }
    } catch (KubernetesClientException e) {
      System.out.printf("event=pod-delete-failed pod=%s/%s reason=\"%s\"%n", namespace, name, e.getMessage());
    }
  }

  private void patchStatus(PodRun run, String launchError) {
    PodStatus status = status(run, launchError);
    try {
      client.pods().inNamespace(run.namespace).withName(run.name)
          .editStatus(pod -> new PodBuilder(pod).withStatus(status).build());
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        log("pod-status-failed", run, "reason=\"" + e.getMessage() + "\"");
      }
    }
  }

  private static PodStatus status(PodRun run, String launchError) {
    String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    String readySince = Optional.ofNullable(run.readyChangedAt).orElse(run.createdAt).toString();
    String ready = run.ready ? "True" : "False";
    List<PodCondition> conditions = new ArrayList<>(List.of(
        condition("Initialized", "True", run.createdAt.toString()),
        condition("Ready", ready, readySince),
        condition("ContainersReady", ready, readySince),
        condition("PodScheduled", "True", run.createdAt.toString())));
    ContainerStatusBuilder container = new ContainerStatusBuilder()
        .withName(run.sandbox == null ? run.pod.getSpec().getContainers().get(0).getName() : run.sandbox.container().getName())
        .withImage(run.pod.getSpec().getContainers().get(0).getImage())
        .withImageID("process://" + run.pod.getSpec().getContainers().get(0).getImage())
        .withRestartCount(run.restarts)
        .withReady(run.ready);
    if (launchError != null) {
      container.withStarted(false).withState(new ContainerStateBuilder()
          .withNewWaiting().withReason("CreateContainerError").withMessage(launchError).endWaiting().build());
    } else if (run.process != null && run.process.process().isAlive()) {
      container.withStarted(true).withContainerID("process://" + run.process.process().pid())
          .withState(new ContainerStateBuilder().withNewRunning().withStartedAt(run.startedAt.toString()).endRunning().build());
    } else {
      container.withStarted(false).withState(new ContainerStateBuilder()
          .withNewWaiting().withReason("CrashLoopBackOff")
          .withMessage("process exited with " + run.lastExitCode).endWaiting().build());
    }
    if (run.lastExitCode != null) {
      container.withLastState(new ContainerStateBuilder().withNewTerminated()
          .withExitCode(run.lastExitCode).withReason(run.lastExitCode == 0 ? "Completed" : "Error")
          .withFinishedAt(now).endTerminated().build());
    }
    ContainerStatus containerStatus = container.build();
    return new PodStatusBuilder()
        .withPhase(launchError != null && run.process == null ? "Pending" : "Running")
        .withHostIP("127.0.0.1")
        .withPodIP("127.0.0.1")
        .addNewPodIP("127.0.0.1")
        .withStartTime(run.createdAt.toString())
        .withConditions(conditions)
        .withContainerStatuses(containerStatus)
        .withQosClass(run.pod.getStatus() == null ? null : run.pod.getStatus().getQosClass())
        .build();
  }

  private static PodCondition condition(String type, String status, String since) {
    return new PodConditionBuilder().withType(type).withStatus(status).withLastTransitionTime(since).build();
  }

  private static void log(String event, PodRun run, String details) {
    System.out.printf("event=%s node=%s pod=%s/%s %s%n", event, run.node, run.namespace, run.name, details);
  }

  /** Stops the watch and every pod process; leaves the Pod objects as they are. */
  @Override
  public void close() {
    if (informer != null) {
      informer.stop();
    }
    List<CompletableFuture<Void>> stops = new ArrayList<>();
    try {
      events.submit(() -> {
        for (PodRun run : pods.values()) {
          run.terminating = true;
          if (run.probe != null) {
            run.probe.cancel(false);
          }
          if (run.process != null) {
            stops.add(CompletableFuture.runAsync(() -> run.process.process().stop(Duration.ofSeconds(10)), stopper));
          }
        }
      }).get(10, TimeUnit.SECONDS);
      CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("could not stop every pod process", e);
    } finally {
      events.shutdownNow();
      stopper.shutdownNow();
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException alreadyShuttingDown) {
        // the hook is running or ran
      }
    }
  }

  /** One pod's lifecycle on this kubelet; touched only on the events thread. */
  private static final class PodRun {
    final String uid;
    final String namespace;
    final String name;
    final String node;
    final Instant createdAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    Pod pod;
    PodSandbox sandbox;
    PodProcess process;
    Instant startedAt;
    Instant readyChangedAt;
    boolean ready;
    boolean terminating;
    int restarts;
    Integer lastExitCode;
    String launchError;
    ScheduledFuture<?> probe;

    PodRun(Pod pod, String node) {
      this.uid = pod.getMetadata().getUid();
      this.namespace = pod.getMetadata().getNamespace();
      this.name = pod.getMetadata().getName();
      this.node = node;
      this.pod = pod;
    }
  }
}
