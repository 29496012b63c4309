package io.logpipeline.packaging.chart;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import io.logpipeline.packaging.Yaml;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/** The chart on disk, linted and rendered by real Helm through helm-java. */
final class HelmChart {

  private final Path directory;

  HelmChart(Path directory) {
    this.directory = directory;
  }

  LintResult lintStrict() {
    return new Helm(directory).lint().strict().call();
  }

  /**
   * `helm lint --strict -f valuesFile`. helm-java's lint takes no values file, so this lints a copy of the
   * chart (in {@code workDirectory}) whose values.yaml is the chart's, with the file merged over it as Helm
   * merges `-f`.
   */
  LintResult lintStrict(Path valuesFile, Path workDirectory) {
    Path copy = workDirectory.resolve(directory.getFileName());
    copyTree(directory, copy);
    Map<String, Object> values = merged(Yaml.map(directory.resolve("values.yaml")), Yaml.map(valuesFile));
    write(copy.resolve("values.yaml"), Yaml.yaml(values));
    return new HelmChart(copy).lintStrict();
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

  /** `helm template <release> -n <namespace> --set key=value ...` as YAML text. */
  String templateWith(String release, String namespace, Map<String, String> set) {
    TemplateCommand command = new Helm(directory).template().withName(release).withNamespace(namespace);
    for (Map.Entry<String, String> value : set.entrySet()) {
      command = command.set(value.getKey(), value.getValue());
    }
    return command.call();
  }

  /** The NOTES.txt Helm prints after `helm install`, from a client-only dry run (no cluster). */
  String installNotes(String release, String namespace, Path valuesFile) {
    return installNotes(release, namespace, valuesFile, Map.of());
  }

  /** The same with `--set key=value ...`. */
  String installNotes(String release, String namespace, Path valuesFile, Map<String, String> set) {
    InstallCommand command = new Helm(directory).install().withName(release).withNamespace(namespace)
        .clientOnly().dryRun();
    if (valuesFile != null) {
      command = command.withValuesFile(valuesFile);
    }
    for (Map.Entry<String, String> value : set.entrySet()) {
      command = command.set(value.getKey(), value.getValue());
    }
    String output = command.call().getOutput();
    return output.substring(output.indexOf("NOTES:"));
  }

  /** Chart.yaml as a map, for appVersion. */
  Map<String, Object> chartYaml() {
    return Yaml.map(directory.resolve("Chart.yaml"));
  }

  /** Helm's merge of a values file over the defaults: maps merge key by key, anything else replaces. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> merged(Map<String, Object> defaults, Map<String, Object> overrides) {
    Map<String, Object> result = new LinkedHashMap<>(defaults);
    overrides.forEach((key, value) -> {
      Object current = result.get(key);
      result.put(key, current instanceof Map<?, ?> base && value instanceof Map<?, ?> override
          ? merged((Map<String, Object>) base, (Map<String, Object>) override) : value);
    });
    return result;
  }

  private static void copyTree(Path from, Path to) {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : files.toList()) {
        Path target = to.resolve(from.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.copy(file, target);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void write(Path file, String text) {
    try {
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
