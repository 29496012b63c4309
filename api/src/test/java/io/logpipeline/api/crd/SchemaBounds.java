package io.logpipeline.api.crd;

import com.fasterxml.jackson.databind.node.TextNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.logpipeline.api.v1alpha1.Bounds;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The size limits that {@code @Size} on our own fields cannot express, applied to the generated
 * schema: the strings inside {@code List<String>} fields (annotations do not reach type arguments in
 * crd-generator 7.4), the Kubernetes types we embed (LabelSelector, ResourceRequirements, Toleration)
 * and {@code status.conditions}, shaped like upstream's metav1.Condition. {@link CrdBoundsTest}
 * fails when a list, string or map anywhere in the CRDs is left without a limit.
 */
final class SchemaBounds {

    /** Upstream metav1.Condition's limits and patterns (k8s.io/apimachinery/pkg/apis/meta/v1/types.go). */
    private static final long CONDITION_TYPE_LENGTH = 316;
    private static final String CONDITION_TYPE_PATTERN =
            "^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$";
    private static final long CONDITION_REASON_LENGTH = 1024;
    private static final String CONDITION_REASON_PATTERN = "^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$";
    private static final long CONDITION_MESSAGE_LENGTH = 32768;

    /** Length of the strings in a list of strings, by the list's path ([] = items, {} = map values). */
    private static final Map<String, Long> STRING_ITEMS = Map.ofEntries(
            Map.entry("spec.batch.metadataKeys", Bounds.ATTRIBUTE),
            Map.entry("spec.input.namespaces.include", Bounds.NAME_GLOB),
            Map.entry("spec.input.namespaces.exclude", Bounds.NAME_GLOB),
            Map.entry("spec.input.containers.include", Bounds.NAME_GLOB),
            Map.entry("spec.input.containers.exclude", Bounds.NAME_GLOB),
            Map.entry("spec.input.paths.include", Bounds.PATH_GLOB),
            Map.entry("spec.input.paths.exclude", Bounds.PATH_GLOB),
            Map.entry("spec.input.parsers[].severity.mapping{}", Bounds.SHORT_TEXT),
            Map.entry("spec.kubernetes.metadata", Bounds.ATTRIBUTE),
            Map.entry("spec.processors[].filter.drop[].namespaces", Bounds.NAME_GLOB),
            Map.entry("status.backends", Bounds.OBJECT_NAME),
            Map.entry("status.usedBy", Bounds.OBJECT_NAME));

    private SchemaBounds() {
    }

    /** Applies the limits to one version's openAPIV3Schema; paths that the CRD does not have are skipped. */
    static void apply(JSONSchemaProps root) {
        STRING_ITEMS.forEach((path, length) -> at(root, path).ifPresent(list -> {
            // @Size on the field sets maxItems; only the lists inside a map (severity mapping) have none yet.
            list.setMaxItems(list.getMaxItems() == null ? Bounds.SMALL_LIST : list.getMaxItems());
            list.getItems().getSchema().setMaxLength(length);
        }));
        at(root, "spec.input.podSelector").ifPresent(SchemaBounds::labelSelector);
        at(root, "spec.collector.nodeSelector").ifPresent(map -> map.getAdditionalProperties().getSchema().setMaxLength(Bounds.LABEL_VALUE));
        at(root, "spec.collector.resources").ifPresent(SchemaBounds::resources);
        at(root, "spec.collector.tolerations[]").ifPresent(SchemaBounds::toleration);
        at(root, "status.conditions").ifPresent(SchemaBounds::condition);
    }

    private static void labelSelector(JSONSchemaProps selector) {
        JSONSchemaProps labels = selector.getProperties().get("matchLabels");
        labels.setMaxProperties(Bounds.SMALL_LIST);
        labels.getAdditionalProperties().getSchema().setMaxLength(Bounds.LABEL_VALUE);
        JSONSchemaProps expressions = selector.getProperties().get("matchExpressions");
        expressions.setMaxItems(Bounds.SMALL_LIST);
        Map<String, JSONSchemaProps> expression = expressions.getItems().getSchema().getProperties();
        expression.get("key").setMaxLength(Bounds.QUALIFIED_KEY);
        expression.get("operator").setMaxLength(Bounds.SHORT_TEXT);
        expression.get("values").setMaxItems(Bounds.INCLUDE_EXCLUDE_ITEMS);
        expression.get("values").getItems().getSchema().setMaxLength(Bounds.LABEL_VALUE);
    }

    private static void resources(JSONSchemaProps resources) {
        JSONSchemaProps claims = resources.getProperties().get("claims");
        claims.setMaxItems(Bounds.SMALL_LIST);
        claims.getItems().getSchema().getProperties().values().forEach(field -> field.setMaxLength(Bounds.OBJECT_NAME));
        resources.getProperties().get("limits").setMaxProperties(Bounds.SMALL_LIST);
        resources.getProperties().get("requests").setMaxProperties(Bounds.SMALL_LIST);
    }

    private static void toleration(JSONSchemaProps toleration) {
        Map<String, JSONSchemaProps> fields = toleration.getProperties();
        fields.get("key").setMaxLength(Bounds.QUALIFIED_KEY);
        fields.get("value").setMaxLength(Bounds.LABEL_VALUE);
        fields.get("operator").setMaxLength(Bounds.SHORT_TEXT);
        fields.get("effect").setMaxLength(Bounds.SHORT_TEXT);
    }

    /** metav1.Condition's schema; a map list keyed by type, so server-side apply merges conditions by type. */
    private static void condition(JSONSchemaProps conditions) {
        conditions.setXKubernetesListType("map");
        conditions.setXKubernetesListMapKeys(List.of("type"));
        JSONSchemaProps condition = conditions.getItems().getSchema();
        condition.setRequired(List.of("type", "status", "lastTransitionTime", "reason", "message"));
        Map<String, JSONSchemaProps> fields = condition.getProperties();
        fields.get("type").setMaxLength(CONDITION_TYPE_LENGTH);
        fields.get("type").setPattern(CONDITION_TYPE_PATTERN);
        fields.get("status").setEnum(List.of(new TextNode("True"), new TextNode("False"), new TextNode("Unknown")));
        fields.get("lastTransitionTime").setFormat("date-time");
        fields.get("reason").setMinLength(1L);
        fields.get("reason").setMaxLength(CONDITION_REASON_LENGTH);
        fields.get("reason").setPattern(CONDITION_REASON_PATTERN);
        fields.get("message").setMaxLength(CONDITION_MESSAGE_LENGTH);
        fields.get("observedGeneration").setMinimum(0.0);
        fields.get("observedGeneration").setFormat("int64");
    }

    /** The schema at a dotted path; "[]" steps into array items, "{}" into map values. */
    private static Optional<JSONSchemaProps> at(JSONSchemaProps root, String path) {
        JSONSchemaProps node = root;
        for (String step : path.split("\\.")) {
            String name = step.replace("[]", "").replace("{}", "");
            node = node.getProperties() == null ? null : node.getProperties().get(name);
            if (node == null) {
                return Optional.empty();
            }
            if (step.endsWith("[]")) {
                node = node.getItems().getSchema();
            } else if (step.endsWith("{}")) {
                node = node.getAdditionalProperties().getSchema();
            }
        }
        return Optional.of(node);
    }
}
