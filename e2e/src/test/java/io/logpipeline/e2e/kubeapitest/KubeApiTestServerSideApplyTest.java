package io.logpipeline.e2e.kubeapitest;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubeapitest.junit.EnableKubeAPIServer;
import io.fabric8.kubeapitest.junit.KubeConfig;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.junit.jupiter.api.Test;

/**
 * Proves the setup the operator's reconciler tests rely on (DESIGN.md §7.2): kube-api-test starts
 * the Debian-built kube-apiserver 1.20.2 offline, and a server-side-apply create works on it.
 */
// kube-api-test binds the API server to every interface unless told otherwise.
@EnableKubeAPIServer(kubeAPIVersion = "1.20.2", apiServerFlags = "--bind-address=127.0.0.1")
class KubeApiTestServerSideApplyTest {

  @KubeConfig
  static String kubeConfigYaml;

  @Test
  void serverSideApplyCreatesAConfigMapThatReadsBack() {
    try (KubernetesClient client = new KubernetesClientBuilder()
        .withConfig(Config.fromKubeconfig(kubeConfigYaml)).build()) {
      // given
      ConfigMap desired = new ConfigMapBuilder()
          .withNewMetadata().withName("ssa-probe").withNamespace("default").endMetadata()
          .addToData("collector.json", "{}")
          .build();

      // when
      client.configMaps().resource(desired).fieldManager("logpipeline-e2e").forceConflicts().serverSideApply();

      // then
      ConfigMap stored = client.configMaps().inNamespace("default").withName("ssa-probe").get();
      assertThat(stored.getData()).containsEntry("collector.json", "{}");
      assertThat(stored.getMetadata().getManagedFields())
          .anySatisfy(field -> {
            assertThat(field.getManager()).isEqualTo("logpipeline-e2e");
            assertThat(field.getOperation()).isEqualTo("Apply");
          });
      assertThat(client.getKubernetesVersion().getGitVersion()).isEqualTo("v1.20.2");
    }
  }
}
