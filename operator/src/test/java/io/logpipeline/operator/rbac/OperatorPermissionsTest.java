package io.logpipeline.operator.rbac;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.logpipeline.api.agent.AgentContract;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubeapitest.junit.EnableKubeAPIServer;
import io.fabric8.kubeapitest.junit.KubeConfig;
import io.logpipeline.api.v1alpha1.HeaderSpec;
import io.logpipeline.api.v1alpha1.KeyRef;
import io.logpipeline.api.v1alpha1.LogBackend;
import io.logpipeline.api.v1alpha1.LogPipeline;
import io.logpipeline.api.v1alpha1.SecretValueSource;
import io.logpipeline.operator.Manifests;
import io.logpipeline.operator.RunningOperator;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The declared permission lists are enough: the operator, impersonating a user that holds exactly
 * {@link OperatorPermissions#cluster()} cluster-wide and {@link OperatorPermissions#AGENT_NAMESPACE} in the agent
 * namespace, and nothing else, compiles a pipeline into the agent namespace, writes the agent DaemonSet, reports
 * status and Events, carries a rotated token into the pipeline's Secret, and cleans up on delete.
 */
@EnableKubeAPIServer(kubeAPIVersion = "1.20.2")
class OperatorPermissionsTest {

    private static final String OPERATOR_USER = "system:serviceaccount:logpipeline-system:logpipeline-operator";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @KubeConfig
    static String kubeConfigYaml;

    @Test
    void operatorWorksWithExactlyTheDeclaredPermissions() throws Exception {
        // given
        grant(OPERATOR_USER, OperatorPermissions.cluster(), OperatorPermissions.AGENT_NAMESPACE);
        try (RunningOperator operator = RunningOperator.start(kubeConfigYaml, OPERATOR_USER)) {
            KubernetesClient client = operator.client;
            String ns = operator.newNamespace();
            client.resource(new SecretBuilder().withNewMetadata().withName("token").withNamespace(ns).endMetadata()
                    .addToStringData("header", "Bearer t").build()).create();
            LogBackend backend = Manifests.backend(ns, "vendor", "http://otlp.vendor.example/v1/logs");
            backend.getSpec().getOtlp().getHeaders().add(new HeaderSpec("Authorization", null, new SecretValueSource(new KeyRef("token", "header"))));
            client.resource(backend).create();
            LogPipeline pipeline = Manifests.pipeline(ns, "default", "vendor");
            String objectName = AgentContract.pipelineObjectName(ns, "default");

            // when
            client.resource(pipeline).create();

            // then
            await().atMost(WAIT).untilAsserted(() -> {
                LogPipeline current = client.resources(LogPipeline.class).inNamespace(ns).withName("default").get();
                assertThat(current.getStatus()).isNotNull();
                assertThat(current.getStatus().getConditions()).extracting(Condition::getType, Condition::getStatus).contains(
                        org.assertj.core.groups.Tuple.tuple("Accepted", "True"), org.assertj.core.groups.Tuple.tuple("BackendsResolved", "True"));
                assertThat(client.apps().daemonSets().inNamespace(RunningOperator.AGENT_NAMESPACE).withName(AgentContract.DAEMONSET_NAME).get()).isNotNull();
                assertThat(client.configMaps().inNamespace(RunningOperator.AGENT_NAMESPACE).withName(objectName).get()).isNotNull();
                assertThat(client.secrets().inNamespace(RunningOperator.AGENT_NAMESPACE).withName(objectName).get()).isNotNull();
                assertThat(client.resources(LogBackend.class).inNamespace(ns).withName("vendor").get().getStatus().getUsedBy()).containsExactly("default");
                assertThat(client.v1().events().inNamespace(ns).list().getItems()).isNotEmpty();
            });

            // when the token is rotated
            client.secrets().inNamespace(ns).withName("token").edit(secret -> new SecretBuilder(secret)
                    .withData(null).withStringData(java.util.Map.of("header", "Bearer rotated")).build());

            // then
            String rotated = java.util.Base64.getEncoder().encodeToString("Bearer rotated".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            await().atMost(WAIT).untilAsserted(() -> assertThat(
                    client.secrets().inNamespace(RunningOperator.AGENT_NAMESPACE).withName(objectName).get().getData()).containsValue(rotated));

            // when the last pipeline goes
            client.resources(LogPipeline.class).inNamespace(ns).withName("default").delete();

            // then
            await().atMost(WAIT).untilAsserted(() -> {
                assertThat(client.resources(LogPipeline.class).inNamespace(ns).withName("default").get()).isNull();
                assertThat(client.configMaps().inNamespace(RunningOperator.AGENT_NAMESPACE).withName(objectName).get()).isNull();
                assertThat(client.secrets().inNamespace(RunningOperator.AGENT_NAMESPACE).withName(objectName).get()).isNull();
                assertThat(client.apps().daemonSets().inNamespace(RunningOperator.AGENT_NAMESPACE).withName(AgentContract.DAEMONSET_NAME).get())
                        .as("no LogPipeline left: no agent").isNull();
            });
        }
    }

    @Test
    void aReconcileThatFailsShowsReadyUnknownWithTheError() throws Exception {
        // given: an operator that may read the agent namespace but not write there
        String user = "system:serviceaccount:logpipeline-system:read-only-operator";
        grant(user, OperatorPermissions.cluster(), OperatorPermissions.AGENT_NAMESPACE.stream()
                .map(p -> new Permission(p.apiGroup(), p.resource(), Permission.READ)).toList());
        try (RunningOperator operator = RunningOperator.start(kubeConfigYaml, user)) {
            KubernetesClient client = operator.client;
            String ns = operator.newNamespace();
            client.resource(Manifests.backend(ns, "victorialogs", "http://victorialogs:9428/insert/opentelemetry/v1/logs")).create();

            // when
            client.resource(Manifests.pipeline(ns, "default", "victorialogs")).create();

            // then
            await().atMost(WAIT).untilAsserted(() -> {
                LogPipeline current = client.resources(LogPipeline.class).inNamespace(ns).withName("default").get();
                assertThat(current.getStatus()).isNotNull();
                Condition ready = current.getStatus().getConditions().stream().filter(c -> c.getType().equals("Ready")).findFirst().orElseThrow();
                assertThat(ready.getStatus()).isEqualTo("Unknown");
                assertThat(ready.getReason()).isEqualTo("ReconcileFailed");
                assertThat(ready.getMessage()).startsWith("The operator could not reconcile this LogPipeline and retries: ").contains("Forbidden");
            });
        }
    }

    @Test
    void theOperatorHoldsNoRbacVerbAndWritesOnlyInTheAgentNamespace() {
        // then
        assertThat(OperatorPermissions.cluster()).extracting(Permission::apiGroup).doesNotContain("rbac.authorization.k8s.io");
        assertThat(OperatorPermissions.cluster()).filteredOn(p -> !p.resource().equals("events")).flatExtracting(Permission::verbs)
                .as("cluster-wide the operator creates Events only").doesNotContain("create", "update", "delete", "bind", "escalate", "impersonate");
        assertThat(OperatorPermissions.cluster()).filteredOn(p -> p.verbs().contains("patch")).extracting(Permission::resource)
                .containsExactlyInAnyOrder("logpipelines", "logpipelines/status", "logbackends/status");
    }

    /** Binds {@code user} to exactly these rules: cluster-wide, and in the agent namespace. */
    private static void grant(String user, java.util.List<Permission> cluster, java.util.List<Permission> agentNamespace) {
        String name = user.substring(user.lastIndexOf(':') + 1);
        try (KubernetesClient admin = new io.fabric8.kubernetes.client.KubernetesClientBuilder()
                .withConfig(io.fabric8.kubernetes.client.Config.fromKubeconfig(kubeConfigYaml)).build()) {
            admin.rbac().clusterRoles().resource(new ClusterRoleBuilder().withNewMetadata().withName(name).endMetadata()
                    .withRules(cluster.stream().map(Permission::toPolicyRule).toList()).build()).create();
            admin.rbac().clusterRoleBindings().resource(new ClusterRoleBindingBuilder().withNewMetadata().withName(name).endMetadata()
                    .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", name)
                    .addNewSubject().withKind("User").withApiGroup("rbac.authorization.k8s.io").withName(user).endSubject()
                    .build()).create();
            if (admin.namespaces().withName(RunningOperator.AGENT_NAMESPACE).get() == null) {
                admin.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata()
                        .withName(RunningOperator.AGENT_NAMESPACE).endMetadata().build()).create();
            }
            admin.rbac().roles().resource(new RoleBuilder().withNewMetadata().withName(name)
                    .withNamespace(RunningOperator.AGENT_NAMESPACE).endMetadata()
                    .withRules(agentNamespace.stream().map(Permission::toPolicyRule).toList()).build()).create();
            admin.rbac().roleBindings().resource(new RoleBindingBuilder().withNewMetadata().withName(name)
                    .withNamespace(RunningOperator.AGENT_NAMESPACE).endMetadata()
                    .withNewRoleRef("rbac.authorization.k8s.io", "Role", name)
                    .addNewSubject().withKind("User").withApiGroup("rbac.authorization.k8s.io").withName(user).endSubject()
                    .build()).create();
        }
    }
}
