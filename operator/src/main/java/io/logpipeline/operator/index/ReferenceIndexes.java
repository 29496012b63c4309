package io.logpipeline.operator.index;

import io.logpipeline.api.v1alpha1.CertificateSource;
import io.logpipeline.api.v1alpha1.HeaderSpec;
import io.logpipeline.api.v1alpha1.LogBackend;
import io.logpipeline.api.v1alpha1.LogPipeline;
import io.logpipeline.api.v1alpha1.OtlpSpec;
import io.logpipeline.api.v1alpha1.TlsSpec;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Informer index keys ("namespace/name") of who references whom, so a LogBackend or Secret event finds
 * the pipelines to re-render by an index lookup instead of listing every pipeline.
 */
public final class ReferenceIndexes {

    /** LogPipeline → the LogBackends in its backendRefs. */
    public static final String BACKEND_INDEX = "logpipeline.io/backend";
    /** LogBackend → the Secrets its headers and TLS reference. */
    public static final String SECRET_INDEX = "logpipeline.io/secret";

    private ReferenceIndexes() {
    }

    public static String key(String namespace, String name) {
        return namespace + "/" + name;
    }

    public static List<String> backendKeys(LogPipeline pipeline) {
        return backendIds(pipeline).stream().map(id -> key(id.getNamespace().orElse(""), id.getName())).toList();
    }

    public static List<ResourceID> backendIds(LogPipeline pipeline) {
        if (pipeline.getSpec() == null || pipeline.getSpec().getBackendRefs() == null) {
            return List.of();
        }
        String namespace = pipeline.getMetadata().getNamespace();
        return pipeline.getSpec().getBackendRefs().stream()
                .filter(ref -> ref != null && ref.getName() != null)
                .map(ref -> new ResourceID(ref.getName(), namespace))
                .distinct()
                .toList();
    }

    public static List<String> secretKeys(LogBackend backend) {
        if (backend.getSpec() == null || backend.getSpec().getOtlp() == null) {
            return List.of();
        }
        OtlpSpec otlp = backend.getSpec().getOtlp();
        List<String> names = new ArrayList<>();
        if (otlp.getHeaders() != null) {
            otlp.getHeaders().stream()
                    .map(HeaderSpec::getValueFrom)
                    .filter(Objects::nonNull)
                    .filter(v -> v.getSecretKeyRef() != null)
                    .forEach(v -> names.add(v.getSecretKeyRef().getName()));
        }
        TlsSpec tls = otlp.getTls();
        if (tls != null) {
            Stream.of(tls.getCa(), tls.getCert(), tls.getKey())
                    .filter(Objects::nonNull)
                    .map(CertificateSource::getSecretKeyRef)
                    .filter(Objects::nonNull)
                    .forEach(ref -> names.add(ref.getName()));
        }
        String namespace = backend.getMetadata().getNamespace();
        return names.stream().filter(Objects::nonNull).distinct().map(n -> key(namespace, n)).toList();
    }
}
