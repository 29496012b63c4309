package io.logpipeline.api.crd;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.logpipeline.api.v1alpha1.LogBackend;
import io.logpipeline.api.v1alpha1.LogPipeline;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * What fabric8's CRD generator 7.4 cannot express, applied to its output before it is checked in:
 * the size limits annotations cannot reach and {@code status.conditions} shaped like metav1.Condition
 * ({@link SchemaBounds}), and printer columns in the order the annotations declare them (the
 * generator sorts them by JSON path).
 */
final class CrdFinisher {

    static final String HEADER = "# Generated from the io.logpipeline.api.v1alpha1 Java types by fabric8's crd-generator-maven-plugin.\n"
            + "# Do not edit. Regenerate with: " + CrdDriftTest.REGENERATE_COMMAND + "\n";

    /** Where crd-generator-maven-plugin writes the CRDs during the build. */
    private static final Path GENERATED = Path.of("target/classes/META-INF/fabric8");

    private CrdFinisher() {
    }

    /** The finished CRD for a plural (logpipelines, logbackends), as it is to be checked in. */
    static String finishedFromBuild(String plural) throws IOException {
        Class<?> type = plural.equals("logpipelines") ? LogPipeline.class : LogBackend.class;
        return finish(Files.readString(GENERATED.resolve(fileName(plural))), type);
    }

    static String fileName(String plural) {
        return plural + ".logpipeline.io-v1.yml";
    }

    static String finish(String generatedYaml, Class<?> resourceClass) {
        CustomResourceDefinition crd = Serialization.unmarshal(generatedYaml, CustomResourceDefinition.class);
        for (CustomResourceDefinitionVersion version : crd.getSpec().getVersions()) {
            SchemaBounds.apply(version.getSchema().getOpenAPIV3Schema());
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
