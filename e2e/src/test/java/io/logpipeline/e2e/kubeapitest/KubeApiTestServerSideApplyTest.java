package io.logpipeline.e2e.kubeapitest;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubeapitest.junit.EnableKubeAPIServer;
import io.fabric8.kubeapitest.junit.KubeConfig;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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

  /** Guards the testbed build: an apiserver with the unfixed vendored reflect2 dies on this (install-testbed.sh). */
  @Test
  void serverSideApplyCreatesACustomResourceThatReadsBack() throws Exception {
    try (KubernetesClient client = new KubernetesClientBuilder()
        .withConfig(Config.fromKubeconfig(kubeConfigYaml)).build()) {
      // given
      client.apiextensions().v1().customResourceDefinitions().resource(Serialization.unmarshal("""
          apiVersion: apiextensions.k8s.io/v1
          kind: CustomResourceDefinition
          metadata:
            name: widgets.example.io
          spec:
            group: example.io
            names: {kind: Widget, plural: widgets, singular: widget}
            scope: Namespaced
            versions:
            - name: v1
              served: true
              storage: true
              schema:
                openAPIV3Schema:
                  type: object
                  properties:
                    spec:
                      type: object
                      properties:
                        size: {type: integer}
          """, CustomResourceDefinition.class)).create();
      client.apiextensions().v1().customResourceDefinitions().withName("widgets.example.io")
          .waitUntilCondition(crd -> crd.getStatus() != null && crd.getStatus().getConditions().stream()
              .anyMatch(condition -> condition.getType().equals("Established") && condition.getStatus().equals("True")),
              30, TimeUnit.SECONDS);
      GenericKubernetesResource widget = new GenericKubernetesResourceBuilder()
          .withApiVersion("example.io/v1").withKind("Widget")
          .withNewMetadata().withName("w").withNamespace("default").endMetadata()
          .addToAdditionalProperties("spec", Map.of("size", 3))
          .build();

      // when
      client.genericKubernetesResources("example.io/v1", "Widget").resource(widget)
          .fieldManager("logpipeline-e2e").forceConflicts().serverSideApply();

      // then
      GenericKubernetesResource stored = client.genericKubernetesResources("example.io/v1", "Widget")
          .inNamespace("default").withName("w").get();
      assertThat(stored.<Integer>get("spec", "size")).isEqualTo(3);
    }
  }
}
