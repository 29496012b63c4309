package io.logpipeline.api.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.logpipeline.api.v1alpha1.HeaderSpec;
import io.logpipeline.api.v1alpha1.KeyRef;
import io.logpipeline.api.v1alpha1.LogBackend;
import io.logpipeline.api.v1alpha1.LogPipeline;
import io.logpipeline.api.validation.BackendValidator;
import io.logpipeline.api.validation.PipelineValidator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every sample a user copies parses into the API types, passes validation, and references only what the samples provide. */
class SamplesTest {

    private static final Path SAMPLES = Path.of("../samples");
    private static final List<LogPipeline> PIPELINES = new ArrayList<>();
    private static final List<LogBackend> BACKENDS = new ArrayList<>();
    private static final List<Secret> SECRETS = new ArrayList<>();

    @BeforeAll
    static void loadSamples() throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(SAMPLES)) {
            files = walk.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        for (Path file : files) {
            for (String document : Files.readString(file).split("(?m)^---\\s*$")) {
                if (document.lines().allMatch(line -> line.isBlank() || line.startsWith("#"))) {
                    continue;
                }
                String kind = Serialization.unmarshal(document, GenericKubernetesResource.class).getKind();
                switch (kind) {
                    case "LogPipeline" -> PIPELINES.add(Serialization.unmarshal(document, LogPipeline.class));
                    case "LogBackend" -> BACKENDS.add(Serialization.unmarshal(document, LogBackend.class));
                    case "Secret" -> SECRETS.add(Serialization.unmarshal(document, Secret.class));
                    default -> throw new AssertionError(file + " holds an unexpected kind " + kind);
                }
            }
        }
    }

    @Test
    void everyBackendTheReadmeNamesHasASample() {
        // when
        List<String> endpoints = BACKENDS.stream().map(b -> b.getSpec().getOtlp().getEndpoint()).toList();

        // then
        assertThat(endpoints).anyMatch(e -> e.endsWith("/insert/opentelemetry/v1/logs")) // VictoriaLogs
                .anyMatch(e -> e.endsWith("/otlp/v1/logs")) // Loki
                .anyMatch(e -> e.startsWith("https://")); // generic HTTPS vendor endpoint
        assertThat(BACKENDS).extracting(b -> b.getMetadata().getName()).contains("debug");
    }

    @Test
    void everySamplePipelineIsValid() {
        assertThat(PIPELINES).isNotEmpty();
        for (LogPipeline pipeline : PIPELINES) {
            assertThat(PipelineValidator.validate(pipeline.getSpec()))
                    .as("problems of LogPipeline %s", pipeline.getMetadata().getName()).isEmpty();
        }
    }

    @Test
    void everySampleBackendIsValid() {
        for (LogBackend backend : BACKENDS) {
            assertThat(BackendValidator.validate(backend.getSpec()))
                    .as("problems of LogBackend %s", backend.getMetadata().getName()).isEmpty();
        }
    }

    @Test
    void everyReferenceResolvesWithinTheSamples() {
        // given
        Map<String, Secret> secretsByName = SECRETS.stream().collect(Collectors.toMap(s -> s.getMetadata().getName(), s -> s));
        List<String> backendNames = BACKENDS.stream().map(b -> b.getMetadata().getName()).toList();

        // then: pipelines name existing backends in their own namespace
        for (LogPipeline pipeline : PIPELINES) {
            pipeline.getSpec().getBackendRefs().forEach(ref -> assertThat(backendNames).contains(ref.getName()));
        }
        // and: every Secret key a backend reads is in a sample Secret
        List<KeyRef> secretRefs = new ArrayList<>();
        for (LogBackend backend : BACKENDS) {
            backend.getSpec().getOtlp().getHeaders().stream().map(HeaderSpec::getValueFrom).filter(Objects::nonNull)
                    .forEach(from -> secretRefs.add(from.getSecretKeyRef()));
            if (backend.getSpec().getOtlp().getTls() != null && backend.getSpec().getOtlp().getTls().getCa() != null) {
                secretRefs.add(backend.getSpec().getOtlp().getTls().getCa().getSecretKeyRef());
            }
        }
        assertThat(secretRefs).isNotEmpty();
        for (KeyRef ref : secretRefs) {
            assertThat(secretsByName).containsKey(ref.getName());
            assertThat(secretsByName.get(ref.getName()).getStringData()).containsKey(ref.getKey());
        }
    }

    @Test
    void samplesLeaveTheNamespaceToKubectl() {
        // users pick it with kubectl apply -n <namespace>; a namespace in the file would contradict that
        Stream.of(PIPELINES, BACKENDS, SECRETS).flatMap(List::stream)
                .forEach(resource -> assertThat(resource.getMetadata().getNamespace()).as(resource.getMetadata().getName()).isNull());
    }

    @Test
    void theSeedPipelineKeepsTheSeedsIntent() {
        // given
        LogPipeline seed = PIPELINES.stream().filter(p -> p.getMetadata().getName().equals("default")).findFirst().orElseThrow();

        // then
        assertThat(seed.getSpec().getInput().getPodSelector().getMatchLabels()).containsEntry("logging.enabled", "true");
        assertThat(seed.getSpec().getInput().getParsers().get(0).getRegex().getTimestamp().getLayout())
                .isEqualTo("2006-01-02T15:04:05.999999999Z07:00");
        assertThat(seed.getSpec().getBatch().getMetadataKeys())
                .containsExactly("k8s.namespace.name", "k8s.pod.name", "k8s.container.name");
        assertThat(seed.getSpec().getProcessors().get(0).getAttributes().getActions())
                .extracting(a -> a.getKey() + "/" + a.getAction())
                .containsExactly("service.name/INSERT", "log.level/EXTRACT");
    }
}
