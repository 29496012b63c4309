package io.logpipeline.packaging.argocd;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipeline.packaging.RepositoryFiles;
import io.logpipeline.packaging.Yaml;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The argocd-cm snippet in the chart's README carries exactly the tested health.lua. */
class ReadmeSnippetTest {

  @Test
  @SuppressWarnings("unchecked")
  void argocdConfigMapSnippetHoldsTheScriptForBothKinds() throws IOException {
    // given
    String readme = Files.readString(RepositoryFiles.chart().resolve("README.md"));
    String script = Files.readString(RepositoryFiles.chart().resolve("argocd/health.lua"));
    Matcher block = Pattern.compile("```yaml\\n(apiVersion: v1\\nkind: ConfigMap\\n.*?)```", Pattern.DOTALL)
        .matcher(readme);
    assertThat(block.find()).as("README has the argocd-cm YAML block").isTrue();

    // when
    Map<String, Object> configMap = Yaml.map(block.group(1));
    Map<String, String> data = (Map<String, String>) configMap.get("data");

    // then
    assertThat(((Map<String, String>) configMap.get("metadata")).get("name")).isEqualTo("argocd-cm");
    assertThat(data).containsOnlyKeys(
        "resource.customizations.health.logpipeline.io_LogPipeline",
        "resource.customizations.health.logpipeline.io_LogBackend");
    assertThat(data.values()).allSatisfy(value -> assertThat(value).isEqualTo(script));
  }
}
