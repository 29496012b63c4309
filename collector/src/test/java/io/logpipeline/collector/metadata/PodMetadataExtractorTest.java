package io.logpipeline.collector.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PodMetadataExtractorTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        "nginx                                                  | nginx                               | latest",
        "nginx:1.25                                             | nginx                               | 1.25",
        "docker.io/library/nginx:1.25-alpine                    | docker.io/library/nginx             | 1.25-alpine",
        "registry.local:5000/team/app                           | registry.local:5000/team/app        | latest",
        "registry.local:5000/team/app:v2                        | registry.local:5000/team/app        | v2",
        "ghcr.io/acme/app:2.3.1@sha256:0123abcd                 | ghcr.io/acme/app                    | 2.3.1",
        "ghcr.io/acme/app@sha256:0123abcd                       | ghcr.io/acme/app                    | -",
    })
    void imageReferencesSplitIntoNameAndTag(String reference, String name, String tag) {
        // when
        PodMetadata.ContainerImage image = PodMetadataExtractor.image(reference);
        // then
        assertThat(image.name()).isEqualTo(name);
        assertThat(image.tag()).isEqualTo(tag);
    }
}
