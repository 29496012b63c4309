package io.logpipeline.operator.render;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.logpipeline.api.config.CollectorConfig;
import io.logpipeline.operator.model.DesiredState;
import java.util.Map;

/** The collector's configuration (ConfigMap, no secret values) and the credentials it references (Secret). */
public final class ConfigRenderer {

    private ConfigRenderer() {
    }

    public static ConfigMap configMap(DesiredState state) {
        return new ConfigMapBuilder()
                .withMetadata(RbacRenderer.namespaced(state, state.collectorName()))
                .withData(Map.of(CollectorConfig.CONFIG_MAP_KEY, state.collectorConfigJson()))
                .build();
    }

    public static Secret credentialsSecret(DesiredState state) {
        return new SecretBuilder()
                .withMetadata(RbacRenderer.namespaced(state, state.credentialsSecretName()))
                .withType("Opaque")
                .withData(state.credentials())
                .build();
    }
}
