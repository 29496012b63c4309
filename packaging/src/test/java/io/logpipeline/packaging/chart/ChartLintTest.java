package io.logpipeline.packaging.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.LintResult;
import io.logpipeline.packaging.RepositoryFiles;
import org.junit.jupiter.api.Test;

/** `helm lint --strict` on the chart, through real Helm. */
class ChartLintTest {

  @Test
  void strictLintPassesWithoutWarnings() {
    // given
    HelmChart chart = new HelmChart(RepositoryFiles.chart());

    // when
    LintResult result = chart.lintStrict();

    // then: strict mode fails on warnings; informational notes (the optional icon) are allowed
    assertThat(result.isFailed()).as("lint messages: %s", result.getMessages()).isFalse();
    assertThat(result.getMessages()).allSatisfy(message -> assertThat(message).startsWith("[INFO]"));
  }
}
