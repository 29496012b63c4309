package io.logpipeline.api.crd;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The two things fabric8's CRD generator 7.4 cannot express, applied to its output before it is
 * checked in: {@code status.conditions} as a map list keyed by {@code type} (metav1.Condition
 * semantics, so server-side apply merges conditions by type), and printer columns in the order the
 * annotations declare them (the generator sorts them by JSON path).
 */
final class CrdFinisher {

    static final String HEADER = "# Generated from the io.logpipeline.api.v1alpha1 Java types by fabric8's crd-generator-maven-plugin.\n"
            + "# Do not edit. Regenerate with: " + CrdDriftTest.REGENERATE_COMMAND + "\n";

    private CrdFinisher() {
    }

    static String finish(String generatedYaml, Class<?> resourceClass) {
        CustomResourceDefinition crd = Serialization.unmarshal(generatedYaml, CustomResourceDefinition.class);
        for (CustomResourceDefinitionVersion version : crd.getSpec().getVersions()) {
            JSONSchemaProps status = version.getSchema().getOpenAPIV3Schema().getProperties().get("status");
            JSONSchemaProps conditions = status.getProperties().get("conditions");
            conditions.setXKubernetesListType("map");
            conditions.setXKubernetesListMapKeys(List.of("type"));
            conditions.getItems().getSchema().setRequired(List.of("type", "status"));
            version.setAdditionalPrinterColumns(declaredOrder(version.getAdditionalPrinterColumns(), resourceClass));
        }
        return HEADER + Serialization.asYaml(crd).replaceFirst("^---\n", "");
    }

    private static List<CustomResourceColumnDefinition> declaredOrder(List<CustomResourceColumnDefinition> columns, Class<?> resourceClass) {
        List<String> declared = Arrays.stream(resourceClass.getAnnotationsByType(AdditionalPrinterColumn.class))
                .map(AdditionalPrinterColumn::name).toList();
        List<CustomResourceColumnDefinition> ordered = new ArrayList<>(columns);
        ordered.sort(Comparator.comparingInt(column -> declared.indexOf(column.getName())));
        return ordered;
    }
}
