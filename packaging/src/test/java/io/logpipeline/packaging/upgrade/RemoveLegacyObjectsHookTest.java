package io.logpipeline.packaging.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import io.fabric8.kubeapitest.junit.EnableKubeAPIServer;
import io.fabric8.kubeapitest.junit.KubeConfig;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.logpipeline.packaging.RepositoryFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `helm upgrade` removes what the per-pipeline versions rendered and nothing else. Real Helm installs and upgrades
 * the chart on a real kube-apiserver holding legacy objects beside the node agent's own; there is no kubelet, so
 * {@link HookJobRunner} plays one: when the hook's Job appears it runs the real collector jar with the Job's
 * arguments as the Job's ServiceAccount (impersonated, so the hook's ClusterRole is proven to be enough) and
 * writes the Job's outcome, which Helm waits for.
 */
@EnableKubeAPIServer(kubeAPIVersion = "1.20.2")
class RemoveLegacyObjectsHookTest {

  private static final String RELEASE_NAMESPACE = "logpipeline-system";
  private static final String RELEASE = "logpipeline-operator";
  private static final String HOOK_NAME = RELEASE + "-remove-legacy";
  private static final Map<String, String> LEGACY_LABELS = Map.of(
      "app.kubernetes.io/managed-by", "logpipeline-operator",
      "logpipeline.io/pipeline", "storefront",
      "logpipeline.io/pipeline-namespace", "shop");

  @KubeConfig
  static String kubeConfigYaml;

  static KubernetesClient admin;

  @TempDir
  static Path temp;

  @BeforeAll
  static void connect() {
    admin = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeConfigYaml)).build();
    for (String namespace : List.of(RELEASE_NAMESPACE, "shop")) {
      admin.resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build()).create();
    }
  }

  @AfterAll
  static void disconnect() {
    admin.close();
  }

  @Test
  void helmUpgradeDeletesEveryLegacyObjectAsTheHooksServiceAccountAndLeavesTheAgentsObjects() throws Exception {
    // given a release upgraded from a per-pipeline version
    helm().install().withName(RELEASE).withNamespace(RELEASE_NAMESPACE).withKubeConfigContents(kubeConfigYaml).call();
    createLegacyObjects();
    createObjectsThatMustStay();
    HookJobRunner.Run dryRun = HookJobRunner.runJar(kubeConfigYaml, temp, null, List.of("remove-legacy-objects", "--dry-run"));
    assertThat(dryRun.output()).contains("remove-legacy-objects: would delete DaemonSet shop/logpipeline-collector-storefront",
        "remove-legacy-objects: would delete 6 object(s) of the per-pipeline collectors");
    assertThat(admin.apps().daemonSets().inNamespace("shop").withName("logpipeline-collector-storefront").get()).isNotNull();

    // when
    try (HookJobRunner runner = HookJobRunner.start(admin, RELEASE_NAMESPACE, kubeConfigYaml, temp)) {
      helm().upgrade().withName(RELEASE).withNamespace(RELEASE_NAMESPACE).withKubeConfigContents(kubeConfigYaml)
          .withTimeout(120).call();

      // then the hook ran once, as its own ServiceAccount, with the chart's arguments
      HookJobRunner.Run run = runner.onlyRun();
      assertThat(run.job().getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
          .isEqualTo("ghcr.io/logpipeline/logpipeline-collector:" + RepositoryFiles.releaseVersion());
      assertThat(run.serviceAccount()).isEqualTo(HOOK_NAME);
      assertThat(run.exitCode()).as(run.output()).isZero();
      assertThat(run.output()).contains(
          "remove-legacy-objects: deleted DaemonSet shop/logpipeline-collector-storefront",
          "remove-legacy-objects: deleted ConfigMap shop/logpipeline-collector-storefront",
          "remove-legacy-objects: deleted Secret shop/logpipeline-collector-storefront",
          "remove-legacy-objects: deleted ServiceAccount shop/logpipeline-collector-storefront",
          "remove-legacy-objects: deleted ClusterRoleBinding logpipeline-collector-shop-storefront",
          "remove-legacy-objects: deleted ClusterRole logpipeline-collector-shop-storefront",
          "remove-legacy-objects: deleted 6 object(s) of the per-pipeline collectors");
    }
    assertThat(admin.apps().daemonSets().inNamespace("shop").list().getItems()).isEmpty();
    assertThat(admin.secrets().inNamespace("shop").withName("logpipeline-collector-storefront").get()).isNull();
    assertThat(admin.rbac().clusterRoles().withName("logpipeline-collector-shop-storefront").get()).isNull();
    assertThat(admin.configMaps().inNamespace(RELEASE_NAMESPACE).withName("lp.shop.storefront").get())
        .as("the node agent's own ConfigMap").isNotNull();
    assertThat(admin.configMaps().inNamespace("shop").withName("someone-elses").get())
        .as("a ConfigMap with the pipeline label that another tool manages").isNotNull();
    // and the hook's rights are gone with it (hook-delete-policy hook-succeeded)
    assertThat(admin.rbac().clusterRoles().withName(HOOK_NAME).get()).isNull();
    assertThat(admin.rbac().clusterRoleBindings().withName(HOOK_NAME).get()).isNull();
    assertThat(admin.serviceAccounts().inNamespace(RELEASE_NAMESPACE).withName(HOOK_NAME).get()).isNull();
    assertThat(admin.batch().v1().jobs().inNamespace(RELEASE_NAMESPACE).withName(HOOK_NAME).get()).isNull();

    // when the next upgrade finds nothing left
    try (HookJobRunner runner = HookJobRunner.start(admin, RELEASE_NAMESPACE, kubeConfigYaml, temp)) {
      helm().upgrade().withName(RELEASE).withNamespace(RELEASE_NAMESPACE).withKubeConfigContents(kubeConfigYaml)
          .withTimeout(120).call();

      // then
      assertThat(runner.onlyRun().output()).contains(
          "deleted 0 object(s) of the per-pipeline collectors (none left; nothing to do)");
    }

    // when the hook is turned off
    createLegacyObjects();
    Path values = temp.resolve("no-hook.yaml");
    Files.writeString(values, "upgrade:\n  removeLegacyObjects: false\n");
    try (HookJobRunner runner = HookJobRunner.start(admin, RELEASE_NAMESPACE, kubeConfigYaml, temp)) {
      helm().upgrade().withName(RELEASE).withNamespace(RELEASE_NAMESPACE).withKubeConfigContents(kubeConfigYaml)
          .withValuesFile(values).withTimeout(120).call();

      // then no Job ran and the legacy objects stay
      assertThat(runner.runs()).isEmpty();
      assertThat(admin.apps().daemonSets().inNamespace("shop").withName("logpipeline-collector-storefront").get()).isNotNull();
    }
  }

  @Test
  void withoutTheHooksRightsItSaysWhichItNeedsAndFails() throws Exception {
    HookJobRunner.Run run = HookJobRunner.runJar(kubeConfigYaml, temp,
        "system:serviceaccount:" + RELEASE_NAMESPACE + ":default", List.of("remove-legacy-objects"));

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.output())
        .contains("remove-legacy-objects: forbidden:")
        .contains("needs list and delete on daemonsets, configmaps, secrets and serviceaccounts cluster-wide")
        .doesNotContain("Exception");
  }

  private static Helm helm() {
    return new Helm(RepositoryFiles.chart());
  }

  private static void createLegacyObjects() {
    String name = "logpipeline-collector-storefront";
    admin.resource(new DaemonSetBuilder().withNewMetadata().withName(name).withNamespace("shop").withLabels(LEGACY_LABELS).endMetadata()
        .withNewSpec().withNewSelector().addToMatchLabels("app", name).endSelector()
        .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
        .withNewSpec().addNewContainer().withName("collector").withImage("ghcr.io/logpipeline/logpipeline-collector:0.0.9").endContainer().endSpec()
        .endTemplate().endSpec().build()).create();
    admin.resource(new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace("shop").withLabels(LEGACY_LABELS).endMetadata()
        .addToData("config.json", "{}").build()).create();
    admin.resource(new SecretBuilder().withNewMetadata().withName(name).withNamespace("shop").withLabels(LEGACY_LABELS).endMetadata()
        .addToStringData("token", "t").build()).create();
    admin.resource(new ServiceAccountBuilder().withNewMetadata().withName(name).withNamespace("shop").withLabels(LEGACY_LABELS).endMetadata()
        .build()).create();
    admin.resource(new ClusterRoleBuilder().withNewMetadata().withName("logpipeline-collector-shop-storefront").withLabels(LEGACY_LABELS).endMetadata()
        .addNewRule().withApiGroups("").withResources("pods").withVerbs("get").endRule().build()).create();
    admin.resource(new ClusterRoleBindingBuilder().withNewMetadata().withName("logpipeline-collector-shop-storefront").withLabels(LEGACY_LABELS).endMetadata()
        .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "logpipeline-collector-shop-storefront")
        .addNewSubject().withKind("ServiceAccount").withName(name).withNamespace("shop").endSubject().build()).create();
  }

  private static void createObjectsThatMustStay() {
    admin.resource(new ConfigMapBuilder().withNewMetadata().withName("lp.shop.storefront").withNamespace(RELEASE_NAMESPACE)
        .withLabels(Map.of("app.kubernetes.io/managed-by", "logpipeline-operator", "logpipeline.io/role", "pipeline-config",
            "logpipeline.io/pipeline-namespace", "shop"))
        .withAnnotations(Map.of("logpipeline.io/pipeline", "shop/storefront")).endMetadata()
        .addToData("pipeline.json", "{}").build()).create();
    admin.resource(new ConfigMapBuilder().withNewMetadata().withName("someone-elses").withNamespace("shop")
        .withLabels(Map.of("logpipeline.io/pipeline", "storefront")).endMetadata().build()).create();
  }
}
