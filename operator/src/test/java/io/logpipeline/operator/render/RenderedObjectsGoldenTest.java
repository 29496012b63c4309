package io.logpipeline.operator.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import org.junit.jupiter.api.Test;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.logpipeline.api.v1alpha1.LogBackend;
import io.logpipeline.api.v1alpha1.LogPipeline;
import io.logpipeline.operator.model.AgentSettings;
import io.logpipeline.operator.tenancy.Tenancy;
import io.logpipeline.operator.model.DesiredState;
import io.logpipeline.operator.model.DesiredStateBuilder;
import io.logpipeline.operator.resolve.PipelineBackends;
import io.logpipeline.operator.resolve.ReferenceLookup;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Golden files of what is compiled for one pipeline: src/test/resources/&lt;case&gt;/in-*.yaml are the user's objects,
 * out-&lt;object&gt;.yaml the ConfigMap and Secret the operator writes into the agent namespace; agent/out-daemonset.yaml
 * is the shared DaemonSet. After an intended change, rewrite the expected files with
 * {@code ./mvnw -B -pl operator -am test -Dtest=RenderedObjectsGoldenTest -Dsurefire.failIfNoSpecifiedTests=false -Dgolden.update=true}
 * and review the diff. (LogPipelineObjectsGoldenTest checks the same through the reconciler on an API server.)
 */
class RenderedObjectsGoldenTest {

    private static final Path RESOURCES = Path.of("src/test/resources");
    private static final String AGENT_NAMESPACE = "logpipeline-system";
    /** monitoring and team-a may read every namespace; logging (two-backends) is a tenant namespace. */
    private static final Tenancy TENANCY = Tenancy.of(AGENT_NAMESPACE, List.of("monitoring", "team-a"));
    private static final AgentSettings AGENT = AgentSettings.of(AGENT_NAMESPACE, "ghcr.io/logpipeline/collector:0.1.0",
            new ResourceRequirementsBuilder()
                    .addToRequests("cpu", new Quantity("100m")).addToRequests("memory", new Quantity("128Mi"))
                    .addToLimits("cpu", new Quantity("500m")).addToLimits("memory", new Quantity("512Mi"))
                    .build());

    @ParameterizedTest
    @ValueSource(strings = {"seed", "two-backends", "pod-selector"})
    void compilesEveryPipelineObjectAsTheGoldenFileSays(String name) throws IOException {
        // given
        Case input = Case.load(RESOURCES.resolve(name));

        // when
        PipelineBackends backends = PipelineBackends.resolve(input.pipeline.getSpec(), input);
        DesiredState state = DesiredStateBuilder.build(input.pipeline, backends, TENANCY, AGENT_NAMESPACE);
        Map<String, HasMetadata> rendered = new LinkedHashMap<>();
        rendered.put("configmap", ConfigRenderer.configMap(state));
        if (state.needsCredentials()) {
            rendered.put("secret", ConfigRenderer.credentialsSecret(state));
        }

        // then
        assertThat(backends.problems()).isEmpty();
        assertGolden(name, rendered);
        ConfigMap configMap = (ConfigMap) rendered.get("configmap");
        input.secretValues().forEach(secret -> assertThat(configMap.getData().get("pipeline.json")).doesNotContain(secret));
    }

    @Test
    void rendersTheSharedDaemonSetFromTheAgentSettingsAlone() throws IOException {
        // when
        DaemonSet daemonSet = DaemonSetRenderer.daemonSet(AGENT);

        // then
        assertGolden("agent", Map.of("daemonset", daemonSet));
    }

    @Test
    void theChartsPullPolicyPullSecretsAndAgentFlagsReachTheAgentPods() {
        // given: the chart's collector.image.pullPolicy, pullSecrets, logLevel and debugTail, as the operator receives them
        AgentSettings settings = new AgentSettings(AGENT_NAMESPACE, AGENT.image(), "Always", List.of("regcred"), AGENT.resources(),
                List.of(), Map.of(), null, "logpipeline-collector", "debug", true);

        // when
        DaemonSet daemonSet = DaemonSetRenderer.daemonSet(settings);

        // then
        assertThat(daemonSet.getSpec().getTemplate().getSpec().getContainers().get(0).getImagePullPolicy()).isEqualTo("Always");
        assertThat(daemonSet.getSpec().getTemplate().getSpec().getImagePullSecrets())
                .extracting(LocalObjectReference::getName).containsExactly("regcred");
        assertThat(daemonSet.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
                .contains("--log-level=debug", "--debug-tail");
        assertThat(daemonSet.getMetadata().getAnnotations().get(DaemonSetRenderer.ANNOTATION_SPEC_HASH))
                .as("other settings, another hash: the operator re-applies the DaemonSet")
                .isNotEqualTo(DaemonSetRenderer.daemonSet(AGENT).getMetadata().getAnnotations().get(DaemonSetRenderer.ANNOTATION_SPEC_HASH));
    }

    private static void assertGolden(String name, Map<String, HasMetadata> rendered) throws IOException {
        List<String> expectedFiles = new ArrayList<>();
        for (Map.Entry<String, HasMetadata> object : rendered.entrySet()) {
            Path golden = RESOURCES.resolve(name).resolve("out-" + object.getKey() + ".yaml");
            expectedFiles.add(golden.getFileName().toString());
            String actual = Serialization.asYaml(object.getValue());
            if (Boolean.getBoolean("golden.update")) {
                Files.createDirectories(golden.getParent());
                Files.writeString(golden, actual, StandardCharsets.UTF_8);
            }
            assertThat(actual).as("%s (rewrite with -Dgolden.update=true)", golden).isEqualTo(Files.readString(golden));
        }
        try (Stream<Path> files = Files.list(RESOURCES.resolve(name))) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(f -> f.startsWith("out-")))
                    .as("no stale golden file: the operator renders exactly these objects")
                    .containsExactlyInAnyOrderElementsOf(expectedFiles);
        }
    }

    /** The in-*.yaml objects of one case, served as the lookup the operator would read from its caches. */
    private record Case(LogPipeline pipeline, List<LogBackend> backends, List<Secret> secrets) implements ReferenceLookup {

        static Case load(Path dir) throws IOException {
            List<HasMetadata> objects = new ArrayList<>();
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : files.filter(f -> f.getFileName().toString().startsWith("in-")).sorted().toList()) {
                    for (String doc : Files.readString(file).split("(?m)^---\\s*$")) {
                        if (!doc.isBlank()) {
                            String kind = Serialization.unmarshal(doc, io.fabric8.kubernetes.api.model.GenericKubernetesResource.class).getKind();
                            Class<? extends HasMetadata> type = switch (kind) {
                                case "LogPipeline" -> LogPipeline.class;
                                case "LogBackend" -> LogBackend.class;
                                default -> Secret.class;
                            };
                            objects.add(Serialization.unmarshal(doc, type));
                        }
                    }
                }
            }
            return new Case(
                    objects.stream().filter(LogPipeline.class::isInstance).map(LogPipeline.class::cast).findFirst().orElseThrow(),
                    objects.stream().filter(LogBackend.class::isInstance).map(LogBackend.class::cast).toList(),
                    objects.stream().filter(Secret.class::isInstance).map(Secret.class::cast).toList());
        }

        Stream<String> secretValues() {
            return secrets.stream().flatMap(s -> s.getStringData().values().stream()).filter(v -> !v.startsWith("-----BEGIN"));
        }

        @Override
        public String namespace() {
            return pipeline.getMetadata().getNamespace();
        }

        @Override
        public Optional<LogBackend> backend(String name) {
            return backends.stream().filter(b -> b.getMetadata().getName().equals(name)).findFirst();
        }

        @Override
        public Optional<Secret> secret(String name) {
            return secrets.stream().filter(s -> s.getMetadata().getName().equals(name)).findFirst();
        }

        @Override
        public Optional<ConfigMap> configMap(String name) {
            return Optional.empty();
        }
    }
}
