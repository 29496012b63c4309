package io.logpipeline.packaging.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.logpipeline.packaging.RepositoryFiles;
import io.logpipeline.packaging.Yaml;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Chart.yaml as Helm and Artifact Hub show it (https://artifacthub.io/docs/topics/annotations/helm/): the
 * annotations that describe images, CRDs and examples stay equal to what the chart renders, crds/ holds and
 * samples/ shows.
 */
class ChartMetadataTest {

  private final HelmChart chart = new HelmChart(RepositoryFiles.chart());
  private final Map<String, Object> chartYaml = chart.chartYaml();
  @SuppressWarnings("unchecked")
  private final Map<String, String> annotations = (Map<String, String>) chartYaml.get("annotations");

  @Test
  void namesTheProjectItsSourcesItsMaintainersAndAnIconInTheRepository() {
    // given
    String home = (String) chartYaml.get("home");

    // when
    String icon = (String) chartYaml.get("icon");
    String iconPath = icon.substring(icon.indexOf("/main/") + "/main/".length());

    // then
    assertThat(home).startsWith("https://github.com/");
    assertThat(list("sources")).containsExactly(home);
    assertThat(list("maintainers")).isNotEmpty().allSatisfy(maintainer ->
        assertThat(((Map<?, ?>) maintainer).keySet().containsAll(List.of("name", "url"))).as("%s", maintainer).isTrue());
    assertThat(list("keywords")).contains("logging", "opentelemetry", "operator");
    assertThat(icon).startsWith(home.replace("https://github.com/", "https://raw.githubusercontent.com/") + "/main/");
    assertThat(RepositoryFiles.root().resolve(iconPath)).isRegularFile();
  }

  @Test
  void artifactHubAnnotationsUseOnlyDocumentedValues() {
    // given the values Artifact Hub's documentation lists

    // when / then
    assertThat(annotations.get("artifacthub.io/category")).isIn("ai-machine-learning", "database",
        "integration-delivery", "monitoring-logging", "networking", "security", "storage", "streaming-messaging");
    assertThat(annotations.get("artifacthub.io/operator")).isEqualTo("true");
    assertThat(annotations.get("artifacthub.io/operatorCapabilities")).isIn(
        "Basic Install", "Seamless Upgrades", "Full Lifecycle", "Deep Insights", "Auto Pilot");
    // No license is declared until the repository has a LICENSE file: the chart must not claim one.
    assertThat(annotations).doesNotContainKey("artifacthub.io/license");
    assertThat(Yaml.mapList(annotations.get("artifacthub.io/links")))
        .allSatisfy(link -> assertThat((String) link.get("url")).startsWith((String) chartYaml.get("home")))
        .anySatisfy(link -> assertThat(link.get("name")).isEqualTo("support"));
  }

  @Test
  void imagesAreTheOnesTheDefaultValuesRender() {
    // given
    RenderedObjects rendered = new RenderedObjects(Yaml.manifests(chart.template("logpipeline-operator", "monitoring", (Path) null)));
    Container operator = rendered.one(Deployment.class, "logpipeline-operator").getSpec().getTemplate().getSpec().getContainers().get(0);

    // when
    List<Map<String, Object>> images = Yaml.mapList(annotations.get("artifacthub.io/images"));

    // then: the operator and the node agent the operator starts (Artifact Hub scans both)
    assertThat(images).extracting(image -> image.get("image")).containsExactly(
        operator.getImage(), RenderedObjects.env(operator.getEnv()).get("LOGPIPELINE_COLLECTOR_IMAGE"));
  }

  @Test
  void crdsAreTheOnesTheChartInstalls() throws IOException {
    // given
    List<CustomResourceDefinition> crds = chartCrds();

    // when
    List<Map<String, Object>> listed = Yaml.mapList(annotations.get("artifacthub.io/crds"));

    // then: kind, served version and name of every CRD in crds/, each with a description
    assertThat(listed).extracting(crd -> crd.get("kind") + " " + crd.get("version") + " " + crd.get("name"))
        .containsExactlyInAnyOrderElementsOf(crds.stream().map(crd -> crd.getSpec().getNames().getKind() + " "
            + storageVersion(crd) + " " + crd.getMetadata().getName()).toList());
    assertThat(listed).allSatisfy(crd -> assertThat((String) crd.get("description")).isNotBlank());
  }

  @Test
  void crdExamplesAreTheRepositorysSamples() throws IOException {
    // given
    Path samples = RepositoryFiles.root().resolve("samples");

    // when
    List<Map<String, Object>> examples = Yaml.mapList(annotations.get("artifacthub.io/crdsExamples"));

    // then: one example per kind, equal to the sample a user applies (comments aside)
    assertThat(examples).containsExactly(
        Yaml.map(samples.resolve("backends/victorialogs.yaml")), Yaml.map(samples.resolve("logpipeline.yaml")));
    assertThat(examples).extracting(example -> example.get("apiVersion") + "/" + example.get("kind"))
        .containsExactlyInAnyOrderElementsOf(chartCrds().stream().map(crd -> crd.getSpec().getGroup() + "/"
            + storageVersion(crd) + "/" + crd.getSpec().getNames().getKind()).toList());
  }

  @Test
  void aPrereleaseWhileTheApiIsAlphaOrBeta() throws IOException {
    // given
    boolean unstableApi = chartCrds().stream().map(ChartMetadataTest::storageVersion)
        .anyMatch(version -> version.matches("v\\d+(alpha|beta)\\d*"));

    // when
    String prerelease = annotations.get("artifacthub.io/prerelease");

    // then
    assertThat(prerelease).isEqualTo(String.valueOf(unstableApi));
  }

  @SuppressWarnings("unchecked")
  private List<Object> list(String key) {
    return (List<Object>) chartYaml.get(key);
  }

  private static List<CustomResourceDefinition> chartCrds() throws IOException {
    try (Stream<Path> files = Files.list(RepositoryFiles.chart().resolve("crds"))) {
      return files.filter(file -> file.toString().endsWith(".yml")).sorted()
          .map(file -> (CustomResourceDefinition) Yaml.manifests(read(file)).get(0)).toList();
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String storageVersion(CustomResourceDefinition crd) {
    return crd.getSpec().getVersions().stream().filter(CustomResourceDefinitionVersion::getStorage)
        .map(CustomResourceDefinitionVersion::getName).findFirst().orElseThrow();
  }
}
