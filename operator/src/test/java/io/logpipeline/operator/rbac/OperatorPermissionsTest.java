package io.logpipeline.operator.rbac;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
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
 * The declared permission list is enough: the operator, impersonating a user that holds exactly
 * {@link OperatorPermissions#all()} and nothing else, renders a pipeline (including a ClusterRole it may only
 * grant because it holds those rights itself), reports status and Events, carries a rotated token into the rendered
 * Secret, and cleans up on delete.
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
        try (KubernetesClient admin = new io.fabric8.kubernetes.client.KubernetesClientBuilder()
                .withConfig(io.fabric8.kubernetes.client.Config.fromKubeconfig(kubeConfigYaml)).build()) {
            admin.rbac().clusterRoles().resource(new ClusterRoleBuilder().withNewMetadata().withName("logpipeline-operator").endMetadata()
                    .withRules(OperatorPermissions.all().stream().map(Permission::toPolicyRule).toList()).build()).create();
            admin.rbac().clusterRoleBindings().resource(new ClusterRoleBindingBuilder().withNewMetadata().withName("logpipeline-operator").endMetadata()
                    .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "logpipeline-operator")
                    .addNewSubject().withKind("User").withApiGroup("rbac.authorization.k8s.io").withName(OPERATOR_USER).endSubject()
                    .build()).create();
        }
        try (RunningOperator operator = RunningOperator.start(kubeConfigYaml, OPERATOR_USER)) {
            KubernetesClient client = operator.client;
            String ns = operator.newNamespace();
            client.resource(new SecretBuilder().withNewMetadata().withName("token").withNamespace(ns).endMetadata()
                    .addToStringData("header", "Bearer t").build()).create();
            LogBackend backend = Manifests.backend(ns, "vendor", "http://otlp.vendor.example/v1/logs");
            backend.getSpec().getOtlp().getHeaders().add(new HeaderSpec("Authorization", null, new SecretValueSource(new KeyRef("token", "header"))));
            client.resource(backend).create();
            LogPipeline pipeline = Manifests.pipeline(ns, "default", "vendor");

            // when
            client.resource(pipeline).create();

            // then
            String rbacName = "logpipeline-" + ns + "-default-collector";
            await().atMost(WAIT).untilAsserted(() -> {
                LogPipeline current = client.resources(LogPipeline.class).inNamespace(ns).withName("default").get();
                assertThat(current.getStatus()).isNotNull();
                assertThat(current.getStatus().getConditions()).extracting(Condition::getType, Condition::getStatus).contains(
                        org.assertj.core.groups.Tuple.tuple("Accepted", "True"), org.assertj.core.groups.Tuple.tuple("BackendsResolved", "True"));
                assertThat(client.apps().daemonSets().inNamespace(ns).withName("default-collector").get()).isNotNull();
                assertThat(client.secrets().inNamespace(ns).withName("default-collector-credentials").get()).isNotNull();
                assertThat(client.rbac().clusterRoles().withName(rbacName).get()).isNotNull();
                assertThat(client.rbac().clusterRoleBindings().withName(rbacName).get()).isNotNull();
                assertThat(client.resources(LogBackend.class).inNamespace(ns).withName("vendor").get().getStatus().getUsedBy()).containsExactly("default");
                assertThat(client.v1().events().inNamespace(ns).list().getItems()).isNotEmpty();
            });

            // when the token is rotated (the rendered Secret changes, which JOSDK writes with a PUT: update)
            client.secrets().inNamespace(ns).withName("token").edit(secret -> new SecretBuilder(secret)
                    .withData(null).withStringData(java.util.Map.of("header", "Bearer rotated")).build());

            // then
            String rotated = java.util.Base64.getEncoder().encodeToString("Bearer rotated".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            await().atMost(WAIT).untilAsserted(() -> assertThat(
                    client.secrets().inNamespace(ns).withName("default-collector-credentials").get().getData()).containsValue(rotated));

            // when
            client.resources(LogPipeline.class).inNamespace(ns).withName("default").delete();

            // then
            await().atMost(WAIT).untilAsserted(() -> {
                assertThat(client.rbac().clusterRoles().withName(rbacName).get()).isNull();
                assertThat(client.resources(LogPipeline.class).inNamespace(ns).withName("default").get()).isNull();
            });
        }
    }
}
