package io.logpipeline.packaging.chart;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The chart on disk, linted and rendered by real Helm (helm-java), output parsed with fabric8. */
final class HelmChart {

  private final Path directory;

  HelmChart(Path directory) {
    this.directory = directory;
  }

  LintResult lintStrict() {
    return new Helm(directory).lint().strict().call();
  }

  /** `helm template <release> -n <namespace> [-f valuesFile]` as YAML text. */
  String template(String release, String namespace, Path valuesFile) {
    return template(release, namespace, valuesFile, null);
  }

  /** The same with `--kube-version`, as Argo CD passes the cluster's version. */
  String template(String release, String namespace, Path valuesFile, String kubeVersion) {
    TemplateCommand command = new Helm(directory).template().withName(release).withNamespace(namespace);
    if (valuesFile != null) {
      command = command.withValuesFile(valuesFile);
    }
    if (kubeVersion != null) {
      command = command.withKubeVersion(kubeVersion);
    }
    return command.call();
  }

  /** Parses every rendered document; kinds the model lacks come back as GenericKubernetesResource. */
  static List<HasMetadata> parse(String manifests) {
    Object parsed = Serialization.unmarshal(manifests);
    if (parsed instanceof List<?> list) {
      return list.stream().map(HasMetadata.class::cast).toList();
    }
    return List.of((HasMetadata) parsed);
  }

  /** Chart.yaml as a map, for appVersion. */
  @SuppressWarnings("unchecked")
  Map<String, Object> chartYaml() {
    try {
      return Serialization.yamlMapper().readValue(directory.resolve("Chart.yaml").toFile(), Map.class);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
