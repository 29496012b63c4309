package io.logpipeline.e2e.kubelet;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.logpipeline.e2e.controlplane.Kubeconfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a kubelet prepares before it starts a pod's container, laid out on the local disk: every
 * volume as a directory (ConfigMap and Secret keys as files, hostPath under the node's root
 * directory, emptyDir), the container's environment resolved, and a kubeconfig for the pod's
 * ServiceAccount (from its mounted token) in {@code KUBECONFIG}. Only the first container is run.
 */
public final class PodSandbox {

  private static final String SERVICE_ACCOUNT_MOUNT = "/var/run/secrets/kubernetes.io/serviceaccount";

  private final Pod pod;
  private final String nodeName;
  private final Path nodeRoot;
  private final Path dir;
  private final Map<String, Path> volumes;
  private final Map<String, String> environment;
  private int restarts;

  private PodSandbox(Pod pod, String nodeName, Path nodeRoot, Path dir, Map<String, Path> volumes,
      Map<String, String> environment) {
    this.pod = pod;
    this.nodeName = nodeName;
    this.nodeRoot = nodeRoot;
    this.dir = dir;
    this.volumes = volumes;
    this.environment = environment;
  }

  static PodSandbox prepare(KubernetesClient client, Pod pod, Path nodeRoot, Path dir, String apiServer, Path caCertificate) {
    try {
      Files.createDirectories(dir.resolve("home"));
      Map<String, Path> volumes = new LinkedHashMap<>();
      for (Volume volume : Optional.ofNullable(pod.getSpec().getVolumes()).orElse(List.of())) {
        volumes.put(volume.getName(), materialize(client, pod, volume, nodeRoot, dir.resolve("volumes").resolve(volume.getName())));
      }
      PodSandbox sandbox = new PodSandbox(pod, pod.getSpec().getNodeName(), nodeRoot, dir, volumes, new LinkedHashMap<>());
      sandbox.environment.put("PATH", System.getenv("PATH"));
      sandbox.environment.put("HOME", dir.resolve("home").toString());
      sandbox.environment.put("HOSTNAME", pod.getMetadata().getName());
      sandbox.environment.putAll(resolveEnvironment(client, pod, sandbox.container()));
      sandbox.serviceAccountKubeconfig(apiServer, caCertificate)
          .ifPresent(kubeconfig -> sandbox.environment.put("KUBECONFIG", kubeconfig.toString()));
      return sandbox;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Pod pod() {
    return pod;
  }

  public String nodeName() {
    return nodeName;
  }

  /** The container the launcher runs: the pod's first. */
  public Container container() {
    return pod.getSpec().getContainers().get(0);
  }

  /** The node's filesystem root: hostPath {@code /var/log/pods} is {@code nodeRoot()/var/log/pods}. */
  public Path nodeRoot() {
    return nodeRoot;
  }

  /** This pod's own directory (volumes, HOME); a launcher may put its log file here. */
  public Path dir() {
    return dir;
  }

  /**
   * The container's log on its node, where a kubelet's runtime writes it:
   * {@code /var/log/pods/<ns>_<pod>_<uid>/<container>/<restart count>.log}.
   */
  public Path containerLogFile() {
    return nodeRoot.resolve("var/log/pods")
        .resolve(pod.getMetadata().getNamespace() + "_" + pod.getMetadata().getName() + "_" + pod.getMetadata().getUid())
        .resolve(container().getName()).resolve(restarts + ".log");
  }

  /** Set by the kubelet before each (re)start, so each start logs to its own file. */
  void restarts(int count) {
    this.restarts = count;
  }

  /** The container's environment as a kubelet would set it, plus PATH, HOME, HOSTNAME and KUBECONFIG. */
  public Map<String, String> environment() {
    return Map.copyOf(environment);
  }

  /**
   * Where a path inside the container is on the local disk, through the container's volume
   * mounts (longest mount path wins): {@code /etc/logpipeline/collector.json} becomes the
   * ConfigMap volume's {@code collector.json} file.
   */
  public Path hostPath(String containerPath) {
    VolumeMount mount = Optional.ofNullable(container().getVolumeMounts()).orElse(List.of()).stream()
        .filter(candidate -> containerPath.equals(candidate.getMountPath())
            || containerPath.startsWith(candidate.getMountPath().endsWith("/")
                ? candidate.getMountPath() : candidate.getMountPath() + "/"))
        .max(Comparator.comparingInt(candidate -> candidate.getMountPath().length()))
        .orElseThrow(() -> new IllegalArgumentException(containerPath + " is on no volume mount of container "
            + container().getName() + " in pod " + pod.getMetadata().getName()));
    Path volume = volumes.get(mount.getName());
    if (mount.getSubPath() != null && !mount.getSubPath().isEmpty()) {
      volume = volume.resolve(mount.getSubPath());
    }
    String rest = containerPath.substring(mount.getMountPath().length()).replaceFirst("^/+", "");
    return rest.isEmpty() ? volume : volume.resolve(rest);
  }

  private Optional<Path> serviceAccountKubeconfig(String apiServer, Path caCertificate) throws IOException {
    boolean mounted = Optional.ofNullable(container().getVolumeMounts()).orElse(List.of()).stream()
        .anyMatch(mount -> SERVICE_ACCOUNT_MOUNT.equals(mount.getMountPath()));
    if (!mounted) {
      return Optional.empty();
    }
    String token = Files.readString(hostPath(SERVICE_ACCOUNT_MOUNT + "/token"));
    String account = Optional.ofNullable(pod.getSpec().getServiceAccountName()).orElse("default");
    return Optional.of(Kubeconfig.write(dir.resolve("kubeconfig.yaml"), apiServer, caCertificate,
        "system:serviceaccount:" + pod.getMetadata().getNamespace() + ":" + account, token,
        pod.getMetadata().getNamespace()));
  }

  private static Path materialize(KubernetesClient client, Pod pod, Volume volume, Path nodeRoot, Path target)
      throws IOException {
    String namespace = pod.getMetadata().getNamespace();
    if (volume.getHostPath() != null) {
      Path onNode = nodeRoot.resolve(volume.getHostPath().getPath().replaceFirst("^/+", ""));
      String type = Optional.ofNullable(volume.getHostPath().getType()).orElse("");
      if (type.equals("DirectoryOrCreate")) {
        Files.createDirectories(onNode);
      } else if (type.equals("Directory") && !Files.isDirectory(onNode)) {
        throw new IllegalStateException("volume " + volume.getName() + ": hostPath " + volume.getHostPath().getPath()
            + " (type Directory) does not exist on node " + pod.getSpec().getNodeName());
      }
      return onNode;
    }
    Files.createDirectories(target);
    if (volume.getConfigMap() != null) {
      ConfigMap configMap = client.configMaps().inNamespace(namespace).withName(volume.getConfigMap().getName()).get();
      if (configMap == null) {
        throw new IllegalStateException("volume " + volume.getName() + ": ConfigMap " + namespace + "/"
            + volume.getConfigMap().getName() + " not found");
      }
      Map<String, byte[]> files = new LinkedHashMap<>();
      Optional.ofNullable(configMap.getData()).orElse(Map.of())
          .forEach((key, value) -> files.put(key, value.getBytes(StandardCharsets.UTF_8)));
      Optional.ofNullable(configMap.getBinaryData()).orElse(Map.of())
          .forEach((key, value) -> files.put(key, Base64.getDecoder().decode(value)));
      writeKeys(target, files, volume.getConfigMap().getItems());
    } else if (volume.getSecret() != null) {
      Secret secret = client.secrets().inNamespace(namespace).withName(volume.getSecret().getSecretName()).get();
      if (secret == null) {
        throw new IllegalStateException("volume " + volume.getName() + ": Secret " + namespace + "/"
            + volume.getSecret().getSecretName() + " not found");
      }
      Map<String, byte[]> files = new LinkedHashMap<>();
      Optional.ofNullable(secret.getData()).orElse(Map.of())
          .forEach((key, value) -> files.put(key, Base64.getDecoder().decode(value)));
      writeKeys(target, files, volume.getSecret().getItems());
    } else if (volume.getEmptyDir() == null) {
      throw new IllegalStateException("volume " + volume.getName()
          + ": the process kubelet mounts configMap, secret, hostPath and emptyDir volumes only");
    }
    return target;
  }

  /** All keys as files named after them, or only the listed items at their paths, as the kubelet does. */
  private static void writeKeys(Path target, Map<String, byte[]> files, List<KeyToPath> items) throws IOException {
    if (items == null || items.isEmpty()) {
      for (Map.Entry<String, byte[]> file : files.entrySet()) {
        Files.write(target.resolve(file.getKey()), file.getValue());
      }
      return;
    }
    for (KeyToPath item : items) {
      Path file = target.resolve(item.getPath());
      Files.createDirectories(file.getParent());
      Files.write(file, files.getOrDefault(item.getKey(), new byte[0]));
    }
  }

  private static Map<String, String> resolveEnvironment(KubernetesClient client, Pod pod, Container container) {
    Map<String, String> environment = new LinkedHashMap<>();
    String namespace = pod.getMetadata().getNamespace();
    for (EnvFromSource source : Optional.ofNullable(container.getEnvFrom()).orElse(List.of())) {
      String prefix = Optional.ofNullable(source.getPrefix()).orElse("");
      if (source.getConfigMapRef() != null) {
        ConfigMap configMap = client.configMaps().inNamespace(namespace).withName(source.getConfigMapRef().getName()).get();
        if (configMap != null && configMap.getData() != null) {
          configMap.getData().forEach((key, value) -> environment.put(prefix + key, value));
        }
      }
      if (source.getSecretRef() != null) {
        Secret secret = client.secrets().inNamespace(namespace).withName(source.getSecretRef().getName()).get();
        if (secret != null && secret.getData() != null) {
          secret.getData().forEach((key, value) -> environment.put(prefix + key, decode(value)));
        }
      }
    }
    for (EnvVar variable : Optional.ofNullable(container.getEnv()).orElse(List.of())) {
      environment.put(variable.getName(), variable.getValueFrom() == null
          ? Optional.ofNullable(variable.getValue()).orElse("")
          : resolve(client, pod, variable.getName(), variable.getValueFrom()));
    }
    return environment;
  }

  private static String resolve(KubernetesClient client, Pod pod, String name, EnvVarSource source) {
    String namespace = pod.getMetadata().getNamespace();
    if (source.getFieldRef() != null) {
      String field = source.getFieldRef().getFieldPath();
      switch (field) {
        case "spec.nodeName": return pod.getSpec().getNodeName();
        case "metadata.name": return pod.getMetadata().getName();
        case "metadata.namespace": return namespace;
        case "metadata.uid": return pod.getMetadata().getUid();
        case "spec.serviceAccountName": return pod.getSpec().getServiceAccountName();
        case "status.hostIP":
        case "status.podIP": return "127.0.0.1";
        default: throw new IllegalStateException("env " + name + ": fieldRef " + field + " is not supported by the process kubelet");
      }
    }
    if (source.getSecretKeyRef() != null) {
      Secret secret = client.secrets().inNamespace(namespace).withName(source.getSecretKeyRef().getName()).get();
      String value = secret == null || secret.getData() == null ? null : secret.getData().get(source.getSecretKeyRef().getKey());
      if (value == null) {
        throw new IllegalStateException("env " + name + ": Secret key " + source.getSecretKeyRef().getName() + "/"
            + source.getSecretKeyRef().getKey() + " not found");
      }
      return decode(value);
    }
    if (source.getConfigMapKeyRef() != null) {
      ConfigMap configMap = client.configMaps().inNamespace(namespace).withName(source.getConfigMapKeyRef().getName()).get();
      String value = configMap == null || configMap.getData() == null ? null
          : configMap.getData().get(source.getConfigMapKeyRef().getKey());
      if (value == null) {
        throw new IllegalStateException("env " + name + ": ConfigMap key " + source.getConfigMapKeyRef().getName() + "/"
            + source.getConfigMapKeyRef().getKey() + " not found");
      }
      return value;
    }
    throw new IllegalStateException("env " + name + ": only fieldRef, secretKeyRef and configMapKeyRef are supported");
  }

  private static String decode(String base64) {
    return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
  }
}
