package io.logpipeline.operator;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.logpipeline.api.v1alpha1.BackendRef;
import io.logpipeline.api.v1alpha1.LogBackend;
import io.logpipeline.api.v1alpha1.LogBackendSpec;
import io.logpipeline.api.v1alpha1.LogPipeline;
import io.logpipeline.api.v1alpha1.LogPipelineSpec;

/** The smallest LogBackend and LogPipeline a user would apply; tests add what they exercise. */
public final class Manifests {

    private Manifests() {
    }

    /** A LogBackend with only {@code spec.otlp.endpoint}. */
    public static LogBackend backend(String namespace, String name, String endpoint) {
        LogBackend backend = new LogBackend();
        backend.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
        backend.setSpec(new LogBackendSpec());
        backend.getSpec().getOtlp().setEndpoint(endpoint);
        return backend;
    }

    /** A LogPipeline with only {@code spec.backendRefs}, everything else defaulted. */
    public static LogPipeline pipeline(String namespace, String name, String... backendRefs) {
        LogPipeline pipeline = new LogPipeline();
        pipeline.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
        pipeline.setSpec(new LogPipelineSpec());
        for (String backend : backendRefs) {
            pipeline.getSpec().getBackendRefs().add(new BackendRef(backend));
        }
        return pipeline;
    }
}
