package io.logpipeline.e2e.nodes;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Creates Node objects with no kubelet behind them, looking to the scheduler and the DaemonSet
 * controller like healthy nodes: Ready, allocatable pods, no not-ready taint. They stay Ready
 * because the control plane runs no node lifecycle controller (see ControlPlane's controller list);
 * the pods bound to them are run by the process kubelet.
 */
public final class FakeNodes {

  /** Added at creation by the TaintNodesByCondition admission plugin; a kubelet would clear it. */
  private static final String NOT_READY_TAINT = "node.kubernetes.io/not-ready";

  private FakeNodes() {
  }

  /** Creates one Ready node per name and returns them as the API server stores them. */
  public static List<Node> create(KubernetesClient client, String... names) {
    return List.of(names).stream().map(name -> create(client, name)).collect(Collectors.toList());
  }

  private static Node create(KubernetesClient client, String name) {
    client.nodes().resource(new NodeBuilder()
        .withNewMetadata()
          .withName(name)
          .withLabels(Map.of("kubernetes.io/hostname", name, "kubernetes.io/os", "linux", "kubernetes.io/arch", "amd64"))
        .endMetadata()
        .build()).create();
    String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    Map<String, Quantity> resources = Map.of(
        "cpu", new Quantity("4"), "memory", new Quantity("8Gi"), "pods", new Quantity("110"),
        "ephemeral-storage", new Quantity("50Gi"));
    client.nodes().withName(name).editStatus(node -> new NodeBuilder(node)
        .editOrNewStatus()
          .withCapacity(resources)
          .withAllocatable(resources)
          .withConditions(new NodeConditionBuilder()
              .withType("Ready").withStatus("True").withReason("KubeletReady")
              .withMessage("process kubelet is posting ready status")
              .withLastHeartbeatTime(now).withLastTransitionTime(now)
              .build())
          .addNewAddress().withType("InternalIP").withAddress("127.0.0.1").endAddress()
          .addNewAddress().withType("Hostname").withAddress(name).endAddress()
          .withNewNodeInfo()
            .withKubeletVersion("v1.20.2").withKubeProxyVersion("v1.20.2")
            .withOperatingSystem("linux").withArchitecture("amd64")
            .withContainerRuntimeVersion("process://logpipeline-e2e")
            .withOsImage("Debian GNU/Linux 12").withKernelVersion(System.getProperty("os.version"))
            .withMachineID(name).withSystemUUID(name).withBootID(name)
          .endNodeInfo()
        .endStatus()
        .build());
    return client.nodes().withName(name).edit(node -> new NodeBuilder(node)
        .editOrNewSpec()
          .withTaints(node.getSpec() == null || node.getSpec().getTaints() == null ? List.of() : node.getSpec().getTaints().stream()
              .filter(taint -> !NOT_READY_TAINT.equals(taint.getKey()))
              .collect(Collectors.toList()))
        .endSpec()
        .build());
  }
}
