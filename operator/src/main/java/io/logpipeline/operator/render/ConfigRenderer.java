package io.logpipeline.operator.render;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.logpipeline.api.agent.AgentContract;
import io.logpipeline.operator.model.DesiredState;
import java.util.Map;
import java.util.TreeMap;

/**
 * A pipeline's objects in the agent namespace (AgentContract): its compiled configuration (ConfigMap, no secret
 * values) and the credentials that configuration references by key (Secret). Not owned by the LogPipeline (an
 * owner reference cannot cross namespaces): the pipeline's finalizer deletes them.
 */
public final class ConfigRenderer {

    private ConfigRenderer() {
    }

    public static ConfigMap configMap(DesiredState state) {
        return new ConfigMapBuilder()
                .withMetadata(new ObjectMetaBuilder().withName(state.objectName()).withNamespace(state.agentNamespace())
                        .withLabels(state.labels(AgentContract.ROLE_PIPELINE_CONFIG))
                        .withAnnotations(new TreeMap<>(Map.of(
                                AgentContract.ANNOTATION_PIPELINE, AgentContract.pipelineKey(state.namespace(), state.pipeline()),
                                AgentContract.ANNOTATION_CONFIG_HASH, state.configHash())))
                        .build())
                .withData(Map.of(AgentContract.PIPELINE_CONFIG_KEY, state.collectorConfigJson()))
                .build();
    }

    public static Secret credentialsSecret(DesiredState state) {
        return new SecretBuilder()
                .withMetadata(new ObjectMetaBuilder().withName(state.objectName()).withNamespace(state.agentNamespace())
                        .withLabels(state.labels(AgentContract.ROLE_PIPELINE_CREDENTIALS))
                        .withAnnotations(Map.of(
                                AgentContract.ANNOTATION_PIPELINE, AgentContract.pipelineKey(state.namespace(), state.pipeline())))
                        .build())
                .withType("Opaque")
                .withData(state.credentials())
                .build();
    }
}
