package io.logpipeline.e2e.scale;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.logpipeline.api.agent.AgentContract;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Informer caches of what the operator writes for the node agents in the agent namespace (each pipeline's
 * ConfigMap and credentials Secret, the one DaemonSet) and of the LogPipelines with their status, read by polling.
 */
final class CompiledObjects implements AutoCloseable {

  private final String agentNamespace;
  private final SharedIndexInformer<ConfigMap> configs;
  private final SharedIndexInformer<Secret> credentials;
  private final SharedIndexInformer<DaemonSet> daemonSets;
  private final SharedIndexInformer<GenericKubernetesResource> pipelines;

  private CompiledObjects(KubernetesClient client, String agentNamespace) {
    this.agentNamespace = agentNamespace;
    configs = client.configMaps().inNamespace(agentNamespace)
        .withLabel(AgentContract.LABEL_ROLE, AgentContract.ROLE_PIPELINE_CONFIG).inform();
    credentials = client.secrets().inNamespace(agentNamespace)
        .withLabel(AgentContract.LABEL_ROLE, AgentContract.ROLE_PIPELINE_CREDENTIALS).inform();
    daemonSets = client.apps().daemonSets().inNamespace(agentNamespace).inform();
    pipelines = client.genericKubernetesResources(ScaleWorkload.API_VERSION, "LogPipeline").inAnyNamespace().inform();
  }

  /** Starts the informers; the LogPipeline CRD must exist. */
  static CompiledObjects watch(KubernetesClient client, String agentNamespace) {
    return new CompiledObjects(client, agentNamespace);
  }

  /** Objects so far: pipeline ConfigMaps, credentials Secrets, DaemonSets. */
  Map<String, Integer> counts() {
    Map<String, Integer> counts = new LinkedHashMap<>();
    counts.put("ConfigMap", configs.getStore().list().size());
    counts.put("Secret", credentials.getStore().list().size());
    counts.put("DaemonSet", daemonSets.getStore().list().size());
    return counts;
  }

  List<ConfigMap> pipelineConfigs() {
    return configs.getStore().list();
  }

  /** The credentials Secret of the pipeline whose ConfigMap this is (same name), if it has one. */
  Optional<Secret> credentialsOf(ConfigMap config) {
    return Optional.ofNullable(credentials.getStore().getByKey(agentNamespace + "/" + config.getMetadata().getName()));
  }

  /** LogPipelines whose condition {@code type} is True for their current generation. */
  long pipelinesWith(String type) {
    return pipelines.getStore().list().stream().filter(pipeline -> conditionTrue(pipeline, type)).count();
  }

  @SuppressWarnings("unchecked")
  private static boolean conditionTrue(GenericKubernetesResource pipeline, String type) {
    Object status = pipeline.getAdditionalProperties().get("status");
    if (!(status instanceof Map<?, ?> fields)
        || !Objects.equals(asLong(fields.get("observedGeneration")), pipeline.getMetadata().getGeneration())) {
      return false;
    }
    Object conditions = fields.get("conditions");
    return conditions instanceof List<?> list && list.stream().map(condition -> (Map<String, Object>) condition)
        .anyMatch(condition -> type.equals(condition.get("type")) && "True".equals(condition.get("status")));
  }

  private static Long asLong(Object value) {
    return value instanceof Number number ? number.longValue() : null;
  }

  /** How many of the named pipelines' ConfigMaps mention {@code text}. */
  long configMapsContaining(String namespace, Set<String> pipelineNames, String text) {
    return pipelineNames.stream()
        .map(name -> configs.getStore().getByKey(agentNamespace + "/" + AgentContract.pipelineObjectName(namespace, name)))
        .filter(configMap -> configMap != null && configMap.getData() != null
            && configMap.getData().values().stream().anyMatch(value -> value.contains(text)))
        .count();
  }

  /** status.configHash of each named pipeline. */
  Map<String, String> configHashes(String namespace, Set<String> pipelineNames) {
    Map<String, String> hashes = new LinkedHashMap<>();
    for (String name : pipelineNames) {
      hashes.put(name, configHash(pipelines.getStore().getByKey(namespace + "/" + name)));
    }
    return hashes;
  }

  /** Whether each pipeline is Ready=True with a status.configHash other than the one given. */
  boolean readyWithNewHash(String namespace, Map<String, String> hashesBefore) {
    return hashesBefore.entrySet().stream().allMatch(entry -> {
      GenericKubernetesResource pipeline = pipelines.getStore().getByKey(namespace + "/" + entry.getKey());
      return pipeline != null && conditionTrue(pipeline, "Ready") && !entry.getValue().equals(configHash(pipeline));
    });
  }

  private static String configHash(GenericKubernetesResource pipeline) {
    return String.valueOf(((Map<?, ?>) pipeline.getAdditionalProperties().get("status")).get("configHash"));
  }

  @Override
  public void close() {
    configs.close();
    credentials.close();
    daemonSets.close();
    pipelines.close();
  }
}
