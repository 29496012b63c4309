package io.logpipeline.packaging.chart;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logpipeline.packaging.RepositoryFiles;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** values.schema.json turns a wrong value into an install error that names the field. */
class ChartValuesSchemaTest {

  @ParameterizedTest(name = "{0} is rejected naming {1}")
  @CsvSource(delimiter = '|', textBlock = """
      wrong-type-replica-count.yaml            | at '/replicaCount': got string, want integer
      wrong-type-watch-namespaces.yaml         | at '/watchNamespaces': got string, want array
      wrong-type-collector-memory-limit.yaml   | at '/collector/resources/limits/memory'
      wrong-value-log-format.yaml              | at '/logFormat'
      unknown-top-level-key.yaml               | additional properties 'images' not allowed
      existing-service-account-without-name.yaml | serviceAccount.name: set the name of an existing ServiceAccount
      """)
  void invalidValuesFailWithTheFieldInTheMessage(String valuesFile, String expectedMessage)
      throws URISyntaxException {
    // given
    HelmChart chart = new HelmChart(RepositoryFiles.chart());
    Path values = Path.of(getClass().getResource("/chart/" + valuesFile).toURI());

    // when / then
    assertThatThrownBy(() -> chart.template("logpipeline-operator", "monitoring", values))
        .hasMessageContaining(expectedMessage);
  }
}
