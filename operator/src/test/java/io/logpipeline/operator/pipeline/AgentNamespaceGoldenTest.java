package io.logpipeline.operator.pipeline;

import static io.logpipeline.operator.Manifests.backend;
import static io.logpipeline.operator.Manifests.pipeline;
import static io.logpipeline.operator.RunningOperator.AGENT_NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubeapitest.junit.EnableKubeAPIServer;
import io.fabric8.kubeapitest.junit.KubeConfig;
import io.logpipeline.api.v1alpha1.HeaderSpec;
import io.logpipeline.api.v1alpha1.KeyRef;
import io.logpipeline.api.v1alpha1.LogBackend;
import io.logpipeline.api.v1alpha1.LogPipeline;
import io.logpipeline.api.v1alpha1.SecretValueSource;
import io.logpipeline.operator.RunningOperator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Everything the operator writes into the agent namespace, read back from a real kube-apiserver after the
 * reconciler ran (not the renderers alone): for one pipeline, then for three pipelines in three namespaces, then
 * nothing once they are deleted. Server-assigned fields are dropped. After an intended change, rewrite the files with
 * {@code ./mvnw -B -pl operator -am test -Dtest=AgentNamespaceGoldenTest -Dsurefire.failIfNoSpecifiedTests=false -Dgolden.update=true}.
 */
@EnableKubeAPIServer(kubeAPIVersion = "1.20.2")
class AgentNamespaceGoldenTest {

    private static final Path GOLDEN = Path.of("src/test/resources/agent-namespace");
    private static final Duration WAIT = Duration.ofSeconds(30);

    @KubeConfig
    static String kubeConfigYaml;

    @Test
    void onePipelineThenThreeInThreeNamespacesThenNone() throws Exception {
        try (RunningOperator operator = RunningOperator.start(kubeConfigYaml)) {
            KubernetesClient client = operator.client;
            for (String namespace : List.of("team-a", "team-b")) {
                client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build()).create();
            }
            // given
            apply(client, backend("monitoring", "victorialogs", "http://victorialogs.monitoring:9428/insert/opentelemetry/v1/logs"));

            // when
            apply(client, pipeline("monitoring", "default", "victorialogs"));

            // then
            await().atMost(WAIT).untilAsserted(() -> assertThat(objectNames(client)).containsExactly(
                    "ConfigMap/lp.monitoring.default", "DaemonSet/logpipeline-collector"));
            assertGolden(client, "one-pipeline.yaml");

            // when
            apply(client, new SecretBuilder().withNewMetadata().withName("otlp-token").withNamespace("team-a").endMetadata()
                    .addToStringData("header", "Bearer team-a").build());
            LogBackend vendor = backend("team-a", "vendor", "https://otlp.vendor.example/v1/logs");
            vendor.getSpec().getOtlp().getHeaders().add(new HeaderSpec("Authorization", null,
                    new SecretValueSource(new KeyRef("otlp-token", "header"))));
            apply(client, vendor);
            apply(client, pipeline("team-a", "payments", "vendor"));
            apply(client, backend("team-b", "loki", "http://loki.team-b:3100/otlp/v1/logs"));
            apply(client, pipeline("team-b", "checkout", "loki"));

            // then
            await().atMost(WAIT).untilAsserted(() -> assertThat(objectNames(client)).containsExactly(
                    "ConfigMap/lp.monitoring.default", "ConfigMap/lp.team-a.payments", "ConfigMap/lp.team-b.checkout",
                    "DaemonSet/logpipeline-collector", "Secret/lp.team-a.payments"));
            assertGolden(client, "three-pipelines.yaml");

            // when
            for (String[] p : List.of(new String[] {"monitoring", "default"}, new String[] {"team-a", "payments"},
                    new String[] {"team-b", "checkout"})) {
                client.resources(LogPipeline.class).inNamespace(p[0]).withName(p[1]).delete();
            }

            // then
            await().atMost(WAIT).untilAsserted(() -> assertThat(objectNames(client)).as("no LogPipeline left: nothing in the agent namespace")
                    .isEmpty());
        }
    }

    private static void apply(KubernetesClient client, HasMetadata object) {
        client.resource(object).forceConflicts().serverSideApply();
    }

    private static List<HasMetadata> objects(KubernetesClient client) {
        List<HasMetadata> objects = new ArrayList<>();
        objects.addAll(client.configMaps().inNamespace(AGENT_NAMESPACE).withLabel("app.kubernetes.io/managed-by", "logpipeline-operator").list().getItems());
        objects.addAll(client.secrets().inNamespace(AGENT_NAMESPACE).withLabel("app.kubernetes.io/managed-by", "logpipeline-operator").list().getItems());
        objects.addAll(client.apps().daemonSets().inNamespace(AGENT_NAMESPACE).withLabel("app.kubernetes.io/managed-by", "logpipeline-operator").list().getItems());
        objects.sort(Comparator.comparing((HasMetadata o) -> o.getKind()).thenComparing(o -> o.getMetadata().getName()));
        return objects;
    }

    private static List<String> objectNames(KubernetesClient client) {
        return objects(client).stream().map(o -> o.getKind() + "/" + o.getMetadata().getName()).toList();
    }

    private static void assertGolden(KubernetesClient client, String file) throws Exception {
        StringBuilder actual = new StringBuilder();
        for (HasMetadata object : objects(client)) {
            // what the API server assigns, not what the operator decided
            object.getMetadata().setUid(null);
            object.getMetadata().setResourceVersion(null);
            object.getMetadata().setCreationTimestamp(null);
            object.getMetadata().setManagedFields(null);
            object.getMetadata().setGeneration(null);
            object.getMetadata().setSelfLink(null);
            if (object instanceof io.fabric8.kubernetes.api.model.apps.DaemonSet ds) {
                ds.setStatus(null);
            }
            actual.append(client.getKubernetesSerialization().asYaml(object));
        }
        Path golden = GOLDEN.resolve(file);
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(GOLDEN);
            Files.writeString(golden, actual, StandardCharsets.UTF_8);
        }
        assertThat(actual.toString()).as("%s (rewrite with -Dgolden.update=true)", golden).isEqualTo(Files.readString(golden));
    }
}
