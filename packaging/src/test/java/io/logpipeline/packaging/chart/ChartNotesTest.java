package io.logpipeline.packaging.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipeline.packaging.RepositoryFiles;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** What `helm install` prints: the commands to run next. */
class ChartNotesTest {

  private final HelmChart chart = new HelmChart(RepositoryFiles.chart());

  @Test
  void notesTellTheNextCommandsForAnInstallWatchingEveryNamespace() {
    // given the default values

    // when
    String notes = chart.installNotes("logpipeline-operator", "logpipeline-system", null);

    // then
    assertThat(notes).contains(
        "in every namespace",
        "kubectl rollout status deployment/logpipeline-operator -n logpipeline-system",
        "helm test logpipeline-operator -n logpipeline-system --logs",
        "kubectl create namespace monitoring",
        "DaemonSet logpipeline-collector in logpipeline-system",
        "Pipelines in logpipeline-system, monitoring may read every namespace",
        "kubectl apply -n monitoring -f - <<'YAML'",
        "kind: LogPipeline",
        "kubectl get logpipelines,logbackends -n monitoring",
        "http://logpipeline-operator-metrics.logpipeline-system.svc:8080/metrics");
    // from the chart alone: the example resources come inline, no file of the repository is named
    assertThat(notes).doesNotContain("samples/", ".yaml").doesNotContainPattern("-f (?!-)");
  }

  @Test
  void notesInstalledInAClusterPipelineNamespaceNeitherCreateItNorNameItTwice() {
    // given: the release in monitoring, which is also the default cluster pipeline namespace

    // when
    String notes = chart.installNotes("logpipeline-operator", "monitoring", null);

    // then
    assertThat(notes).contains(
        "Pipelines in monitoring may read every namespace",
        "kubectl apply -n monitoring -f - <<'YAML'");
    assertThat(notes).doesNotContain("kubectl create namespace", "monitoring, monitoring");
  }

  @Test
  void notesNameTheRestrictedNamespacesAndTheFirstClusterPipelineNamespace() throws URISyntaxException {
    // given: watchNamespaces [logging, monitoring], clusterPipelineNamespaces [monitoring, platform-logging],
    // release lp, service port 9090
    Path values = Path.of(getClass().getResource("/chart/non-default-values.yaml").toURI());

    // when
    String notes = chart.installNotes("lp", "observability", values);

    // then
    assertThat(notes).contains(
        "It reconciles LogPipelines and LogBackends in: logging, monitoring.",
        "kubectl rollout status deployment/platform-logs -n observability",
        "helm test lp -n observability --logs",
        "Pipelines in observability, monitoring, platform-logging may read every namespace",
        "kubectl apply -n monitoring -f - <<'YAML'",
        "kubectl get logpipelines,logbackends -n monitoring",
        "registry.example.com/platform/logpipeline-collector:1.2.4",
        ":9090/metrics");
  }
}
