package io.logpipeline.api.crd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The CRDs checked in at {@code crds/} and in the chart must be exactly what the build generates from
 * the Java types; otherwise a user installs a schema the code does not match.
 */
class CrdDriftTest {

    static final String REGENERATE_COMMAND = "./mvnw -B -pl api verify -Dlogpipeline.crds.update=true";
    private static final List<Path> CHECKED_IN = List.of(Path.of("../crds"), Path.of("../helm/logpipeline-operator/crds"));

    @ParameterizedTest
    @ValueSource(strings = {"logpipelines", "logbackends"})
    void checkedInCrdsMatchTheGeneratedOnes(String plural) throws IOException {
        // given
        String file = CrdFinisher.fileName(plural);
        String expected = CrdFinisher.finishedFromBuild(plural);

        for (Path dir : CHECKED_IN) {
            Path checkedIn = dir.resolve(file);
            if (Boolean.getBoolean("logpipeline.crds.update")) {
                Files.createDirectories(dir);
                Files.writeString(checkedIn, expected, StandardCharsets.UTF_8);
            }
            // when
            String actual = Files.exists(checkedIn) ? Files.readString(checkedIn) : "<missing>";
            // then
            assertThat(actual)
                    .as("%s differs from the CRD generated from the Java types; regenerate it with: %s",
                            checkedIn.normalize(), REGENERATE_COMMAND)
                    .isEqualTo(expected);
        }
    }
}
