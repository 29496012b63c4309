package io.logpipeline.packaging.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.LintResult;
import io.logpipeline.packaging.RepositoryFiles;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `helm lint --strict` on the chart, through real Helm: not a single message, with the defaults or with every option set. */
class ChartLintTest {

  private final HelmChart chart = new HelmChart(RepositoryFiles.chart());

  @Test
  void strictLintPrintsNothingWithTheDefaultValues() {
    // given the chart's own values.yaml

    // when
    LintResult result = chart.lintStrict();

    // then: no error, no warning, not even an informational note (icon, Chart.yaml fields)
    assertNoMessage(result);
  }

  @Test
  void strictLintPrintsNothingWithEveryOptionSet(@TempDir Path work) throws URISyntaxException {
    // given: every value moved off its default (PodMonitor, ServiceMonitor, PodDisruptionBudget, overrides, ...)
    Path values = resource("non-default-values.yaml");

    // when / then
    assertNoMessage(chart.lintStrict(values, work));
  }

  private static void assertNoMessage(LintResult result) {
    assertThat(result.isFailed()).as("lint messages: %s", result.getMessages()).isFalse();
    assertThat(result.getMessages()).isEmpty();
  }

  @Test
  void strictLintFailsOnAValueOfTheWrongTypeNamingIt(@TempDir Path work) throws URISyntaxException {
    // given: collector.debugTail: "yes" (a string where the schema wants a boolean)
    Path values = resource("wrong-type-collector-debug-tail.yaml");

    // when
    LintResult result = chart.lintStrict(values, work);

    // then
    assertThat(result.isFailed()).isTrue();
    assertThat(String.join("\n", result.getMessages())).contains("at '/collector/debugTail': got string, want boolean");
  }

  private Path resource(String name) throws URISyntaxException {
    return Path.of(getClass().getResource("/chart/" + name).toURI());
  }
}
