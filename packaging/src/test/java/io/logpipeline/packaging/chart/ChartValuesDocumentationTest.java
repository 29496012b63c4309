package io.logpipeline.packaging.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipeline.packaging.RepositoryFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** values.yaml is the chart's reference: every value carries a comment. */
class ChartValuesDocumentationTest {

  @Test
  void everyValueHasACommentRightAboveIt() throws IOException {
    // given
    List<String> lines = Files.readAllLines(RepositoryFiles.chart().resolve("values.yaml"));

    // when: key lines (not list items, not comments) whose previous line is not a comment
    List<String> undocumented = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).trim();
      boolean key = !line.isEmpty() && !line.startsWith("#") && !line.startsWith("- ") && line.contains(":");
      if (key && (i == 0 || !lines.get(i - 1).trim().startsWith("#"))) {
        undocumented.add((i + 1) + ": " + line);
      }
    }

    // then
    assertThat(undocumented).isEmpty();
  }
}
