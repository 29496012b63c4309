package io.logpipeline.e2e.crdserver;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.logpipeline.e2e.controlplane.ClusterPki;
import io.logpipeline.e2e.controlplane.EtcdCommand;
import io.logpipeline.e2e.controlplane.Kubeconfig;
import io.logpipeline.e2e.process.FreePorts;
import io.logpipeline.e2e.process.LocalProcess;
import io.logpipeline.e2e.process.ProcessGroup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * A Kubernetes 1.36 CRD API server on 127.0.0.1: etcd and the standalone apiextensions-apiserver
 * (CustomResourceDefinitions and custom resources, CEL validation with cost estimation; no core API,
 * no webhooks), on free ports with its state in one temporary directory. The client authenticates
 * with a system:masters client certificate. {@link #close()} stops both and deletes the directory.
 */
public final class CrdServer implements AutoCloseable {

  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);
  private final ProcessGroup processes;
  private final Path dir;
  private KubernetesClient client;

  private CrdServer(ProcessGroup processes) {
    this.processes = processes;
    this.dir = processes.dir();
  }

  /** Starts etcd and the CRD server from the built binaries; returns once the server is ready. */
  public static CrdServer start() {
    CrdServerBinaries binaries = CrdServerBinaries.built();
    CrdServer server = new CrdServer(ProcessGroup.create("logpipeline-crd-server-"));
    try {
      server.startAll(binaries);
      return server;
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
  }

  private void startAll(CrdServerBinaries binaries) {
    ClusterPki pki = ClusterPki.generate(dir.resolve("pki"));
    int etcdPort = FreePorts.next();
    int etcdPeerPort = FreePorts.next();
    LocalProcess etcd = launch("etcd", EtcdCommand.of(binaries.etcd(), "crd-server", dir.resolve("etcd"), etcdPort, etcdPeerPort));
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + etcdPort + "/health")).build();
    await(etcd, () -> {
      try {
        return http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
      } catch (IOException notListeningYet) {
        return false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted waiting for etcd", e);
      }
    });

    int port = FreePorts.next();
    Path kubeconfig = Kubeconfig.writeForClientCertificate(dir.resolve("kubeconfig"), "https://127.0.0.1:" + port,
        pki.caCertificate(), "admin", pki.adminCertificate(), pki.adminKey(), "default");
    LocalProcess server = launch("crdserver", List.of(binaries.crdServer().toString(),
        "--etcd-servers=http://127.0.0.1:" + etcdPort,
        "--bind-address=127.0.0.1",
        "--secure-port=" + port,
        "--tls-cert-file=" + pki.servingCertificate(),
        "--tls-private-key-file=" + pki.servingKey(),
        "--client-ca-file=" + pki.caCertificate(),
        // Standalone, the server is its own authentication, authorization and "core API" endpoint;
        // system:masters is always allowed, and there is no kube-system ConfigMap to look up.
        "--authentication-skip-lookup",
        "--authentication-kubeconfig=" + kubeconfig,
        "--authorization-kubeconfig=" + kubeconfig,
        "--kubeconfig=" + kubeconfig,
        // Admission plugins that need the core API (namespaces, webhooks, policies), which this server lacks.
        "--disable-admission-plugins=NamespaceLifecycle,MutatingAdmissionPolicy,MutatingAdmissionWebhook,"
            + "ValidatingAdmissionPolicy,ValidatingAdmissionWebhook",
        "--enable-priority-and-fairness=false"));
    client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(readString(kubeconfig))).build();
    // informer-sync never passes: the server's "core API" informers point at itself, which has no /api/v1.
    await(server, () -> {
      try {
        return "ok".equals(client.raw("https://127.0.0.1:" + port + "/readyz?exclude=informer-sync"));
      } catch (RuntimeException notReadyYet) {
        return false;
      }
    });
  }

  /** A client with system:masters rights on this server. */
  public KubernetesClient client() {
    return client;
  }

  private LocalProcess launch(String name, List<String> command) {
    return processes.launch(name, command);
  }

  private static void await(LocalProcess process, BooleanSupplier ready) {
    long started = System.nanoTime();
    long deadline = started + STARTUP_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(process.name() + " exited with " + process.exitValue() + " during startup:\n"
            + process.logTail(30));
      }
      if (ready.getAsBoolean()) {
        System.out.printf("event=component-ready component=%s pid=%d waitedSeconds=%.1f%n",
            process.name(), process.pid(), (System.nanoTime() - started) / 1e9);
        return;
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted waiting for " + process.name(), e);
      }
    }
    throw new IllegalStateException(process.name() + " not ready after " + STARTUP_TIMEOUT.toSeconds() + " s:\n"
        + process.logTail(30));
  }

  private static String readString(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stops the server, then etcd, then deletes the state directory. */
  @Override
  public void close() {
    if (client != null) {
      client.close();
    }
    processes.close();
  }
}
