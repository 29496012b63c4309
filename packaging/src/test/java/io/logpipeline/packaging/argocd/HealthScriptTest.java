package io.logpipeline.packaging.argocd;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipeline.packaging.RepositoryFiles;
import io.logpipeline.packaging.Yaml;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The chart's argocd/health.lua against the cases of health_test.yaml, on LuaJ. */
class HealthScriptTest {

  private static final String FIXTURES = "/argocd/";

  @SuppressWarnings("unchecked")
  static Stream<Arguments> cases() throws IOException {
    try (InputStream in = HealthScriptTest.class.getResourceAsStream(FIXTURES + "health_test.yaml")) {
      Map<String, Object> file = Yaml.map(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      return ((List<Map<String, Object>>) file.get("tests")).stream().map(test -> {
        Map<String, Object> expected = (Map<String, Object>) test.get("healthStatus");
        return Arguments.of(test.get("inputPath"), expected.get("status"), expected.get("message"));
      });
    }
  }

  @ParameterizedTest(name = "{0} is {1}")
  @MethodSource("cases")
  void reportsTheHealthArgoCdShows(String inputPath, String status, String message)
      throws IOException, URISyntaxException {
    // given
    HealthScript script = new HealthScript(
        Files.readString(RepositoryFiles.chart().resolve("argocd/health.lua")));
    Path input = Path.of(getClass().getResource(FIXTURES + inputPath).toURI());
    Map<String, Object> object = Yaml.map(input);

    // when
    HealthScript.Health health = script.evaluate(object);

    // then
    assertThat(health).isEqualTo(new HealthScript.Health(status, message));
  }
}
