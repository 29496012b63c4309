package io.logpipeline.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.logpipeline.api.v1alpha1.LogBackend;
import io.logpipeline.api.v1alpha1.LogPipeline;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each file under {@code src/test/resources/invalid} is a broken resource a user might apply. Its
 * {@code # expect:} lines are the problems the operator must report — all of them at once, nothing more.
 */
class InvalidInputsTest {

    private static final Path CASES = Path.of("src/test/resources/invalid");

    static Stream<Path> cases() throws IOException {
        return Files.list(CASES).filter(p -> p.toString().endsWith(".yaml")).sorted();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reportsEveryProblemWithItsFieldPath(Path file) throws IOException {
        // given
        String yaml = Files.readString(file);
        List<String> expected = yaml.lines().filter(l -> l.startsWith("# expect: "))
                .map(l -> l.substring("# expect: ".length())).toList();
        assertThat(expected).as("%s has no '# expect:' line", file).isNotEmpty();

        // when
        String kind = Serialization.unmarshal(yaml, GenericKubernetesResource.class).getKind();
        List<Problem> problems = kind.equals("LogPipeline")
                ? PipelineValidator.validate(Serialization.unmarshal(yaml, LogPipeline.class).getSpec())
                : BackendValidator.validate(Serialization.unmarshal(yaml, LogBackend.class).getSpec());

        // then
        List<String> reported = problems.stream().map(Problem::toString).toList();
        assertThat(reported).as("problems reported for %s", file.getFileName()).hasSameSizeAs(expected);
        for (String expectation : expected) {
            assertThat(reported).as("problems reported for %s", file.getFileName())
                    .anySatisfy(problem -> assertThat(problem).startsWith(expectation));
        }
    }
}
