package io.logpipeline.e2e.scale;

import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands in for the DaemonSet controller and the kubelets of {@code nodes} nodes at once: every
 * DaemonSet with the given label gets a status that reports all its pods scheduled, updated, ready
 * and available for its current generation — what the operator would see once real collectors came
 * up, without running 200 × nodes collector processes. The control plane must run without its
 * {@code daemonset} controller, which would otherwise overwrite these figures.
 */
final class DaemonSetStatusWriter implements AutoCloseable {

  private final KubernetesClient client;
  private final int nodes;
  private final SharedIndexInformer<DaemonSet> informer;
  /** Patches leave the informer's thread, so a slow API server does not delay the events behind them. */
  private final ExecutorService patches = Executors.newFixedThreadPool(2, runnable -> {
    Thread thread = new Thread(runnable, "daemonset-status-writer");
    thread.setDaemon(true);
    return thread;
  });
  private final AtomicInteger written = new AtomicInteger();

  private DaemonSetStatusWriter(KubernetesClient client, String label, int nodes) {
    this.client = client;
    this.nodes = nodes;
    this.informer = client.apps().daemonSets().inAnyNamespace().withLabel(label).inform(new ResourceEventHandler<>() {
      @Override
      public void onAdd(DaemonSet daemonSet) {
        reportReadyIfStale(daemonSet);
      }

      @Override
      public void onUpdate(DaemonSet old, DaemonSet daemonSet) {
        reportReadyIfStale(daemonSet);
      }

      @Override
      public void onDelete(DaemonSet daemonSet, boolean finalStateUnknown) {
        // nothing to report for a DaemonSet that is gone
      }
    });
  }

  /** Starts watching DaemonSets carrying {@code label} (a key, or key=value). */
  static DaemonSetStatusWriter start(KubernetesClient client, String label, int nodes) {
    return new DaemonSetStatusWriter(client, label, nodes);
  }

  /** How many status patches were written. */
  int written() {
    return written.get();
  }

  private void reportReadyIfStale(DaemonSet daemonSet) {
    Long generation = daemonSet.getMetadata().getGeneration();
    DaemonSetStatus status = daemonSet.getStatus();
    boolean current = status != null && Objects.equals(status.getObservedGeneration(), generation)
        && Objects.equals(status.getNumberReady(), nodes) && Objects.equals(status.getUpdatedNumberScheduled(), nodes);
    if (current) {
      return;
    }
    String namespace = daemonSet.getMetadata().getNamespace();
    String name = daemonSet.getMetadata().getName();
    String patch = """
        {"status": {"observedGeneration": %d, "desiredNumberScheduled": %d, "currentNumberScheduled": %d,
         "numberMisscheduled": 0, "numberReady": %d, "updatedNumberScheduled": %d, "numberAvailable": %d,
         "numberUnavailable": 0}}""".formatted(generation, nodes, nodes, nodes, nodes, nodes);
    patches.execute(() -> {
      try {
        client.apps().daemonSets().inNamespace(namespace).withName(name).subresource("status")
            .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
        written.incrementAndGet();
      } catch (KubernetesClientException e) {
        // a DaemonSet deleted meanwhile: its delete event follows; anything else is worth a line
        if (e.getCode() != 404) {
          System.out.printf("event=daemonset-status-patch-failed namespace=%s name=%s code=%d message=%s%n",
              namespace, name, e.getCode(), e.getMessage());
        }
      }
    });
  }

  @Override
  public void close() {
    informer.close();
    patches.shutdownNow();
    try {
      patches.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
