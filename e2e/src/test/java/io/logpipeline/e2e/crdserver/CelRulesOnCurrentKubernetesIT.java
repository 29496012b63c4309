package io.logpipeline.e2e.crdserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Every CEL rule (x-kubernetes-validations) of both CRDs, executed by a Kubernetes 1.36 API server:
 * for each rule one resource that breaks it (and nothing else) is rejected with the message a user
 * sees. The rules are read from the shipped CRDs, so a new rule without a breaking case here fails
 * {@link #everyRuleHasABreakingCase()}.
 */
@ExtendWith(CrdServerExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CelRulesOnCurrentKubernetesIT {

  private static final String BACKEND_REFS = "backendRefs: [{name: b}]";
  private static final String ENDPOINT = "endpoint: https://otlp.example.com/v1/logs";
  private static final String SECRET = "{secretKeyRef: {name: s, key: k}}";
  private static final String BOTH_SOURCES = "{secretKeyRef: {name: s, key: k}, configMapKeyRef: {name: c, key: k}}";

  /** A spec that breaks exactly one rule: the rule's schema path and message, the field the error names. */
  record Breaking(String kind, String schemaPath, String message, String field, String spec) {
    String rule() {
      return kind + " " + schemaPath + ": " + message;
    }

    @Override
    public String toString() {
      return rule();
    }
  }

  static final List<Breaking> CASES = List.of(
      pipeline("spec.batch", "sendBatchMaxSize must be 0 (no limit) or at least sendBatchSize", "spec.batch",
          "batch: {sendBatchSize: 100, sendBatchMaxSize: 10}"),
      pipeline("spec.input.namespaces", "a value cannot be both included and excluded", "spec.input.namespaces",
          "input: {namespaces: {include: [shop], exclude: [shop]}}"),
      pipeline("spec.input.containers", "a value cannot be both included and excluded", "spec.input.containers",
          "input: {containers: {include: [app], exclude: [app]}}"),
      pipeline("spec.input.paths", "a value cannot be both included and excluded", "spec.input.paths",
          "input: {paths: {include: ['/var/log/pods/*/*/*.log'], exclude: ['/var/log/pods/*/*/*.log']}}"),
      pipeline("spec.input.multiline", "set exactly one of firstLinePattern or preset", "spec.input.multiline",
          "input: {multiline: {firstLinePattern: '^\\\\d', preset: java}}"),
      pipeline("spec.input.parsers[]", "set exactly one of regex, json or severity", "spec.input.parsers[0]",
          "input: {parsers: [{json: {}, severity: {parseFrom: attributes.level}}]}"),
      pipeline("spec.kubernetes.labels[]", "set exactly one of key or keyRegex", "spec.kubernetes.labels[0]",
          "kubernetes: {labels: [{key: app, keyRegex: 'app.*'}]}"),
      pipeline("spec.kubernetes.annotations[]", "set exactly one of key or keyRegex", "spec.kubernetes.annotations[0]",
          "kubernetes: {annotations: [{tagName: revision}]}"),
      pipeline("spec.processors[]", "set exactly one of attributes, resource or filter", "spec.processors[0]",
          "processors: [{attributes: {actions: [{action: delete, key: a}]}, filter: {drop: [{bodyMatches: x}]}}]"),
      pipeline("spec.processors[].filter.drop[]",
          "a drop rule needs at least one of severityBelow, bodyMatches, attribute or namespaces",
          "spec.processors[0].filter.drop[0]", "processors: [{filter: {drop: [{name: nothing, namespaces: []}]}}]"),
      pipeline("spec.processors[].filter.drop[].attribute", "set exactly one of equals or matches",
          "spec.processors[0].filter.drop[0].attribute", "processors: [{filter: {drop: [{attribute: {key: level}}]}}]"),
      action("attributes", "actions", "insert, update and upsert take exactly one of value or fromAttribute",
          "{action: upsert, key: env, value: prod, fromAttribute: stage}"),
      action("attributes", "actions", "extract needs pattern and fromAttribute", "{action: extract, pattern: '(?P<id>\\\\d+)'}"),
      action("attributes", "actions", "convert needs convertedType", "{action: convert, key: status}"),
      action("attributes", "actions", "key is required for every action but extract", "{action: delete}"),
      action("resource", "attributes", "insert, update and upsert take exactly one of value or fromAttribute",
          "{action: insert, key: env}"),
      action("resource", "attributes", "extract needs pattern and fromAttribute", "{action: extract, fromAttribute: host}"),
      action("resource", "attributes", "convert needs convertedType", "{action: convert, key: replicas}"),
      action("resource", "attributes", "key is required for every action but extract", "{action: hash}"),
      backend("spec.otlp.headers[]", "set exactly one of value or valueFrom", "spec.otlp.headers[0]",
          "headers: [{name: Authorization}]"),
      backend("spec.otlp.tls", "cert and key go together (mTLS)", "spec.otlp.tls", "tls: {cert: " + SECRET + "}"),
      backend("spec.otlp.tls", "a private key must come from a Secret", "spec.otlp.tls",
          "tls: {cert: " + SECRET + ", key: {configMapKeyRef: {name: c, key: k}}}"),
      backend("spec.otlp.tls.ca", "set exactly one of secretKeyRef or configMapKeyRef", "spec.otlp.tls.ca",
          "tls: {ca: " + BOTH_SOURCES + "}"),
      backend("spec.otlp.tls.cert", "set exactly one of secretKeyRef or configMapKeyRef", "spec.otlp.tls.cert",
          "tls: {cert: " + BOTH_SOURCES + ", key: " + SECRET + "}"),
      backend("spec.otlp.tls.key", "set exactly one of secretKeyRef or configMapKeyRef", "spec.otlp.tls.key",
          "tls: {cert: " + SECRET + ", key: " + BOTH_SOURCES + "}"));

  private KubernetesClient client;

  @BeforeAll
  void installCrds(CrdServer server) {
    client = server.client();
    ProjectCrds.install(client, ProjectCrds.load("crds"));
  }

  @Test
  void everyRuleHasABreakingCase() {
    // given
    TreeSet<String> rulesInCrds = new TreeSet<>();
    for (CustomResourceDefinition crd : ProjectCrds.load("crds")) {
      collectRules(crd.getSpec().getNames().getKind(), crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema(),
          "", rulesInCrds);
    }

    // when
    TreeSet<String> rulesWithCases = new TreeSet<>(CASES.stream().map(Breaking::rule).toList());

    // then
    assertThat(rulesWithCases).as("CEL rules of crds/ (add a case to CASES for a new rule)").isEqualTo(rulesInCrds);
  }

  @ParameterizedTest(name = "{0}")
  @FieldSource("CASES")
  void aResourceThatBreaksTheRuleIsRejectedWithItsMessage(Breaking breaking) {
    // given
    String name = "breaks-" + Integer.toHexString(breaking.rule().hashCode());
    GenericKubernetesResource resource = Serialization.unmarshal("""
        apiVersion: logpipeline.io/v1alpha1
        kind: %s
        metadata: {name: %s}
        spec: {%s}
        """.formatted(breaking.kind(), name, breaking.spec()), GenericKubernetesResource.class);

    // when
    KubernetesClientException rejected = catchThrowableOfType(KubernetesClientException.class,
        () -> client.resource(resource).inNamespace("cel").create());

    // then
    assertThat(rejected).as("%s was accepted", breaking.spec()).isNotNull();
    assertThat(rejected.getCode()).isEqualTo(422);
    assertThat(rejected.getStatus().getMessage()).isEqualTo("%s.logpipeline.io \"%s\" is invalid: %s: Invalid value: %s",
        breaking.kind(), name, breaking.field(), breaking.message());
  }

  @Test
  void theBaseResourcesOfTheCasesAreAccepted() {
    // given
    List<GenericKubernetesResource> bases = new ArrayList<>();
    for (String kind : List.of("LogPipeline", "LogBackend")) {
      String spec = kind.equals("LogPipeline") ? BACKEND_REFS : "otlp: {" + ENDPOINT + "}";
      bases.add(Serialization.unmarshal("""
          apiVersion: logpipeline.io/v1alpha1
          kind: %s
          metadata: {name: base}
          spec: {%s}
          """.formatted(kind, spec), GenericKubernetesResource.class));
    }

    // when
    List<GenericKubernetesResource> stored = bases.stream().map(base -> client.resource(base).inNamespace("cel").create()).toList();

    // then
    assertThat(stored).allSatisfy(resource -> assertThat(resource.getMetadata().getUid()).isNotBlank());
  }

  private static Breaking pipeline(String schemaPath, String message, String field, String spec) {
    return new Breaking("LogPipeline", schemaPath, message, field, BACKEND_REFS + ", " + spec);
  }

  /** An attributes or resource processor whose only action breaks one rule of AttributeAction. */
  private static Breaking action(String processor, String list, String message, String action) {
    return new Breaking("LogPipeline", "spec.processors[]." + processor + "." + list + "[]", message,
        "spec.processors[0]." + processor + "." + list + "[0]",
        BACKEND_REFS + ", processors: [{" + processor + ": {" + list + ": [" + action + "]}}]");
  }

  private static Breaking backend(String schemaPath, String message, String field, String otlp) {
    return new Breaking("LogBackend", schemaPath, message, field, "otlp: {" + ENDPOINT + ", " + otlp + "}");
  }

  /** "Kind path: message" of every rule in the schema; "[]" marks list items, "{}" map values. */
  private static void collectRules(String kind, JSONSchemaProps node, String path, TreeSet<String> rules) {
    if (node.getXKubernetesValidations() != null) {
      node.getXKubernetesValidations().forEach(rule -> rules.add(kind + " " + path + ": " + rule.getMessage()));
    }
    if (node.getItems() != null && node.getItems().getSchema() != null) {
      collectRules(kind, node.getItems().getSchema(), path + "[]", rules);
    }
    if (node.getAdditionalProperties() != null && node.getAdditionalProperties().getSchema() != null) {
      collectRules(kind, node.getAdditionalProperties().getSchema(), path + "{}", rules);
    }
    if (node.getProperties() != null) {
      for (Map.Entry<String, JSONSchemaProps> property : node.getProperties().entrySet()) {
        collectRules(kind, property.getValue(), path.isEmpty() ? property.getKey() : path + "." + property.getKey(), rules);
      }
    }
  }
}
