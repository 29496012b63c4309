package io.logpipeline.operator.pipeline;

import static io.logpipeline.operator.Manifests.backend;
import static io.logpipeline.operator.Manifests.pipeline;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatusBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubeapitest.junit.EnableKubeAPIServer;
import io.fabric8.kubeapitest.junit.KubeConfig;
import io.logpipeline.api.v1alpha1.LogBackend;
import io.logpipeline.api.v1alpha1.LogPipeline;
import io.logpipeline.operator.RunningOperator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The LogPipeline reconciler on a real kube-apiserver 1.20.2 (kube-api-test: apiserver and etcd only, so no
 * DaemonSet controller and no garbage collector — DaemonSet status is patched here the way the controller would).
 */
@EnableKubeAPIServer(kubeAPIVersion = "1.20.2")
class LogPipelineReconcilerTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @KubeConfig
    static String kubeConfigYaml;

    private static RunningOperator operator;
    private static KubernetesClient client;
    private String ns;

    @BeforeAll
    static void startOperator() throws Exception {
        operator = RunningOperator.start(kubeConfigYaml);
        client = operator.client;
    }

    @AfterAll
    static void stopOperator() {
        operator.close();
    }

    @BeforeEach
    void namespace() {
        ns = operator.newNamespace();
    }

    @Test
    void createdPipelineRendersEveryObjectOwnedAndGetsTheFinalizer() {
        // given
        apply(backend(ns, "victorialogs", "http://victorialogs:9428/insert/opentelemetry/v1/logs"));

        // when
        LogPipeline pipeline = apply(pipeline(ns, "default", "victorialogs"));

        // then
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(condition("default", "Accepted")).extracting(Condition::getStatus, Condition::getReason).containsExactly("True", "Valid");
            assertThat(condition("default", "BackendsResolved")).extracting(Condition::getStatus, Condition::getReason).containsExactly("True", "Resolved");
        });
        String uid = client.resources(LogPipeline.class).inNamespace(ns).withName("default").get().getMetadata().getUid();
        List<HasMetadata> owned = List.of(
                client.serviceAccounts().inNamespace(ns).withName("default-collector").get(),
                client.configMaps().inNamespace(ns).withName("default-collector").get(),
                client.apps().daemonSets().inNamespace(ns).withName("default-collector").get());
        assertThat(owned).allSatisfy(object -> assertThat(object.getMetadata().getOwnerReferences())
                .extracting(OwnerReference::getKind, OwnerReference::getName, OwnerReference::getUid)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("LogPipeline", "default", uid)));
        String rbacName = "logpipeline-" + ns + "-default-collector";
        ClusterRole role = client.rbac().clusterRoles().withName(rbacName).get();
        ClusterRoleBinding binding = client.rbac().clusterRoleBindings().withName(rbacName).get();
        assertThat(role.getMetadata().getOwnerReferences()).isEmpty();
        assertThat(role.getMetadata().getLabels()).containsEntry("logpipeline.io/pipeline", "default");
        assertThat(binding.getSubjects().get(0).getNamespace()).isEqualTo(ns);
        assertThat(client.secrets().inNamespace(ns).withName("default-collector-credentials").get())
                .as("no credentials Secret when no backend references a Secret").isNull();
        LogPipeline current = client.resources(LogPipeline.class).inNamespace(ns).withName("default").get();
        assertThat(current.getMetadata().getFinalizers()).hasSize(1);
        assertThat(current.getStatus().getObservedGeneration()).isEqualTo(current.getMetadata().getGeneration());
        assertThat(current.getStatus().getBackends()).containsExactly("victorialogs");
        assertThat(current.getStatus().getConfigHash()).isEqualTo(configHash("default"));
        assertThat(condition("default", "CollectorReady")).extracting(Condition::getStatus, Condition::getReason)
                .containsExactly("Unknown", "Pending");
        assertThat(condition("default", "Accepted").getLastTransitionTime()).isEqualTo("2026-01-02T03:04:05Z");
        assertThat(pipeline.getMetadata().getName()).isEqualTo("default");
    }

    @Test
    void missingBackendIsReportedAndLeavesTheDaemonSetAlone_thenCreatingItResolvesWithoutTouchingThePipeline() {
        // given
        apply(backend(ns, "victorialogs", "http://victorialogs:9428/insert/opentelemetry/v1/logs"));
        apply(pipeline(ns, "default", "victorialogs"));
        await().atMost(WAIT).until(() -> daemonSet("default") != null && configHash("default") != null);
        String daemonSetVersion = daemonSet("default").getMetadata().getResourceVersion();

        // when
        LogPipeline edited = apply(pipeline(ns, "default", "victorialogs", "archive"));

        // then
        await().atMost(WAIT).untilAsserted(() -> {
            Condition resolved = condition("default", "BackendsResolved");
            assertThat(resolved.getStatus()).isEqualTo("False");
            assertThat(resolved.getReason()).isEqualTo("BackendNotFound");
            assertThat(resolved.getMessage()).isEqualTo("spec.backendRefs[1]: LogBackend \"archive\" not found in namespace " + ns
                    + "; create it or fix the name");
            assertThat(condition("default", "Ready")).extracting(Condition::getStatus, Condition::getReason).containsExactly("False", "BackendNotFound");
        });
        assertThat(daemonSet("default").getMetadata().getResourceVersion()).as("DaemonSet unchanged").isEqualTo(daemonSetVersion);
        String hashBefore = configHash("default");
        long generation = edited.getMetadata().getGeneration();

        // when
        apply(backend(ns, "archive", "http://archive:4318/v1/logs"));

        // then
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(condition("default", "BackendsResolved")).extracting(Condition::getStatus, Condition::getReason).containsExactly("True", "Resolved");
            assertThat(configHash("default")).isNotEqualTo(hashBefore);
            assertThat(podTemplateHash("default")).isEqualTo(configHash("default"));
        });
        assertThat(client.configMaps().inNamespace(ns).withName("default-collector").get().getData().get("collector.json"))
                .contains("http://archive:4318/v1/logs");
        assertThat(client.resources(LogPipeline.class).inNamespace(ns).withName("default").get().getMetadata().getGeneration())
                .as("the pipeline itself was not touched").isEqualTo(generation);
    }

    @Test
    void rotatedSecretChangesTheConfigHashAndRollsTheCollectors() {
        // given
        apply(new SecretBuilder().withNewMetadata().withName("otlp-token").withNamespace(ns).endMetadata()
                .addToStringData("header", "Bearer first").build());
        LogBackend backend = backend(ns, "vendor", "http://otlp.vendor.example/v1/logs");
        backend.getSpec().getOtlp().getHeaders().add(new io.logpipeline.api.v1alpha1.HeaderSpec("Authorization", null,
                new io.logpipeline.api.v1alpha1.SecretValueSource(new io.logpipeline.api.v1alpha1.KeyRef("otlp-token", "header"))));
        apply(backend);
        apply(pipeline(ns, "default", "vendor"));
        await().atMost(WAIT).until(() -> credentials("default") != null && podTemplateHash("default") != null);
        String hashBefore = podTemplateHash("default");
        assertThat(client.configMaps().inNamespace(ns).withName("default-collector").get().getData().get("collector.json"))
                .doesNotContain("Bearer first").contains("/etc/logpipeline/credentials/vendor_secret_otlp-token_header");

        // when
        apply(new SecretBuilder().withNewMetadata().withName("otlp-token").withNamespace(ns).endMetadata()
                .addToStringData("header", "Bearer second").build());

        // then
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(podTemplateHash("default")).isNotEqualTo(hashBefore).isEqualTo(configHash("default"));
            assertThat(decoded(credentials("default"), "vendor_secret_otlp-token_header")).isEqualTo("Bearer second");
        });
    }

    @Test
    void invalidSpecIsAcceptedFalseWithEveryFieldPathAndChangesNoRenderedObject() throws Exception {
        // given
        apply(backend(ns, "victorialogs", "http://victorialogs:9428/insert/opentelemetry/v1/logs"));
        apply(pipeline(ns, "default", "victorialogs"));
        await().atMost(WAIT).until(() -> daemonSet("default") != null && configHash("default") != null);
        Map<String, String> versions = renderedVersions("default");

        // when
        LogPipeline invalid = pipeline(ns, "default", "victorialogs");
        invalid.getSpec().getBatch().setSendBatchSize(4096);
        invalid.getSpec().getBatch().setSendBatchMaxSize(1024);
        invalid.getSpec().getKubernetes().getMetadata().add("k8s.pod.colour");
        apply(invalid);

        // then
        await().atMost(WAIT).untilAsserted(() -> {
            Condition accepted = condition("default", "Accepted");
            assertThat(accepted.getStatus()).isEqualTo("False");
            assertThat(accepted.getReason()).isEqualTo("InvalidSpec");
            assertThat(accepted.getMessage()).contains("spec.batch.").contains("spec.kubernetes.metadata[").contains("k8s.pod.colour");
            assertThat(condition("default", "Ready")).extracting(Condition::getStatus, Condition::getReason).containsExactly("False", "InvalidSpec");
        });
        String statusVersion = client.resources(LogPipeline.class).inNamespace(ns).withName("default").get().getMetadata().getResourceVersion();
        Thread.sleep(3000); // no retry loop: nothing is rewritten while the spec stays invalid
        assertThat(client.resources(LogPipeline.class).inNamespace(ns).withName("default").get().getMetadata().getResourceVersion())
                .isEqualTo(statusVersion);
        assertThat(renderedVersions("default")).isEqualTo(versions);
    }

    @Test
    void collectorReadyFollowsTheDaemonSetStatus() throws Exception {
        // given
        apply(backend(ns, "victorialogs", "http://victorialogs:9428/insert/opentelemetry/v1/logs"));
        apply(pipeline(ns, "default", "victorialogs"));
        await().atMost(WAIT).until(() -> daemonSet("default") != null && configHash("default") != null);

        // when
        daemonSetStatus("default", 3, 2, 3);
        // then
        awaitCollectorReady("False", "CollectorsUnavailable", "2/3");

        // when
        daemonSetStatus("default", 3, 2, 2);
        // then
        awaitCollectorReady("False", "RollingOut", "2/3");
        assertThat(condition("default", "CollectorReady").getMessage()).startsWith("2/3 updated");

        // when
        daemonSetStatus("default", 3, 3, 3);
        // then
        awaitCollectorReady("True", "RolledOut", "3/3");
        assertThat(condition("default", "Ready")).extracting(Condition::getStatus, Condition::getReason).containsExactly("True", "Ready");
        String table = operator.kubectl("get", "logpipelines", "-o", "wide", "-n", ns);
        System.out.println("kubectl get logpipelines -o wide -n " + ns + "\n" + table);
        assertThat(row(table, "default")).containsEntry("READY", "True").containsEntry("REASON", "Ready")
                .containsEntry("COLLECTORS", "3/3").containsEntry("BACKENDS", "[\"victorialogs\"]");

        // when
        daemonSetStatus("default", 0, 0, 0);
        // then
        awaitCollectorReady("False", "NoNodes", "0/0");
        System.out.println("kubectl get logpipelines -o wide -n " + ns + "\n" + operator.kubectl("get", "logpipelines", "-o", "wide", "-n", ns));
    }

    @Test
    void deletedPipelineTakesItsClusterRoleAndBindingWithIt() {
        // given
        apply(backend(ns, "victorialogs", "http://victorialogs:9428/insert/opentelemetry/v1/logs"));
        apply(pipeline(ns, "default", "victorialogs"));
        String rbacName = "logpipeline-" + ns + "-default-collector";
        await().atMost(WAIT).until(() -> client.rbac().clusterRoleBindings().withName(rbacName).get() != null);

        // when
        client.resources(LogPipeline.class).inNamespace(ns).withName("default").delete();

        // then
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(client.rbac().clusterRoles().withName(rbacName).get()).isNull();
            assertThat(client.rbac().clusterRoleBindings().withName(rbacName).get()).isNull();
            assertThat(client.resources(LogPipeline.class).inNamespace(ns).withName("default").get()).isNull();
        });
    }

    @Test
    void handEditedConfigMapIsRestored() {
        // given
        apply(backend(ns, "victorialogs", "http://victorialogs:9428/insert/opentelemetry/v1/logs"));
        apply(pipeline(ns, "default", "victorialogs"));
        await().atMost(WAIT).until(() -> client.configMaps().inNamespace(ns).withName("default-collector").get() != null);
        String rendered = client.configMaps().inNamespace(ns).withName("default-collector").get().getData().get("collector.json");

        // when
        client.configMaps().inNamespace(ns).withName("default-collector")
                .edit(cm -> { cm.getData().put("collector.json", "{\"hand\": \"edited\"}"); return cm; });

        // then
        await().atMost(WAIT).untilAsserted(() -> assertThat(
                client.configMaps().inNamespace(ns).withName("default-collector").get().getData().get("collector.json")).isEqualTo(rendered));
    }

    @Test
    void reconcilingAnUnchangedPipelineWritesNoRenderedObject() throws Exception {
        // given
        apply(backend(ns, "victorialogs", "http://victorialogs:9428/insert/opentelemetry/v1/logs"));
        apply(pipeline(ns, "default", "victorialogs"));
        await().atMost(WAIT).until(() -> daemonSet("default") != null && configHash("default") != null);
        Thread.sleep(2000);
        Map<String, String> versions = renderedVersions("default");

        // when: an event that maps to the pipeline but changes nothing it renders
        client.resources(LogBackend.class).inNamespace(ns).withName("victorialogs")
                .edit(b -> { b.getMetadata().setLabels(Map.of("team", "observability")); return b; });
        Thread.sleep(3000);

        // then
        assertThat(renderedVersions("default")).isEqualTo(versions);
    }

    @Test
    void deletedDaemonSetIsRecreated() {
        // given
        apply(backend(ns, "victorialogs", "http://victorialogs:9428/insert/opentelemetry/v1/logs"));
        apply(pipeline(ns, "default", "victorialogs"));
        await().atMost(WAIT).until(() -> daemonSet("default") != null);
        String uid = daemonSet("default").getMetadata().getUid();

        // when
        client.apps().daemonSets().inNamespace(ns).withName("default-collector").delete();

        // then
        await().atMost(WAIT).untilAsserted(() -> assertThat(daemonSet("default")).isNotNull()
                .extracting(ds -> ds.getMetadata().getUid()).isNotEqualTo(uid));
    }

    @Test
    void kubectlGetShowsEachPipelinesReason() throws Exception {
        // given
        apply(backend(ns, "victorialogs", "http://victorialogs:9428/insert/opentelemetry/v1/logs"));
        apply(backend(ns, "jaeger", "http://jaeger:14268/api/traces"));
        LogBackend needsSecret = backend(ns, "vendor", "http://otlp.vendor.example/v1/logs");
        needsSecret.getSpec().getOtlp().getHeaders().add(new io.logpipeline.api.v1alpha1.HeaderSpec("Authorization", null,
                new io.logpipeline.api.v1alpha1.SecretValueSource(new io.logpipeline.api.v1alpha1.KeyRef("vendor-token", "header"))));
        apply(needsSecret);
        LogBackend needsKey = backend(ns, "vendor-b", "http://otlp.vendor.example/v1/logs");
        needsKey.getSpec().getOtlp().getHeaders().add(new io.logpipeline.api.v1alpha1.HeaderSpec("Authorization", null,
                new io.logpipeline.api.v1alpha1.SecretValueSource(new io.logpipeline.api.v1alpha1.KeyRef("token-b", "header"))));
        apply(needsKey);
        apply(new SecretBuilder().withNewMetadata().withName("token-b").withNamespace(ns).endMetadata()
                .addToStringData("token", "x").build());
        LogPipeline invalid = pipeline(ns, "invalid", "victorialogs");
        invalid.getSpec().getKubernetes().getMetadata().add("k8s.pod.colour");

        // when
        apply(pipeline(ns, "ready", "victorialogs"));
        apply(pipeline(ns, "rolling", "victorialogs"));
        apply(pipeline(ns, "pending", "victorialogs"));
        apply(pipeline(ns, "missing", "archive"));
        apply(pipeline(ns, "traces", "jaeger"));
        apply(pipeline(ns, "nosecret", "vendor"));
        apply(pipeline(ns, "nokey", "vendor-b"));
        apply(invalid);
        await().atMost(WAIT).until(() -> daemonSet("ready") != null && daemonSet("rolling") != null);
        daemonSetStatus("ready", 3, 3, 3);
        daemonSetStatus("rolling", 3, 3, 1);

        // then
        Map<String, String> expected = Map.of("ready", "Ready", "rolling", "RollingOut", "pending", "Pending",
                "missing", "BackendNotFound", "traces", "BackendNotReady", "nosecret", "SecretNotFound",
                "nokey", "SecretKeyNotFound", "invalid", "InvalidSpec");
        await().atMost(WAIT).untilAsserted(() -> {
            String table = operator.kubectl("get", "logpipelines", "-o", "wide", "-n", ns);
            expected.forEach((pipeline, reason) -> assertThat(row(table, pipeline)).as(table).containsEntry("REASON", reason));
        });
        await().atMost(WAIT).untilAsserted(() -> assertThat(client.v1().events().inNamespace(ns).list().getItems().stream()
                .filter(e -> e.getInvolvedObject().getName().equals("ready")).map(io.fabric8.kubernetes.api.model.Event::getReason))
                .as("one Event per state change, not per reconcile")
                .containsExactlyInAnyOrder("Valid", "Resolved", "ConfigRendered", "RolledOut"));
        System.out.println("kubectl get logpipelines -o wide -n " + ns + "\n" + operator.kubectl("get", "logpipelines", "-o", "wide", "-n", ns));
        System.out.println("kubectl get logbackends -o wide -n " + ns + "\n" + operator.kubectl("get", "logbackends", "-o", "wide", "-n", ns));
        System.out.println("kubectl get events -n " + ns + "\n" + operator.kubectl("get", "events", "-n", ns,
                "--sort-by=.metadata.name", "-o", "custom-columns=OBJECT:.involvedObject.name,TYPE:.type,REASON:.reason,MESSAGE:.message"));
    }

    /** One row of kubectl's table output, by column header (column order is the CRD's business). */
    private static Map<String, String> row(String table, String name) {
        List<String> lines = table.lines().toList();
        String header = lines.get(0);
        String line = lines.stream().filter(l -> l.startsWith(name + " ")).findFirst().orElseThrow();
        java.util.regex.Matcher column = java.util.regex.Pattern.compile("\\S+").matcher(header);
        List<int[]> spans = new java.util.ArrayList<>();
        List<String> names = new java.util.ArrayList<>();
        while (column.find()) {
            names.add(column.group());
            spans.add(new int[] {column.start()});
        }
        Map<String, String> row = new java.util.LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            int start = Math.min(spans.get(i)[0], line.length());
            int end = i + 1 < names.size() ? Math.min(spans.get(i + 1)[0], line.length()) : line.length();
            row.put(names.get(i), line.substring(start, end).trim());
        }
        return row;
    }

    private void awaitCollectorReady(String status, String reason, String summary) {
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(condition("default", "CollectorReady")).extracting(Condition::getStatus, Condition::getReason).containsExactly(status, reason);
            assertThat(client.resources(LogPipeline.class).inNamespace(ns).withName("default").get().getStatus().getCollectors().getSummary())
                    .isEqualTo(summary);
        });
    }

    /** What the DaemonSet controller would write: desired, ready and updated pods for the current generation. */
    private void daemonSetStatus(String pipeline, int desired, int ready, int updated) {
        // retried on a write conflict, as the controller would
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> writeDaemonSetStatus(pipeline, desired, ready, updated));
    }

    private void writeDaemonSetStatus(String pipeline, int desired, int ready, int updated) {
        DaemonSet ds = daemonSet(pipeline);
        ds.setStatus(new DaemonSetStatusBuilder()
                .withObservedGeneration(ds.getMetadata().getGeneration())
                .withDesiredNumberScheduled(desired)
                .withCurrentNumberScheduled(desired)
                .withNumberMisscheduled(0)
                .withNumberReady(ready)
                .withNumberAvailable(ready)
                .withUpdatedNumberScheduled(updated)
                .build());
        client.apps().daemonSets().inNamespace(ns).resource(ds).updateStatus();
    }

    private Map<String, String> renderedVersions(String pipeline) {
        return Map.of(
                "serviceaccount", client.serviceAccounts().inNamespace(ns).withName(pipeline + "-collector").get().getMetadata().getResourceVersion(),
                "configmap", client.configMaps().inNamespace(ns).withName(pipeline + "-collector").get().getMetadata().getResourceVersion(),
                "daemonset", daemonSet(pipeline).getMetadata().getResourceVersion(),
                "clusterrole", client.rbac().clusterRoles().withName("logpipeline-" + ns + "-" + pipeline + "-collector").get().getMetadata().getResourceVersion());
    }

    private <T extends HasMetadata> T apply(T object) {
        object.getMetadata().setNamespace(ns);
        object.getMetadata().setManagedFields(null);
        return client.resource(object).forceConflicts().serverSideApply();
    }

    private Condition condition(String pipeline, String type) {
        LogPipeline current = client.resources(LogPipeline.class).inNamespace(ns).withName(pipeline).get();
        assertThat(current.getStatus()).as("status of %s", pipeline).isNotNull();
        return current.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst()
                .orElseThrow(() -> new AssertionError("no condition " + type + " in " + current.getStatus().getConditions()));
    }

    private String configHash(String pipeline) {
        LogPipeline current = client.resources(LogPipeline.class).inNamespace(ns).withName(pipeline).get();
        return current == null || current.getStatus() == null ? null : current.getStatus().getConfigHash();
    }

    private DaemonSet daemonSet(String pipeline) {
        return client.apps().daemonSets().inNamespace(ns).withName(pipeline + "-collector").get();
    }

    private String podTemplateHash(String pipeline) {
        DaemonSet ds = daemonSet(pipeline);
        return ds == null ? null : ds.getSpec().getTemplate().getMetadata().getAnnotations().get("logpipeline.io/config-hash");
    }

    private Secret credentials(String pipeline) {
        return client.secrets().inNamespace(ns).withName(pipeline + "-collector-credentials").get();
    }

    private static String decoded(Secret secret, String key) {
        return new String(java.util.Base64.getDecoder().decode(secret.getData().get(key)), java.nio.charset.StandardCharsets.UTF_8);
    }

}
