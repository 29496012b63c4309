package io.logpipeline.operator.resolve;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.logpipeline.api.config.ExporterConfig;
import io.logpipeline.api.config.HeaderConfig;
import io.logpipeline.api.config.TlsConfig;
import io.logpipeline.api.config.ValueSource;
import io.logpipeline.api.v1alpha1.CertificateSource;
import io.logpipeline.api.v1alpha1.HeaderSpec;
import io.logpipeline.api.v1alpha1.KeyRef;
import io.logpipeline.api.v1alpha1.LogBackend;
import io.logpipeline.api.v1alpha1.OtlpSpec;
import io.logpipeline.api.v1alpha1.TlsSpec;
import io.logpipeline.api.validation.Problem;
import io.logpipeline.operator.status.Conditions.Reasons;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Turns a LogBackend into the agent's exporter: literal values stay literal, Secret and ConfigMap values
 * become keys of the pipeline's credentials Secret in the agent namespace ({@code ValueSource.secretKey},
 * {@code TlsConfig.*SecretKey}), so the pipeline's ConfigMap never holds a secret.
 */
public final class BackendResolver {

    private BackendResolver() {
    }

    /** Resolves one backend; problem paths start at {@code spec.otlp}. */
    public static ResolvedBackend resolve(LogBackend backend, ReferenceLookup lookup) {
        String name = backend.getMetadata().getName();
        OtlpSpec otlp = backend.getSpec().getOtlp();
        SortedMap<String, String> credentials = new TreeMap<>();
        List<Problem> problems = new ArrayList<>();

        ExporterConfig exporter = new ExporterConfig();
        exporter.setName(name);
        exporter.setEndpoint(otlp.getEndpoint());
        exporter.setEncoding(otlp.getEncoding());
        exporter.setCompression(otlp.getCompression());
        exporter.setTimeout(otlp.getTimeout());
        exporter.setRetry(otlp.getRetry());
        exporter.setQueue(otlp.getQueue());

        List<HeaderSpec> headers = otlp.getHeaders() == null ? List.of() : otlp.getHeaders();
        for (int i = 0; i < headers.size(); i++) {
            HeaderSpec header = headers.get(i);
            ValueSource value;
            if (header.getValueFrom() != null && header.getValueFrom().getSecretKeyRef() != null) {
                value = fromSecret(name, header.getValueFrom().getSecretKeyRef(), "spec.otlp.headers[" + i + "].valueFrom.secretKeyRef",
                        lookup, credentials, problems);
            } else {
                value = ValueSource.literal(header.getValue());
            }
            exporter.getHeaders().add(new HeaderConfig(header.getName(), value));
        }

        TlsSpec tls = otlp.getTls();
        if (tls != null) {
            TlsConfig tlsConfig = new TlsConfig();
            tlsConfig.setInsecureSkipVerify(Boolean.TRUE.equals(tls.getInsecureSkipVerify()));
            tlsConfig.setServerName(tls.getServerName());
            tlsConfig.setMinVersion(tls.getMinVersion());
            tlsConfig.setCaSecretKey(certificateKey(name, tls.getCa(), "spec.otlp.tls.ca", lookup, credentials, problems));
            tlsConfig.setCertSecretKey(certificateKey(name, tls.getCert(), "spec.otlp.tls.cert", lookup, credentials, problems));
            tlsConfig.setKeySecretKey(certificateKey(name, tls.getKey(), "spec.otlp.tls.key", lookup, credentials, problems));
            exporter.setTls(tlsConfig);
        }
        return new ResolvedBackend(exporter, credentials, List.copyOf(problems));
    }

    private static String certificateKey(String backend, CertificateSource source, String path, ReferenceLookup lookup,
                                          SortedMap<String, String> credentials, List<Problem> problems) {
        if (source == null) {
            return null;
        }
        if (source.getSecretKeyRef() != null) {
            ValueSource value = fromSecret(backend, source.getSecretKeyRef(), path + ".secretKeyRef", lookup, credentials, problems);
            return value == null ? null : value.getSecretKey();
        }
        if (source.getConfigMapKeyRef() != null) {
            return fromConfigMap(backend, source.getConfigMapKeyRef(), path + ".configMapKeyRef", lookup, credentials, problems);
        }
        return null;
    }

    private static ValueSource fromSecret(String backend, KeyRef ref, String path, ReferenceLookup lookup,
                                          SortedMap<String, String> credentials, List<Problem> problems) {
        if (ref.getName() == null || ref.getKey() == null) {
            return null; // the validator reports the missing field
        }
        Optional<Secret> secret = lookup.secret(ref.getName());
        if (secret.isEmpty()) {
            problems.add(new Problem(Reasons.SECRET_NOT_FOUND, path,
                    "Secret \"" + ref.getName() + "\" not found in namespace " + lookup.namespace() + "; create it or fix the name"));
            return null;
        }
        Map<String, String> data = secretData(secret.get());
        if (!data.containsKey(ref.getKey())) {
            problems.add(new Problem(Reasons.SECRET_KEY_NOT_FOUND, path,
                    "Secret \"" + ref.getName() + "\" has no key \"" + ref.getKey() + "\"; it has " + new TreeMap<>(data).keySet()));
            return null;
        }
        String key = backend + "_secret_" + ref.getName() + "_" + ref.getKey();
        credentials.put(key, data.get(ref.getKey()));
        return ValueSource.fromSecretKey(key);
    }

    private static String fromConfigMap(String backend, KeyRef ref, String path, ReferenceLookup lookup,
                                        SortedMap<String, String> credentials, List<Problem> problems) {
        if (ref.getName() == null || ref.getKey() == null) {
            return null;
        }
        Optional<ConfigMap> configMap = lookup.configMap(ref.getName());
        if (configMap.isEmpty()) {
            problems.add(new Problem(Reasons.CONFIG_MAP_NOT_FOUND, path,
                    "ConfigMap \"" + ref.getName() + "\" not found in namespace " + lookup.namespace() + "; create it or fix the name"));
            return null;
        }
        Map<String, String> data = configMap.get().getData() == null ? Map.of() : configMap.get().getData();
        if (!data.containsKey(ref.getKey())) {
            problems.add(new Problem(Reasons.CONFIG_MAP_KEY_NOT_FOUND, path,
                    "ConfigMap \"" + ref.getName() + "\" has no key \"" + ref.getKey() + "\"; it has " + new TreeMap<>(data).keySet()));
            return null;
        }
        String key = backend + "_configmap_" + ref.getName() + "_" + ref.getKey();
        credentials.put(key, Base64.getEncoder().encodeToString(data.get(ref.getKey()).getBytes(StandardCharsets.UTF_8)));
        return key;
    }

    /** Secret.data (base64), with stringData folded in for objects that were never round-tripped through the API server. */
    private static Map<String, String> secretData(Secret secret) {
        Map<String, String> data = new TreeMap<>();
        if (secret.getData() != null) {
            data.putAll(secret.getData());
        }
        if (secret.getStringData() != null) {
            secret.getStringData().forEach((k, v) -> data.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
        }
        return data;
    }
}
