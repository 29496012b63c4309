package io.logpipeline.e2e.crdserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The CEL rules of both CRDs stay at least 2x under the API server's cost budget.
 *
 * <p>How: the server estimates each rule's worst-case cost from the schema's maxItems, maxLength and
 * maxProperties (a rule's cost grows with every limit it iterates over or compares, and is multiplied
 * by the maxItems of the lists it is nested in) and rejects a CRD whose rules exceed the per-rule or
 * per-CRD budget. A copy of each CRD with every limit doubled has every rule's estimate at least
 * doubled, so the copy being accepted proves the real CRD is at least 2x under both budgets. The
 * same copy without limits is rejected for cost, which shows the server really estimates (the check
 * can fail). The copies live in group margin.logpipeline.io, beside nothing else.
 */
@ExtendWith(CrdServerExtension.class)
class CrdCostMarginIT {

  private static final String GROUP = "margin.logpipeline.io";
  /** How the API server words a rule whose estimated cost is over budget. */
  private static final String COST_REJECTION = "estimated rule cost exceeds budget";

  @ParameterizedTest
  @ValueSource(strings = {"LogPipeline", "LogBackend"})
  void aCopyWithEveryLimitDoubledIsAccepted(String kind, CrdServer server) {
    // given
    KubernetesClient client = server.client();
    CustomResourceDefinition doubled = copy(kind, limit -> limit == null ? null : limit * 2);

    // when
    ProjectCrds.install(client, List.of(doubled));

    // then
    assertThat(ProjectCrds.established(client, doubled.getMetadata().getName())).isTrue();
    ProjectCrds.uninstall(client, List.of(doubled));
    logLargestAcceptedFactor(client, kind);
  }

  @Test
  void aCopyWithoutLimitsIsRejectedForCost(CrdServer server) {
    // given (the LogBackend's rules are cheap even unbounded; the LogPipeline's are not)
    CustomResourceDefinition unbounded = copy("LogPipeline", limit -> null);

    // when
    KubernetesClientException rejected = catchThrowableOfType(KubernetesClientException.class,
        () -> server.client().apiextensions().v1().customResourceDefinitions().resource(unbounded).create());

    // then
    assertThat(rejected).isNotNull();
    assertThat(rejected.getStatus().getMessage()).contains(COST_REJECTION);
  }

  /** Measured, not asserted: logs the largest power-of-two factor on every limit the server still accepts (up to 1024). */
  private static void logLargestAcceptedFactor(KubernetesClient client, String kind) {
    long accepted = 1;
    String firstRejection = "none";
    for (long factor = 2; factor <= 1024; factor *= 2) {
      long f = factor;
      CustomResourceDefinition scaled = copy(kind, limit -> limit == null ? null : limit * f);
      try {
        client.apiextensions().v1().customResourceDefinitions().resource(scaled).dryRun().create();
        accepted = factor;
      } catch (KubernetesClientException rejected) {
        if (rejected.getStatus() == null || rejected.getStatus().getMessage() == null
            || !rejected.getStatus().getMessage().contains(COST_REJECTION)) {
          throw rejected;
        }
        firstRejection = rejected.getStatus().getMessage();
        break;
      }
    }
    System.out.printf("event=crd-cost-margin kind=%s largestAcceptedLimitFactor=%d firstRejection=\"%s\"%n", kind, accepted,
        firstRejection.length() > 400 ? firstRejection.substring(0, 400) + "..." : firstRejection);
  }

  /** The shipped CRD of {@code kind}, moved to the margin group, with {@code scale} applied to every limit. */
  private static CustomResourceDefinition copy(String kind, UnaryOperator<Long> scale) {
    CustomResourceDefinition crd = ProjectCrds.load("crds").stream()
        .filter(candidate -> candidate.getSpec().getNames().getKind().equals(kind)).findFirst().orElseThrow();
    CustomResourceDefinition copy = Serialization.clone(crd);
    copy.getSpec().setGroup(GROUP);
    copy.getMetadata().setName(copy.getSpec().getNames().getPlural() + "." + GROUP);
    copy.getSpec().getVersions().forEach(version -> scaleLimits(version.getSchema().getOpenAPIV3Schema(), scale));
    return copy;
  }

  private static void scaleLimits(JSONSchemaProps node, UnaryOperator<Long> scale) {
    node.setMaxItems(scale.apply(node.getMaxItems()));
    node.setMaxLength(scale.apply(node.getMaxLength()));
    node.setMaxProperties(scale.apply(node.getMaxProperties()));
    if (node.getItems() != null && node.getItems().getSchema() != null) {
      scaleLimits(node.getItems().getSchema(), scale);
    }
    if (node.getAdditionalProperties() != null && node.getAdditionalProperties().getSchema() != null) {
      scaleLimits(node.getAdditionalProperties().getSchema(), scale);
    }
    if (node.getProperties() != null) {
      node.getProperties().values().forEach(child -> scaleLimits(child, scale));
    }
  }
}
