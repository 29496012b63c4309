package io.logpipeline.packaging.chart;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import io.logpipeline.packaging.Yaml;
import java.nio.file.Path;
import java.util.Map;

/** The chart on disk, linted and rendered by real Helm through helm-java. */
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

  /** The NOTES.txt Helm prints after `helm install`, from a client-only dry run (no cluster). */
  String installNotes(String release, String namespace, Path valuesFile) {
    InstallCommand command = new Helm(directory).install().withName(release).withNamespace(namespace)
        .clientOnly().dryRun();
    if (valuesFile != null) {
      command = command.withValuesFile(valuesFile);
    }
    String output = command.call().getOutput();
    return output.substring(output.indexOf("NOTES:"));
  }

  /** Chart.yaml as a map, for appVersion. */
  Map<String, Object> chartYaml() {
    return Yaml.map(directory.resolve("Chart.yaml"));
  }
}
