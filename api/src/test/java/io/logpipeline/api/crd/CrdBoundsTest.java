package io.logpipeline.api.crd;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every list, string and map in the CRDs has a size limit. A current API server estimates CEL rule
 * costs from these limits and rejects the CRD when a rule could exceed its budget; an unbounded
 * field is also one a user can fill without end.
 */
class CrdBoundsTest {

    @ParameterizedTest
    @ValueSource(strings = {"logpipelines", "logbackends"})
    void everyListStringAndMapHasALimit(String plural) throws IOException {
        // given
        CustomResourceDefinition crd = Serialization.unmarshal(CrdFinisher.finishedFromBuild(plural), CustomResourceDefinition.class);
        JSONSchemaProps schema = crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema();

        // when
        List<String> unbounded = new ArrayList<>();
        collectUnbounded(schema, "", unbounded);

        // then
        assertThat(unbounded)
                .as("fields without maxItems/maxLength/maxProperties: add @Size(max = Bounds...) to the field, "
                        + "or a limit in SchemaBounds for types we do not own, then regenerate: %s", CrdDriftTest.REGENERATE_COMMAND)
                .isEmpty();
    }

    private static void collectUnbounded(JSONSchemaProps node, String path, List<String> unbounded) {
        if ("array".equals(node.getType())) {
            if (node.getMaxItems() == null) {
                unbounded.add(path + " (maxItems)");
            }
            collectUnbounded(node.getItems().getSchema(), path + "[]", unbounded);
        } else if ("string".equals(node.getType()) && node.getEnum() == null && node.getMaxLength() == null
                && !"date-time".equals(node.getFormat())) {
            unbounded.add(path + " (maxLength)");
        } else if (node.getAdditionalProperties() != null && node.getAdditionalProperties().getSchema() != null) {
            if (node.getMaxProperties() == null) {
                unbounded.add(path + " (maxProperties)");
            }
            collectUnbounded(node.getAdditionalProperties().getSchema(), path + "{}", unbounded);
        }
        if (node.getProperties() != null) {
            node.getProperties().forEach((name, child) -> collectUnbounded(child, path + "." + name, unbounded));
        }
    }
}
