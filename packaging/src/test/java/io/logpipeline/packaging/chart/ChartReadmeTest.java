package io.logpipeline.packaging.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipeline.packaging.RepositoryFiles;
import io.logpipeline.packaging.Yaml;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The chart's README documents every top-level value the chart accepts. */
class ChartReadmeTest {

  @Test
  void valuesTableNamesEveryTopLevelValue() throws IOException {
    // given
    Map<String, Object> values = Yaml.map(RepositoryFiles.chart().resolve("values.yaml"));
    String readme = Files.readString(RepositoryFiles.chart().resolve("README.md"));

    // when
    String table = readme.substring(readme.indexOf("| Value |"), readme.indexOf("\n\n", readme.indexOf("| Value |")));

    // then
    assertThat(values.keySet()).allSatisfy(key -> assertThat(table).containsAnyOf("`" + key + "`", "`" + key + "."));
  }
}
