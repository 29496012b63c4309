package io.logpipeline.e2e.crdserver;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/** The project's CRD files (crds/ and the chart's copies) and installing them on a server. */
final class ProjectCrds {

  /** The directories that ship the CRDs, relative to the project root. */
  static final List<String> DIRECTORIES = List.of("crds", "helm/logpipeline-operator/crds");

  private ProjectCrds() {
  }

  static Path projectDir() {
    return Path.of(System.getProperty("logpipeline.project.dir", "..")).toAbsolutePath().normalize();
  }

  /** Every CRD file in {@code directory} (relative to the project root), parsed. */
  static List<CustomResourceDefinition> load(String directory) {
    try (Stream<Path> files = Files.list(projectDir().resolve(directory))) {
      return files.filter(file -> file.toString().endsWith(".yml") || file.toString().endsWith(".yaml")).sorted()
          .map(ProjectCrds::read).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static CustomResourceDefinition read(Path file) {
    try {
      return Serialization.unmarshal(Files.readString(file), CustomResourceDefinition.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Creates the CRDs and waits until the server reports each one Established. */
  static void install(KubernetesClient client, List<CustomResourceDefinition> crds) {
    crds.forEach(crd -> client.apiextensions().v1().customResourceDefinitions().resource(crd).create());
    crds.forEach(crd -> await().atMost(Duration.ofSeconds(30)).until(() -> established(client, crd.getMetadata().getName())));
  }

  /** Deletes the CRDs (and so their resources) and waits until they are gone. */
  static void uninstall(KubernetesClient client, List<CustomResourceDefinition> crds) {
    crds.forEach(crd -> client.apiextensions().v1().customResourceDefinitions().withName(crd.getMetadata().getName()).delete());
    crds.forEach(crd -> await().atMost(Duration.ofSeconds(30)).until(
        () -> client.apiextensions().v1().customResourceDefinitions().withName(crd.getMetadata().getName()).get() == null));
  }

  static boolean established(KubernetesClient client, String name) {
    CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions().withName(name).get();
    return crd != null && crd.getStatus() != null && crd.getStatus().getConditions().stream()
        .anyMatch(condition -> "Established".equals(condition.getType()) && "True".equals(condition.getStatus()));
  }
}
