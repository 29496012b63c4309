package io.logpipeline.packaging;

import static org.awaitility.Awaitility.await;

import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One `helm test` of an installed release, through helm-java against a kube-apiserver without a kubelet: Helm creates
 * the test Pod and waits for it to end; the test runs its container its own way and reports the phase a kubelet would.
 */
public final class HelmTestRun {

  private final KubernetesClient client;
  private final String namespace;
  private final String podName;
  private final String previousUid;
  private final CompletableFuture<String> outcome;

  /** Starts `helm test <release> -n <namespace>` in the background; {@code podName} is the chart's test Pod. */
  public HelmTestRun(KubernetesClient client, String kubeConfigYaml, String release, String namespace, String podName) {
    this.client = client;
    this.namespace = namespace;
    this.podName = podName;
    Pod existing = client.pods().inNamespace(namespace).withName(podName).get();
    this.previousUid = existing == null ? null : existing.getMetadata().getUid();
    this.outcome = CompletableFuture.supplyAsync(() -> {
      try {
        Helm.test(release).withNamespace(namespace).withKubeConfigContents(kubeConfigYaml).withTimeout(180).call();
        return null;
      } catch (RuntimeException e) {
        return e.getMessage();
      }
    });
  }

  /** The Pod this run created (a previous run's is deleted first: before-hook-creation). */
  public Pod awaitPod() {
    await().atMost(Duration.ofSeconds(60)).until(() -> {
      Pod current = client.pods().inNamespace(namespace).withName(podName).get();
      return current != null && !current.getMetadata().getUid().equals(previousUid);
    });
    return client.pods().inNamespace(namespace).withName(podName).get();
  }

  /** Its one container. */
  public static Container container(Pod pod) {
    return pod.getSpec().getContainers().get(0);
  }

  /** What a kubelet reports when the container exits with {@code exitCode}. */
  public void complete(int exitCode) {
    String phase = exitCode == 0 ? "Succeeded" : "Failed";
    client.pods().inNamespace(namespace).withName(podName).editStatus(current -> {
      current.setStatus(new PodStatusBuilder(current.getStatus()).withPhase(phase).build());
      return current;
    });
  }

  /** Null when `helm test` passed, else its error message. */
  public String result() throws Exception {
    return outcome.get(180, TimeUnit.SECONDS);
  }
}
