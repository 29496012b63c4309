package io.logpipeline.operator.resolve;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.logpipeline.api.v1alpha1.LogBackend;
import java.util.Optional;

/**
 * Reads LogBackends and Secrets from the informer caches the reconcilers keep. ConfigMaps (only a TLS CA
 * may come from one) are read from the API server, as the operator does not cache every ConfigMap.
 */
public record CachedReferenceLookup(
        String namespace,
        InformerEventSource<LogBackend, ?> backends,
        InformerEventSource<Secret, ?> secrets,
        KubernetesClient client) implements ReferenceLookup {

    @Override
    public Optional<LogBackend> backend(String name) {
        return backends == null ? Optional.empty() : backends.get(new ResourceID(name, namespace));
    }

    @Override
    public Optional<Secret> secret(String name) {
        return secrets.get(new ResourceID(name, namespace));
    }

    @Override
    public Optional<ConfigMap> configMap(String name) {
        return Optional.ofNullable(client.configMaps().inNamespace(namespace).withName(name).get());
    }
}
