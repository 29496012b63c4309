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
      wrong-type-collector-image.yaml          | at '/collector/image': got string, want object
      wrong-type-collector-tolerations.yaml    | at '/collector/tolerations': got object, want array
      wrong-key-collector-toleration.yaml      | at '/collector/tolerations/0': additional properties 'efect' not allowed
      wrong-type-collector-node-selector.yaml  | at '/collector/nodeSelector/zone': got number, want string
      wrong-type-collector-priority-class.yaml | at '/collector/priorityClassName': got number, want string
      wrong-value-collector-log-level.yaml     | at '/collector/logLevel'
      wrong-type-collector-debug-tail.yaml     | at '/collector/debugTail': got string, want boolean
      wrong-value-collector-cpu-request.yaml   | at '/collector/resources/requests/cpu'
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
