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
import io.logpipeline.operator.model.CollectorDefaults;
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
 * Golden files of every object rendered for a case: src/test/resources/&lt;case&gt;/in-*.yaml are the user's objects,
 * out-&lt;object&gt;.yaml what the operator renders from them. After an intended change, rewrite the expected files with
 * {@code ./mvnw -B -pl operator -am test -Dtest=RenderedObjectsGoldenTest -Dsurefire.failIfNoSpecifiedTests=false -Dgolden.update=true}
 * and review the diff.
 */
class RenderedObjectsGoldenTest {

    private static final Path RESOURCES = Path.of("src/test/resources");
    private static final CollectorDefaults DEFAULTS = new CollectorDefaults("ghcr.io/logpipeline/collector:0.1.0",
            new ResourceRequirementsBuilder()
                    .addToRequests("cpu", new Quantity("100m")).addToRequests("memory", new Quantity("128Mi"))
                    .addToLimits("cpu", new Quantity("500m")).addToLimits("memory", new Quantity("512Mi"))
                    .build());

    @ParameterizedTest
    @ValueSource(strings = {"seed", "two-backends", "pod-selector", "custom-collector"})
    void rendersEveryObjectAsTheGoldenFileSays(String name) throws IOException {
        // given
        Case input = Case.load(RESOURCES.resolve(name));

        // when
        PipelineBackends backends = PipelineBackends.resolve(input.pipeline.getSpec(), input);
        DesiredState state = DesiredStateBuilder.build(input.pipeline, backends, DEFAULTS);
        Map<String, HasMetadata> rendered = new LinkedHashMap<>();
        rendered.put("serviceaccount", RbacRenderer.serviceAccount(state));
        rendered.put("clusterrole", RbacRenderer.clusterRole(state));
        rendered.put("clusterrolebinding", RbacRenderer.clusterRoleBinding(state));
        rendered.put("configmap", ConfigRenderer.configMap(state));
        if (state.needsCredentials()) {
            rendered.put("secret", ConfigRenderer.credentialsSecret(state));
        }
        rendered.put("daemonset", DaemonSetRenderer.daemonSet(state));

        // then
        assertThat(backends.problems()).isEmpty();
        List<String> expectedFiles = new ArrayList<>();
        for (Map.Entry<String, HasMetadata> object : rendered.entrySet()) {
            Path golden = RESOURCES.resolve(name).resolve("out-" + object.getKey() + ".yaml");
            expectedFiles.add(golden.getFileName().toString());
            String actual = Serialization.asYaml(object.getValue());
            if (Boolean.getBoolean("golden.update")) {
                Files.writeString(golden, actual, StandardCharsets.UTF_8);
            }
            assertThat(actual).as("%s (rewrite with -Dgolden.update=true)", golden).isEqualTo(Files.readString(golden));
        }
        try (Stream<Path> files = Files.list(RESOURCES.resolve(name))) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(f -> f.startsWith("out-")))
                    .as("no stale golden file: the operator renders exactly these objects")
                    .containsExactlyInAnyOrderElementsOf(expectedFiles);
        }
        ConfigMap configMap = (ConfigMap) rendered.get("configmap");
        input.secretValues().forEach(secret -> assertThat(configMap.getData().get("collector.json")).doesNotContain(secret));
    }

    /** The in-*.yaml objects of one case, served as the lookup the operator would read from its caches. */
    @Test
    void theOperatorsPullPolicyAndPullSecretsReachTheCollectorPods() throws IOException {
        // given: the chart's collector.image.pullPolicy and pullSecrets, as the operator receives them
        Case input = Case.load(RESOURCES.resolve("seed"));
        CollectorDefaults defaults = new CollectorDefaults(DEFAULTS.image(), DEFAULTS.resources(), "Always", List.of("regcred"));

        // when
        DaemonSet daemonSet = DaemonSetRenderer.daemonSet(
                DesiredStateBuilder.build(input.pipeline, PipelineBackends.resolve(input.pipeline.getSpec(), input), defaults));

        // then
        assertThat(daemonSet.getSpec().getTemplate().getSpec().getContainers().get(0).getImagePullPolicy()).isEqualTo("Always");
        assertThat(daemonSet.getSpec().getTemplate().getSpec().getImagePullSecrets())
                .extracting(LocalObjectReference::getName).containsExactly("regcred");
    }

    @Test
    void anInitContainerGivesTheCheckpointHostPathToTheCollectorUserWithOnlyChownAndFowner() throws IOException {
        // given: a kubelet creates the DirectoryOrCreate hostPath as root:root 0755
        Case input = Case.load(RESOURCES.resolve("seed"));

        // when
        var pod = DaemonSetRenderer.daemonSet(DesiredStateBuilder.build(input.pipeline,
                PipelineBackends.resolve(input.pipeline.getSpec(), input), DEFAULTS)).getSpec().getTemplate().getSpec();

        // then: the collector image's prepare-state-dir, as root with the two capabilities chown and chmod need
        var collector = pod.getContainers().get(0);
        assertThat(pod.getInitContainers()).singleElement().satisfies(init -> {
            assertThat(init.getName()).isEqualTo("prepare-state-dir");
            assertThat(init.getImage()).isEqualTo(collector.getImage());
            assertThat(init.getCommand()).isEmpty();
            assertThat(init.getArgs()).containsExactly("prepare-state-dir", "/var/lib/logpipeline");
            assertThat(init.getVolumeMounts()).singleElement().satisfies(mount -> assertThat(collector.getVolumeMounts())
                    .contains(mount));
            var security = init.getSecurityContext();
            assertThat(security.getRunAsUser()).isZero();
            assertThat(security.getRunAsNonRoot()).isFalse();
            assertThat(security.getAllowPrivilegeEscalation()).isFalse();
            assertThat(security.getReadOnlyRootFilesystem()).isTrue();
            assertThat(security.getCapabilities().getDrop()).containsExactly("ALL");
            assertThat(security.getCapabilities().getAdd()).containsExactly("CHOWN", "FOWNER");
            assertThat(security.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        });
        // and the collector itself keeps no capability and runs as 10001:0
        assertThat(collector.getSecurityContext().getCapabilities().getAdd()).isNullOrEmpty();
        assertThat(collector.getSecurityContext().getRunAsUser()).isEqualTo(10001L);
    }

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
