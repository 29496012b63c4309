package io.logpipeline.operator.resolve;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.logpipeline.api.v1alpha1.LogBackend;
import java.util.Optional;

/** Reads the objects a pipeline or backend references, by name, in one namespace (from informer caches in the operator). */
public interface ReferenceLookup {

    String namespace();

    Optional<LogBackend> backend(String name);

    Optional<Secret> secret(String name);

    Optional<ConfigMap> configMap(String name);
}
