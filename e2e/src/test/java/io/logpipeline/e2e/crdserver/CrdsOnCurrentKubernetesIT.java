package io.logpipeline.e2e.crdserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * A Kubernetes 1.36 API server accepts both CRDs as we ship them (crds/ and the chart's copies),
 * which includes the estimated cost of every CEL rule, and stores every sample custom resource.
 */
@ExtendWith(CrdServerExtension.class)
class CrdsOnCurrentKubernetesIT {

  static final List<String> CRD_DIRECTORIES = ProjectCrds.DIRECTORIES;

  @ParameterizedTest
  @FieldSource("CRD_DIRECTORIES")
  void theShippedCrdsAreAcceptedAndEstablished(String directory, CrdServer server) {
    // given
    KubernetesClient client = server.client();
    List<CustomResourceDefinition> crds = ProjectCrds.load(directory);

    // when
    ProjectCrds.install(client, crds);

    // then
    assertThat(crds).extracting(crd -> crd.getMetadata().getName())
        .containsExactlyInAnyOrder("logbackends.logpipeline.io", "logpipelines.logpipeline.io")
        .allMatch(name -> ProjectCrds.established(client, name));
    ProjectCrds.uninstall(client, crds);
  }

  @Test
  void everySampleCustomResourceIsStored(CrdServer server) throws IOException {
    // given
    KubernetesClient client = server.client();
    List<CustomResourceDefinition> crds = ProjectCrds.load("crds");
    ProjectCrds.install(client, crds);
    List<HasMetadata> samples = sampleCustomResources(client);

    // when
    List<HasMetadata> stored = samples.stream()
        .map(sample -> client.resource(sample).inNamespace("samples").create())
        .toList();

    // then
    assertThat(samples).extracting(HasMetadata::getKind).contains("LogPipeline", "LogBackend");
    assertThat(stored).allSatisfy(resource -> assertThat(resource.getMetadata().getUid()).isNotBlank());
    assertThat(stored).extracting(resource -> resource.getKind() + "/" + resource.getMetadata().getName())
        .containsExactlyElementsOf(samples.stream().map(sample -> sample.getKind() + "/" + sample.getMetadata().getName()).toList());
    ProjectCrds.uninstall(client, crds);
  }

  /** Every document of every YAML file under samples/ whose API group is ours (the Secrets are core API). */
  private static List<HasMetadata> sampleCustomResources(KubernetesClient client) throws IOException {
    List<HasMetadata> resources = new ArrayList<>();
    try (Stream<Path> files = Files.walk(ProjectCrds.projectDir().resolve("samples"))) {
      for (Path file : files.filter(path -> path.toString().endsWith(".yaml")).sorted().toList()) {
        try (InputStream in = Files.newInputStream(file)) {
          client.load(in).items().stream()
              .filter(resource -> resource.getApiVersion().startsWith("logpipeline.io/"))
              .forEach(resources::add);
        }
      }
    }
    return resources;
  }
}
