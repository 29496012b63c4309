package io.logpipeline.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import java.lang.reflect.Field;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The API server fills a missing field with the schema default; Jackson leaves the Java initializer.
 * Both must agree, or a resource means one thing to kubectl and another to the operator and collector.
 */
class SchemaDefaultsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new YAMLMapper();

    @ParameterizedTest
    @ValueSource(classes = {InputSpec.class, MultilineSpec.class, RegexParserSpec.class, TimestampSpec.class,
        JsonParserSpec.class, SeverityParserSpec.class, KubernetesMetadataSpec.class, FieldExtractSpec.class,
        BatchSpec.class, OtlpSpec.class, TlsSpec.class, RetrySpec.class, QueueSpec.class})
    void javaInitializersEqualSchemaDefaults(Class<?> type) throws Exception {
        // given
        JsonNode fresh = JSON.valueToTree(type.getDeclaredConstructor().newInstance());
        List<Field> defaulted = List.of(type.getDeclaredFields()).stream().filter(f -> f.isAnnotationPresent(Default.class)).toList();
        assertThat(defaulted).as("%s declares no @Default", type.getSimpleName()).isNotEmpty();

        for (Field field : defaulted) {
            // when
            JsonNode schemaDefault = YAML.readTree(field.getAnnotation(Default.class).value());
            JsonNode javaDefault = fresh.get(field.getName());
            // then
            assertThat(javaDefault).as("%s.%s", type.getSimpleName(), field.getName()).isNotNull();
            assertThat(javaDefault.asText()).as("%s.%s", type.getSimpleName(), field.getName()).isEqualTo(schemaDefault.asText());
            // and: the API server refuses a CRD whose default breaks its own pattern
            if (field.isAnnotationPresent(Pattern.class)) {
                assertThat(schemaDefault.asText()).as("default of %s.%s", type.getSimpleName(), field.getName())
                        .matches(field.getAnnotation(Pattern.class).value());
            }
        }
    }
}
