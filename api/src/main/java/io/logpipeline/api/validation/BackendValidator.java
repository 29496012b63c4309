package io.logpipeline.api.validation;

import static io.logpipeline.api.validation.Problems.at;

import io.logpipeline.api.config.ExporterConfig;
import io.logpipeline.api.config.HeaderConfig;
import io.logpipeline.api.config.TlsConfig;
import io.logpipeline.api.config.ValueSource;
import io.logpipeline.api.v1alpha1.CertificateSource;
import io.logpipeline.api.v1alpha1.HeaderSpec;
import io.logpipeline.api.v1alpha1.KeyRef;
import io.logpipeline.api.v1alpha1.LogBackendSpec;
import io.logpipeline.api.v1alpha1.OtlpSpec;
import io.logpipeline.api.v1alpha1.QueueSpec;
import io.logpipeline.api.v1alpha1.RetrySpec;
import io.logpipeline.api.v1alpha1.TlsSpec;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The semantic checks of a LogBackend and of the exporter it becomes in the collector's configuration.
 * Secret existence and TLS material are checked by the operator, which can read them.
 */
public final class BackendValidator {

    private static final Pattern HEADER_NAME = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]+");
    /** Paths of receivers that cannot take logs: OTLP traces/metrics and Jaeger's Thrift endpoint. */
    private static final List<String> NOT_LOGS_PATHS = List.of("/v1/traces", "/api/traces", "/v1/metrics");

    private BackendValidator() {
    }

    /** Every problem of a LogBackend spec, paths starting at {@code spec}. */
    public static List<Problem> validate(LogBackendSpec spec) {
        Problems problems = new Problems();
        if (spec == null || spec.getOtlp() == null) {
            problems.add("spec.otlp", "is required: an OTLP/HTTP logs endpoint, e.g. otlp: {endpoint: http://victorialogs:9428/insert/opentelemetry/v1/logs}");
            return problems.list();
        }
        OtlpSpec otlp = spec.getOtlp();
        String path = "spec.otlp";
        Optional<URI> endpoint = endpoint(problems, at(path, "endpoint"), otlp.getEndpoint());
        problems.duration(at(path, "timeout"), otlp.getTimeout(), Duration.ofMillis(1));
        headers(problems, at(path, "headers"), otlp.getHeaders());
        tls(problems, at(path, "tls"), otlp.getTls(), endpoint);
        retry(problems, at(path, "retry"), otlp.getRetry());
        queue(problems, at(path, "queue"), otlp.getQueue());
        return problems.list();
    }

    static void exporter(Problems problems, String path, ExporterConfig exporter) {
        problems.required(at(path, "name"), exporter.getName());
        Optional<URI> endpoint = endpoint(problems, at(path, "endpoint"), exporter.getEndpoint());
        problems.duration(at(path, "timeout"), exporter.getTimeout(), Duration.ofMillis(1));
        List<HeaderConfig> headers = exporter.getHeaders() == null ? List.of() : exporter.getHeaders();
        for (int i = 0; i < headers.size(); i++) {
            String headerPath = at(path, "headers", i);
            headerName(problems, at(headerPath, "name"), headers.get(i).getName());
            ValueSource value = headers.get(i).getValue();
            long set = value == null ? 0
                    : java.util.stream.Stream.of(value.getValue(), value.getEnv(), value.getFile(), value.getSecretKey())
                            .filter(v -> v != null).count();
            if (set != 1) {
                problems.add(at(headerPath, "value"), "set exactly one of value, env, file or secretKey");
            }
        }
        TlsConfig tls = exporter.getTls();
        if (tls != null) {
            if ((tls.getCertFile() == null) != (tls.getKeyFile() == null)) {
                problems.add(at(path, "tls"), "certFile and keyFile go together (mTLS)");
            }
            if ((tls.getCertSecretKey() == null) != (tls.getKeySecretKey() == null)) {
                problems.add(at(path, "tls"), "certSecretKey and keySecretKey go together (mTLS)");
            }
            oneOf(problems, at(path, "tls"), "caFile", tls.getCaFile(), "caSecretKey", tls.getCaSecretKey());
            oneOf(problems, at(path, "tls"), "certFile", tls.getCertFile(), "certSecretKey", tls.getCertSecretKey());
            endpoint.filter(uri -> uri.getScheme().equals("http"))
                    .ifPresent(uri -> problems.add(at(path, "tls"), "is set but the endpoint is http; use an https endpoint"));
        }
        retry(problems, at(path, "retry"), exporter.getRetry());
        queue(problems, at(path, "queue"), exporter.getQueue());
    }

    private static void oneOf(Problems problems, String path, String first, String firstValue, String second,
            String secondValue) {
        if (firstValue != null && secondValue != null) {
            problems.add(path, "set " + first + " or " + second + ", not both");
        }
    }

    /**
     * The problems of an OTLP/HTTP logs URL, as {@code path: message}; empty when it can be used. Also what the
     * command line checks its URL options with, e.g. {@code validateEndpoint("--endpoint", url)}.
     */
    public static List<Problem> validateEndpoint(String path, String endpoint) {
        Problems problems = new Problems();
        endpoint(problems, path, endpoint);
        return problems.list();
    }

    private static Optional<URI> endpoint(Problems problems, String path, String endpoint) {
        if (!problems.required(path, endpoint)) {
            return Optional.empty();
        }
        if (!endpoint.contains("://")) {
            // "localhost:4318" parses as scheme "localhost", "127.0.0.1:4318" not at all: say what is missing instead
            String withScheme = "http://" + endpoint.strip();
            boolean hasPath = withScheme.indexOf('/', "http://".length()) > 0;
            problems.add(path, "\"" + endpoint + "\" must be an absolute http or https URL, e.g. " + withScheme
                    + (hasPath ? "" : "/v1/logs"));
            return Optional.empty();
        }
        URI uri;
        try {
            uri = new URI(endpoint);
        } catch (URISyntaxException e) {
            problems.add(path, "\"" + endpoint + "\" is not a URL: " + e.getReason());
            return Optional.empty();
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || !(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            problems.add(path, "\"" + endpoint + "\" must be an absolute http or https URL, e.g. http://victorialogs:9428/insert/opentelemetry/v1/logs");
            return Optional.empty();
        }
        String uriPath = uri.getPath() == null ? "" : uri.getPath();
        for (String notLogs : NOT_LOGS_PATHS) {
            if (uriPath.endsWith(notLogs)) {
                problems.add(path, "\"" + uriPath + "\" is a traces or metrics path and cannot take logs; "
                        + "logs need the /v1/logs path of an OTLP receiver, e.g. "
                        + scheme + "://" + uri.getRawAuthority() + uriPath.substring(0, uriPath.length() - notLogs.length()) + "/v1/logs");
                return Optional.empty();
            }
        }
        if (uriPath.isEmpty() || uriPath.equals("/")) {
            problems.add(path, "\"" + endpoint + "\" has no path; give the full logs path, e.g. " + scheme + "://"
                    + uri.getRawAuthority() + "/v1/logs");
            return Optional.empty();
        }
        return Optional.of(uri);
    }

    private static void headers(Problems problems, String path, List<HeaderSpec> headers) {
        if (headers == null) {
            return;
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < headers.size(); i++) {
            HeaderSpec header = headers.get(i);
            String itemPath = path + "[" + i + "]";
            if (headerName(problems, at(itemPath, "name"), header.getName())
                    && !names.add(header.getName().toLowerCase(Locale.ROOT))) {
                problems.add(at(itemPath, "name"), "header \"" + header.getName() + "\" is set twice; set each header once");
            }
            if ((header.getValue() == null) == (header.getValueFrom() == null)) {
                problems.add(itemPath, "set exactly one of value or valueFrom");
            } else if (header.getValueFrom() != null) {
                keyRef(problems, at(itemPath, "valueFrom.secretKeyRef"), header.getValueFrom().getSecretKeyRef());
            }
        }
    }

    private static boolean headerName(Problems problems, String path, String name) {
        if (!problems.required(path, name)) {
            return false;
        }
        if (!HEADER_NAME.matcher(name).matches()) {
            problems.add(path, "\"" + name + "\" is not a valid HTTP header name");
            return false;
        }
        return true;
    }

    private static void keyRef(Problems problems, String path, KeyRef ref) {
        if (!problems.required(path, ref)) {
            return;
        }
        problems.required(at(path, "name"), ref.getName());
        problems.required(at(path, "key"), ref.getKey());
    }

    private static void tls(Problems problems, String path, TlsSpec tls, Optional<URI> endpoint) {
        if (tls == null) {
            return;
        }
        endpoint.filter(uri -> uri.getScheme().equalsIgnoreCase("http"))
                .ifPresent(uri -> problems.add(path, "is set but the endpoint is http; use an https endpoint or remove tls"));
        certificateSource(problems, at(path, "ca"), tls.getCa());
        certificateSource(problems, at(path, "cert"), tls.getCert());
        certificateSource(problems, at(path, "key"), tls.getKey());
        if ((tls.getCert() == null) != (tls.getKey() == null)) {
            problems.add(path, "cert and key go together (mTLS); set both or neither");
        }
        if (tls.getKey() != null && tls.getKey().getConfigMapKeyRef() != null) {
            problems.add(at(path, "key.configMapKeyRef"), "a private key must come from a Secret; use secretKeyRef");
        }
    }

    private static void certificateSource(Problems problems, String path, CertificateSource source) {
        if (source == null) {
            return;
        }
        if ((source.getSecretKeyRef() == null) == (source.getConfigMapKeyRef() == null)) {
            problems.add(path, "set exactly one of secretKeyRef or configMapKeyRef");
        } else if (source.getSecretKeyRef() != null) {
            keyRef(problems, at(path, "secretKeyRef"), source.getSecretKeyRef());
        } else {
            keyRef(problems, at(path, "configMapKeyRef"), source.getConfigMapKeyRef());
        }
    }

    private static void retry(Problems problems, String path, RetrySpec retry) {
        if (retry == null) {
            return;
        }
        Optional<Duration> initial = problems.duration(at(path, "initialInterval"), retry.getInitialInterval(), Duration.ofMillis(1));
        Optional<Duration> max = problems.duration(at(path, "maxInterval"), retry.getMaxInterval(), Duration.ofMillis(1));
        problems.duration(at(path, "maxElapsedTime"), retry.getMaxElapsedTime(), Duration.ZERO);
        if (initial.isPresent() && max.isPresent() && initial.get().compareTo(max.get()) > 0) {
            problems.add(at(path, "maxInterval"), "must be at least initialInterval (" + retry.getInitialInterval() + "), got " + retry.getMaxInterval());
        }
    }

    private static void queue(Problems problems, String path, QueueSpec queue) {
        if (queue == null) {
            return;
        }
        problems.atLeast(at(path, "numConsumers"), queue.getNumConsumers(), 1);
        problems.atLeast(at(path, "queueSize"), queue.getQueueSize(), 1);
        problems.size(at(path, "maxBytes"), queue.getMaxBytes(), QueueSpec.MIN_MAX_BYTES);
    }
}
