package io.logpipeline.operator.pipeline;

import static io.logpipeline.operator.Manifests.backend;
import static io.logpipeline.operator.Manifests.pipeline;
import static io.logpipeline.operator.RunningOperator.AGENT_NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubeapitest.junit.EnableKubeAPIServer;
import io.fabric8.kubeapitest.junit.KubeConfig;
import io.logpipeline.api.agent.AgentContract;
import io.logpipeline.api.config.CollectorConfig;
import io.logpipeline.api.config.CollectorConfigJson;
import io.logpipeline.api.v1alpha1.HeaderSpec;
import io.logpipeline.api.v1alpha1.KeyRef;
import io.logpipeline.api.v1alpha1.LogBackend;
import io.logpipeline.api.v1alpha1.LogPipeline;
import io.logpipeline.api.v1alpha1.SecretValueSource;
import io.logpipeline.operator.AgentFixtures;
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
 * DaemonSet controller and no agents): what it writes into the agent namespace, what a pipeline edit touches, tenancy.
 */
@EnableKubeAPIServer(kubeAPIVersion = "1.20.2")
class LogPipelineReconcilerTest {

    private static final Duration WAIT = Duration.ofSeconds(60); // a ceiling for loaded CI machines, not a timing claim

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
    void createdPipelineWritesItsConfigurationIntoTheAgentNamespaceAndGetsTheFinalizer() {
        // given
        apply(backend(ns, "victorialogs", "http://victorialogs:9428/insert/opentelemetry/v1/logs"));

        // when
        apply(pipeline(ns, "default", "victorialogs"));

        // then
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(condition("default", "Accepted")).extracting(Condition::getStatus, Condition::getReason).containsExactly("True", "Valid");
            assertThat(configMap("default")).isNotNull();
        });
        ConfigMap configMap = configMap("default");
        LogPipeline current = client.resources(LogPipeline.class).inNamespace(ns).withName("default").get();
        assertThat(configMap.getMetadata().getLabels()).containsEntry(AgentContract.LABEL_ROLE, AgentContract.ROLE_PIPELINE_CONFIG)
                .containsEntry(AgentContract.LABEL_PIPELINE_NAMESPACE, ns);
        assertThat(configMap.getMetadata().getAnnotations()).containsEntry(AgentContract.ANNOTATION_PIPELINE, ns + "/default")
                .containsEntry(AgentContract.ANNOTATION_CONFIG_HASH, current.getStatus().getConfigHash());
        assertThat(configMap.getMetadata().getOwnerReferences()).as("no owner reference across namespaces").isEmpty();
        CollectorConfig config = compiled("default");
        assertThat(config.getReadableNamespaces()).as("a tenant namespace reads itself only").containsExactly(ns);
        assertThat(config.getGeneration()).isEqualTo(current.getMetadata().getGeneration());
        assertThat(credentials("default")).as("no credentials Secret when no backend references a Secret").isNull();
        assertThat(AgentFixtures.daemonSet(client)).isNotNull();
        assertThat(current.getMetadata().getFinalizers()).hasSize(1);
        assertThat(current.getStatus().getObservedGeneration()).isEqualTo(current.getMetadata().getGeneration());
        assertThat(condition("default", "Accepted").getLastTransitionTime()).isEqualTo("2026-01-02T03:04:05Z");
        assertThat(client.serviceAccounts().inNamespace(ns).list().getItems())
                .as("nothing is rendered in the pipeline's namespace").noneMatch(sa -> sa.getMetadata().getName().startsWith("default"));
    }

    @Test
    void missingBackendIsReportedAndLeavesTheConfigurationAlone_thenCreatingItResolves() {
        // given
        apply(backend(ns, "victorialogs", "http://victorialogs:9428/insert/opentelemetry/v1/logs"));
        apply(pipeline(ns, "default", "victorialogs"));
        await().atMost(WAIT).until(() -> configMap("default") != null && configHash("default") != null);
        String configVersion = configMap("default").getMetadata().getResourceVersion();

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
        assertThat(configMap("default").getMetadata().getResourceVersion()).as("the agents keep the last good configuration")
                .isEqualTo(configVersion);
        String hashBefore = configHash("default");
        long generation = edited.getMetadata().getGeneration();

        // when
        apply(backend(ns, "archive", "http://archive:4318/v1/logs"));

        // then
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(condition("default", "BackendsResolved")).extracting(Condition::getStatus, Condition::getReason).containsExactly("True", "Resolved");
            assertThat(configHash("default")).isNotEqualTo(hashBefore);
            assertThat(configMap("default").getMetadata().getAnnotations()).containsEntry(AgentContract.ANNOTATION_CONFIG_HASH, configHash("default"));
        });
        assertThat(configMap("default").getData().get(AgentContract.PIPELINE_CONFIG_KEY)).contains("http://archive:4318/v1/logs");
        assertThat(client.resources(LogPipeline.class).inNamespace(ns).withName("default").get().getMetadata().getGeneration())
                .as("the pipeline itself was not touched").isEqualTo(generation);
    }

    @Test
    void rotatedSecretChangesTheCredentialsAndTheHashButNotTheDaemonSet() {
        // given
        backendWithToken("Bearer first");
        apply(pipeline(ns, "default", "vendor"));
        await().atMost(WAIT).until(() -> credentials("default") != null && configHash("default") != null);
        String hashBefore = configHash("default");
        String daemonSetVersion = AgentFixtures.daemonSet(client).getMetadata().getResourceVersion();
        assertThat(configMap("default").getData().get(AgentContract.PIPELINE_CONFIG_KEY))
                .doesNotContain("Bearer first").contains("\"secretKey\" : \"vendor_secret_otlp-token_header\"");
        assertThat(credentials("default").getMetadata().getLabels())
                .containsEntry(AgentContract.LABEL_ROLE, AgentContract.ROLE_PIPELINE_CREDENTIALS);

        // when
        apply(new SecretBuilder().withNewMetadata().withName("otlp-token").withNamespace(ns).endMetadata()
                .addToStringData("header", "Bearer second").build());

        // then
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(configHash("default")).isNotEqualTo(hashBefore);
            assertThat(decoded(credentials("default"), "vendor_secret_otlp-token_header")).isEqualTo("Bearer second");
        });
        assertThat(AgentFixtures.daemonSet(client).getMetadata().getResourceVersion())
                .as("a pipeline change never restarts the agents").isEqualTo(daemonSetVersion);
    }

    @Test
    void invalidSpecIsAcceptedFalseWithEveryFieldPathAndChangesNoObject() throws Exception {
        // given
        apply(backend(ns, "victorialogs", "http://victorialogs:9428/insert/opentelemetry/v1/logs"));
        apply(pipeline(ns, "default", "victorialogs"));
        await().atMost(WAIT).until(() -> configMap("default") != null && configHash("default") != null);
        String configVersion = configMap("default").getMetadata().getResourceVersion();

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
        assertThat(configMap("default").getMetadata().getResourceVersion()).isEqualTo(configVersion);
    }

    @Test
    void tenantPipelineNamingAnotherNamespaceIsNotAllowedAndKeepsItsLastGoodConfiguration() {
        // given
        apply(backend(ns, "victorialogs", "http://victorialogs:9428/insert/opentelemetry/v1/logs"));
        apply(pipeline(ns, "default", "victorialogs"));
        await().atMost(WAIT).until(() -> configMap("default") != null);
        String configVersion = configMap("default").getMetadata().getResourceVersion();

        // when
        LogPipeline greedy = pipeline(ns, "default", "victorialogs");
        greedy.getSpec().getInput().getNamespaces().setInclude(List.of(ns, "kube-system"));
        apply(greedy);

        // then
        await().atMost(WAIT).untilAsserted(() -> {
            Condition accepted = condition("default", "Accepted");
            assertThat(accepted.getStatus()).isEqualTo("False");
            assertThat(accepted.getReason()).isEqualTo("NamespaceNotAllowed");
            assertThat(accepted.getMessage()).contains("spec.input.namespaces.include[1]: namespace \"kube-system\" is not readable from namespace " + ns)
                    .contains("clusterPipelineNamespaces").doesNotContain("include[0]");
            assertThat(condition("default", "Ready")).extracting(Condition::getStatus, Condition::getReason)
                    .containsExactly("False", "NamespaceNotAllowed");
        });
        assertThat(configMap("default").getMetadata().getResourceVersion()).as("nothing of it reaches the agents").isEqualTo(configVersion);
        assertThat(compiled("default").getInput().getNamespaces().getInclude()).doesNotContain("kube-system");
    }

    @Test
    void pipelineInAClusterPipelineNamespaceMayReadEveryNamespace() {
        // given
        String monitoring = RunningOperator.CLUSTER_PIPELINE_NAMESPACE;
        LogBackend backend = backend(monitoring, "central-" + ns, "http://victorialogs:9428/insert/opentelemetry/v1/logs");
        client.resource(backend).forceConflicts().serverSideApply();
        LogPipeline central = pipeline(monitoring, "central-" + ns, "central-" + ns);
        central.getSpec().getInput().getNamespaces().setInclude(List.of(ns, "kube-system"));

        // when
        client.resource(central).forceConflicts().serverSideApply();

        // then
        String name = AgentContract.pipelineObjectName(monitoring, "central-" + ns);
        await().atMost(WAIT).until(() -> client.configMaps().inNamespace(AGENT_NAMESPACE).withName(name).get() != null);
        CollectorConfig config = parse(client.configMaps().inNamespace(AGENT_NAMESPACE).withName(name).get()
                .getData().get(AgentContract.PIPELINE_CONFIG_KEY));
        assertThat(config.getReadableNamespaces()).as("empty: every namespace").isEmpty();
        assertThat(config.getInput().getNamespaces().getInclude()).containsExactly(ns, "kube-system");
    }

    @Test
    void aPipelineStillSettingSpecCollectorIsNotAcceptedAndToldWhereTheSettingsWent() {
        // given: a LogPipeline written for the per-pipeline collectors
        apply(backend(ns, "victorialogs", "http://victorialogs:9428/insert/opentelemetry/v1/logs"));
        LogPipeline legacy = pipeline(ns, "legacy", "victorialogs");
        legacy.getSpec().setCollector(Map.of("image", "ghcr.io/logpipeline/collector:0.0.9", "logLevel", "debug"));

        // when
        apply(legacy);

        // then: the API server kept the field (not pruned), and the operator refuses it with the fix
        await().atMost(WAIT).untilAsserted(() -> {
            Condition accepted = condition("legacy", "Accepted");
            assertThat(accepted).extracting(Condition::getStatus, Condition::getReason).containsExactly("False", "InvalidSpec");
            assertThat(accepted.getMessage()).contains("spec.collector: was removed: one node agent runs every pipeline")
                    .contains("collector.image").contains("delete spec.collector from this LogPipeline");
        });
        assertThat(configMap("legacy")).as("nothing of it reaches the agents").isNull();
    }

    @Test
    void handEditedConfigMapIsRestored() {
        // given
        apply(backend(ns, "victorialogs", "http://victorialogs:9428/insert/opentelemetry/v1/logs"));
        apply(pipeline(ns, "default", "victorialogs"));
        await().atMost(WAIT).until(() -> configMap("default") != null);
        String rendered = configMap("default").getData().get(AgentContract.PIPELINE_CONFIG_KEY);

        // when
        client.configMaps().inNamespace(AGENT_NAMESPACE).withName(objectName("default"))
                .edit(cm -> { cm.getData().put(AgentContract.PIPELINE_CONFIG_KEY, "{\"hand\": \"edited\"}"); return cm; });

        // then
        await().atMost(WAIT).untilAsserted(() -> assertThat(configMap("default").getData().get(AgentContract.PIPELINE_CONFIG_KEY))
                .isEqualTo(rendered));
    }

    @Test
    void reconcilingAnUnchangedPipelineWritesNothing() throws Exception {
        // given
        apply(backend(ns, "victorialogs", "http://victorialogs:9428/insert/opentelemetry/v1/logs"));
        apply(pipeline(ns, "default", "victorialogs"));
        await().atMost(WAIT).until(() -> configMap("default") != null && configHash("default") != null);
        Thread.sleep(2000);
        List<String> versions = List.of(configMap("default").getMetadata().getResourceVersion(),
                AgentFixtures.daemonSet(client).getMetadata().getResourceVersion());

        // when: an event that maps to the pipeline but changes nothing it compiles
        client.resources(LogBackend.class).inNamespace(ns).withName("victorialogs")
                .edit(b -> { b.getMetadata().setLabels(Map.of("team", "observability")); return b; });
        Thread.sleep(3000);

        // then
        assertThat(List.of(configMap("default").getMetadata().getResourceVersion(),
                AgentFixtures.daemonSet(client).getMetadata().getResourceVersion())).isEqualTo(versions);
    }

    @Test
    void aNewPipelineIsCompiledOnce_itsOwnWritesInTheAgentNamespaceReconcileNothing() throws Exception {
        // given: a backend with a header Secret, so the pipeline gets a ConfigMap and a credentials Secret
        backendWithToken("Bearer t");

        // when
        apply(pipeline(ns, "default", "vendor"));
        await().atMost(WAIT).until(() -> configMap("default") != null && credentials("default") != null && configHash("default") != null);
        Thread.sleep(3000);

        // then: JOSDK's first run adds the finalizer, the second compiles; its own ConfigMap, Secret and status writes
        // reconcile nothing (unfiltered, they made it 3)
        assertThat(operator.reconciles.started("LogPipeline", ns, "default")).isEqualTo(2);
    }

    @Test
    void deletedDaemonSetIsRecreated() {
        // given
        apply(backend(ns, "victorialogs", "http://victorialogs:9428/insert/opentelemetry/v1/logs"));
        apply(pipeline(ns, "default", "victorialogs"));
        await().atMost(WAIT).until(() -> AgentFixtures.daemonSet(client) != null);
        String uid = AgentFixtures.daemonSet(client).getMetadata().getUid();

        // when
        client.apps().daemonSets().inNamespace(AGENT_NAMESPACE).withName(AgentContract.DAEMONSET_NAME).delete();

        // then
        await().atMost(WAIT).untilAsserted(() -> assertThat(AgentFixtures.daemonSet(client)).isNotNull()
                .extracting(ds -> ds.getMetadata().getUid()).isNotEqualTo(uid));
    }

    @Test
    void deletedPipelineTakesItsObjectsInTheAgentNamespaceWithIt() {
        // given
        backendWithToken("Bearer t");
        apply(pipeline(ns, "default", "vendor"));
        await().atMost(WAIT).until(() -> configMap("default") != null && credentials("default") != null);

        // when
        client.resources(LogPipeline.class).inNamespace(ns).withName("default").delete();

        // then
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(configMap("default")).isNull();
            assertThat(credentials("default")).isNull();
            assertThat(client.resources(LogPipeline.class).inNamespace(ns).withName("default").get()).isNull();
        });
    }

    /** LogBackend "vendor" whose Authorization header comes from Secret otlp-token, key header. */
    private void backendWithToken(String token) {
        apply(new SecretBuilder().withNewMetadata().withName("otlp-token").withNamespace(ns).endMetadata()
                .addToStringData("header", token).build());
        LogBackend backend = backend(ns, "vendor", "http://otlp.vendor.example/v1/logs");
        backend.getSpec().getOtlp().getHeaders().add(new HeaderSpec("Authorization", null, new SecretValueSource(new KeyRef("otlp-token", "header"))));
        apply(backend);
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

    private String objectName(String pipeline) {
        return AgentContract.pipelineObjectName(ns, pipeline);
    }

    private ConfigMap configMap(String pipeline) {
        return client.configMaps().inNamespace(AGENT_NAMESPACE).withName(objectName(pipeline)).get();
    }

    private CollectorConfig compiled(String pipeline) {
        return parse(configMap(pipeline).getData().get(AgentContract.PIPELINE_CONFIG_KEY));
    }

    private static CollectorConfig parse(String json) {
        try {
            return CollectorConfigJson.parse(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError("the ConfigMap holds no CollectorConfig JSON", e);
        }
    }

    private Secret credentials(String pipeline) {
        return client.secrets().inNamespace(AGENT_NAMESPACE).withName(objectName(pipeline)).get();
    }

    private static String decoded(Secret secret, String key) {
        return new String(java.util.Base64.getDecoder().decode(secret.getData().get(key)), java.nio.charset.StandardCharsets.UTF_8);
    }
}
