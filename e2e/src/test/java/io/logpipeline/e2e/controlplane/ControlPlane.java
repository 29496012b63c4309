package io.logpipeline.e2e.controlplane;

import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.logpipeline.e2e.process.FreePorts;
import io.logpipeline.e2e.process.LocalProcess;
import io.logpipeline.e2e.process.ProcessGroup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A real Kubernetes 1.20.2 control plane on 127.0.0.1 (DESIGN.md §7.5): etcd, kube-apiserver with
 * RBAC authorization and token authentication, kube-controller-manager (ServiceAccount tokens,
 * namespaces, garbage collection, DaemonSets, Deployments, ReplicaSets) and kube-scheduler, each on
 * free ports with its state in one temporary directory. {@link #close()} stops every process tree
 * and deletes the directory.
 */
public final class ControlPlane implements AutoCloseable {

  /** The ClusterIP of the {@code kubernetes} Service, first address of the service range. */
  static final String API_SERVICE_IP = "10.96.0.1";

  /**
   * Only what the harness needs: no node lifecycle controller, so fake Nodes stay Ready without
   * heartbeats, and no endpoint/volume/job controllers nobody here uses.
   */
  private static final List<String> CONTROLLERS = List.of("serviceaccount-token", "serviceaccount", "namespace",
      "garbagecollector", "clusterrole-aggregation", "daemonset", "deployment", "replicaset");

  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);

  private final TestbedBinaries binaries;
  private final ProcessGroup processes;
  private final Path dir;
  private final List<String> controllers;
  private ClusterPki pki;
  private HttpClient https;
  private String server;
  private Path adminKubeconfig;
  private KubernetesClient adminClient;

  private ControlPlane(TestbedBinaries binaries, ProcessGroup processes, List<String> controllers) {
    this.binaries = binaries;
    this.processes = processes;
    this.dir = processes.dir();
    this.controllers = controllers;
  }

  /** Starts the control plane from the installed testbed binaries; returns once all of it is serving. */
  public static ControlPlane start() {
    return start(TestbedBinaries.installed());
  }

  /**
   * Starts without some of kube-controller-manager's controllers, for a caller that plays their part
   * itself: the operator scale benchmark leaves out {@code daemonset} and writes DaemonSet status.
   */
  public static ControlPlane startWithout(String... controllers) {
    return start(TestbedBinaries.installed(), List.of(controllers));
  }

  public static ControlPlane start(TestbedBinaries binaries) {
    return start(binaries, List.of());
  }

  private static ControlPlane start(TestbedBinaries binaries, List<String> leftOut) {
    List<String> controllers = CONTROLLERS.stream().filter(controller -> !leftOut.contains(controller)).toList();
    if (controllers.size() + leftOut.size() != CONTROLLERS.size()) {
      throw new IllegalArgumentException("not a controller the control plane runs: " + leftOut + " (it runs " + CONTROLLERS + ")");
    }
    ControlPlane controlPlane = new ControlPlane(binaries, ProcessGroup.create("logpipeline-e2e-"), controllers);
    try {
      controlPlane.startAll();
      return controlPlane;
    } catch (RuntimeException e) {
      controlPlane.close();
      throw e;
    }
  }

  private void startAll() {
    long started = System.nanoTime();
    pki = ClusterPki.generate(dir.resolve("pki"));
    https = HttpClient.newBuilder().sslContext(pki.trustingClusterCa()).connectTimeout(Duration.ofSeconds(2)).build();
    String adminToken = UUID.randomUUID().toString();

    int etcdPort = FreePorts.next();
    int etcdPeerPort = FreePorts.next();
    LocalProcess etcd = launch("etcd", EtcdCommand.of(binaries.etcd(), "e2e", dir.resolve("etcd"), etcdPort, etcdPeerPort));
    awaitHealthy(etcd, HttpClient.newHttpClient(), URI.create("http://127.0.0.1:" + etcdPort + "/health"), null);

    Path tokens = write("auth/tokens.csv", adminToken + ",admin,admin,system:masters\n");
    int apiPort = FreePorts.next();
    server = "https://127.0.0.1:" + apiPort;
    LocalProcess apiserver = launch("kube-apiserver", List.of(binaries.kubeApiserver().toString(),
        "--etcd-servers=http://127.0.0.1:" + etcdPort,
        "--bind-address=127.0.0.1",
        "--secure-port=" + apiPort,
        "--insecure-port=0",
        "--cert-dir=" + dir.resolve("apiserver"),
        "--tls-cert-file=" + pki.servingCertificate(),
        "--tls-private-key-file=" + pki.servingKey(),
        "--client-ca-file=" + pki.caCertificate(),
        "--token-auth-file=" + tokens,
        "--authorization-mode=RBAC",
        "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
        "--service-account-key-file=" + pki.serviceAccountPublicKey(),
        "--service-account-signing-key-file=" + pki.serviceAccountPrivateKey(),
        "--service-cluster-ip-range=10.96.0.0/16",
        "--allow-privileged=true",
        "--profiling=false"));
    awaitHealthy(apiserver, https, URI.create(server + "/readyz"), adminToken);

    adminKubeconfig = Kubeconfig.write(dir.resolve("kubeconfigs/admin.yaml"), server, pki.caCertificate(),
        "admin", adminToken, "default");
    adminClient = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(readString(adminKubeconfig))).build();

    int controllerManagerPort = FreePorts.next();
    LocalProcess controllerManager = launch("kube-controller-manager", List.of(
        binaries.kubeControllerManager().toString(),
        "--kubeconfig=" + adminKubeconfig,
        "--bind-address=127.0.0.1",
        "--secure-port=" + controllerManagerPort,
        "--port=0",
        "--tls-cert-file=" + pki.servingCertificate(),
        "--tls-private-key-file=" + pki.servingKey(),
        "--leader-elect=false",
        "--controllers=" + String.join(",", controllers),
        "--service-account-private-key-file=" + pki.serviceAccountPrivateKey(),
        "--root-ca-file=" + pki.caCertificate(),
        "--profiling=false"));
    int schedulerPort = FreePorts.next();
    LocalProcess scheduler = launch("kube-scheduler", List.of(binaries.kubeScheduler().toString(),
        "--kubeconfig=" + adminKubeconfig,
        "--bind-address=127.0.0.1",
        "--secure-port=" + schedulerPort,
        "--port=0",
        "--tls-cert-file=" + pki.servingCertificate(),
        "--tls-private-key-file=" + pki.servingKey(),
        "--leader-elect=false",
        "--profiling=false"));
    awaitHealthy(controllerManager, https, URI.create("https://127.0.0.1:" + controllerManagerPort + "/healthz"), null);
    awaitHealthy(scheduler, https, URI.create("https://127.0.0.1:" + schedulerPort + "/healthz"), null);
    // The token controller is the last piece the cluster needs before pods can be admitted.
    serviceAccountToken("default", "default", STARTUP_TIMEOUT);
    System.out.printf("event=control-plane-started server=%s dir=%s seconds=%.1f%n",
        server, dir, (System.nanoTime() - started) / 1e9);
  }

  /** The cluster's API server URL, {@code https://127.0.0.1:<port>}. */
  public String server() {
    return server;
  }

  /** A kubeconfig for a {@code system:masters} user, as {@code kind get kubeconfig} would give. */
  public Path adminKubeconfig() {
    return adminKubeconfig;
  }

  /** A client as that admin; closed with the control plane. */
  public KubernetesClient adminClient() {
    return adminClient;
  }

  /** kubectl as the admin. */
  public Kubectl kubectl() {
    return new Kubectl(binaries.kubectl(), adminKubeconfig);
  }

  /** kubectl with any kubeconfig, e.g. {@link #serviceAccountKubeconfig}'s. */
  public Kubectl kubectl(Path kubeconfig) {
    return new Kubectl(binaries.kubectl(), kubeconfig);
  }

  public ClusterPki pki() {
    return pki;
  }

  /** Where per-test state goes (deleted on close). */
  public Path workDir() {
    return dir;
  }

  /**
   * A kubeconfig that authenticates as ServiceAccount {@code namespace/name} with the token the
   * token controller minted for it — so RBAC applies exactly as it would to a pod using that
   * ServiceAccount. Waits for the ServiceAccount and its token.
   */
  public Path serviceAccountKubeconfig(String namespace, String name) {
    String token = serviceAccountToken(namespace, name, Duration.ofSeconds(30));
    return Kubeconfig.write(dir.resolve("kubeconfigs/" + namespace + "-" + name + ".yaml"), server,
        pki.caCertificate(), "system:serviceaccount:" + namespace + ":" + name, token, namespace);
  }

  private String serviceAccountToken(String namespace, String name, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      Optional<String> token = findServiceAccountToken(namespace, name);
      if (token.isPresent()) {
        return token.get();
      }
      sleep(Duration.ofMillis(200));
    }
    throw new IllegalStateException("ServiceAccount " + namespace + "/" + name + " has no token after "
        + timeout.toSeconds() + " s: does it exist, and is kube-controller-manager running? "
        + processes.find("kube-controller-manager").map(p -> p.logTail(20)).orElse(""));
  }

  private Optional<String> findServiceAccountToken(String namespace, String name) {
    ServiceAccount account = adminClient.serviceAccounts().inNamespace(namespace).withName(name).get();
    if (account == null || account.getSecrets() == null) {
      return Optional.empty();
    }
    for (ObjectReference reference : account.getSecrets()) {
      Secret secret = adminClient.secrets().inNamespace(namespace).withName(reference.getName()).get();
      if (secret != null && "kubernetes.io/service-account-token".equals(secret.getType())
          && secret.getData() != null && secret.getData().containsKey("token")) {
        return Optional.of(new String(Base64.getDecoder().decode(secret.getData().get("token")), StandardCharsets.UTF_8));
      }
    }
    return Optional.empty();
  }

  private LocalProcess launch(String name, List<String> command) {
    return processes.launch(name, command);
  }

  private void awaitHealthy(LocalProcess process, HttpClient client, URI url, String bearerToken) {
    long started = System.nanoTime();
    HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(2));
    if (bearerToken != null) {
      request.header("Authorization", "Bearer " + bearerToken);
    }
    long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(process.name() + " exited with " + process.exitValue() + " during startup:\n"
            + process.logTail(30));
      }
      try {
        if (client.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          System.out.printf("event=component-healthy component=%s pid=%d url=%s waitedSeconds=%.1f%n",
              process.name(), process.pid(), url, (System.nanoTime() - started) / 1e9);
          return;
        }
      } catch (IOException notListeningYet) {
        // retried below
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted waiting for " + process.name(), e);
      }
      sleep(Duration.ofMillis(200));
    }
    throw new IllegalStateException(process.name() + " not healthy at " + url + " after " + STARTUP_TIMEOUT.toSeconds()
        + " s:\n" + process.logTail(30));
  }

  private Path write(String relative, String content) {
    Path file = dir.resolve(relative);
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, content);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String readString(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** Stops the components in reverse start order, then deletes the state directory. */
  @Override
  public void close() {
    if (adminClient != null) {
      adminClient.close();
    }
    processes.close();
  }
}
