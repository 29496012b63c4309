package io.logpipeline.packaging.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.logpipeline.packaging.RepositoryFiles;
import io.logpipeline.packaging.Yaml;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** nameOverride and fullnameOverride: what they rename, and what keeps the name the operator gives it. */
class ChartNamesTest {

  private static final String NAMESPACE = "observability";

  private final HelmChart chart = new HelmChart(RepositoryFiles.chart());

  private RenderedObjects render(String release, Map<String, String> set) {
    return new RenderedObjects(Yaml.manifests(chart.templateWith(release, NAMESPACE, set)));
  }

  @Test
  void fullnameOverrideNamesEveryObjectTheChartNames() {
    // given
    RenderedObjects rendered = render("lp", Map.of("fullnameOverride", "logs"));

    // when
    List<String> names = rendered.objects().stream()
        .map(o -> o.getKind() + "/" + o.getMetadata().getName()).sorted().toList();

    // then: everything but the agent's ServiceAccount, whose name the operator gets from collector.serviceAccount.name
    // (the test Pod, a hook that helm-java's template leaves out, is <fullname>-test: ChartTestHookTest)
    assertThat(names).containsExactly(
        "ClusterRole/logs", "ClusterRole/logs-collector",
        "ClusterRoleBinding/logs", "ClusterRoleBinding/logs-collector",
        "Deployment/logs",
        "Role/logs", "Role/logs-collector", "Role/logs-leader-election",
        "RoleBinding/logs", "RoleBinding/logs-collector", "RoleBinding/logs-leader-election",
        "Service/logs-metrics", "ServiceAccount/logpipeline-collector", "ServiceAccount/logs");
  }

  @Test
  void fullnameOverrideKeepsTheReferencesBetweenTheObjects() {
    // given
    RenderedObjects rendered = render("lp", Map.of("fullnameOverride", "logs"));

    // when
    Deployment deployment = rendered.one(Deployment.class, "logs");
    Map<String, String> env = RenderedObjects.env(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv());

    // then: bindings name the renamed roles and ServiceAccount
    assertThat(deployment.getSpec().getTemplate().getSpec().getServiceAccountName()).isEqualTo("logs");
    assertThat(rendered.one(ClusterRoleBinding.class, "logs").getRoleRef().getName()).isEqualTo("logs");
    assertThat(rendered.one(ClusterRoleBinding.class, "logs").getSubjects().get(0).getName()).isEqualTo("logs");
    assertThat(rendered.one(RoleBinding.class, "logs-leader-election").getRoleRef().getName()).isEqualTo("logs-leader-election");
    assertThat(rendered.one(ClusterRoleBinding.class, "logs-collector").getSubjects().get(0).getName())
        .isEqualTo("logpipeline-collector");
    // what the operator names itself is not the chart's to rename
    assertThat(env).contains(entry("LOGPIPELINE_COLLECTOR_SERVICE_ACCOUNT", "logpipeline-collector"));
    assertThat(rendered.one(io.fabric8.kubernetes.api.model.rbac.Role.class, "logs-leader-election").getRules())
        .anySatisfy(rule -> assertThat(rule.getResourceNames()).containsExactly("logpipeline-operator-lease"));
  }

  @Test
  void nameOverrideChangesTheNameLabelAndTheDefaultFullName() {
    // given
    RenderedObjects rendered = render("lp", Map.of("nameOverride", "logs"));

    // when
    Deployment deployment = rendered.one(Deployment.class, "lp-logs");

    // then
    assertThat(deployment.getSpec().getSelector().getMatchLabels()).contains(
        entry("app.kubernetes.io/name", "logs"), entry("app.kubernetes.io/instance", "lp"));
    assertThat(rendered.objects())
        .allSatisfy(o -> assertThat(o.getMetadata().getLabels()).contains(entry("app.kubernetes.io/name", "logs")));
    assertThat(rendered.one(Service.class, "lp-logs-metrics").getSpec().getSelector())
        .isEqualTo(deployment.getSpec().getSelector().getMatchLabels());
  }

  @Test
  void aReleaseNamedAfterTheNameOverrideIsNotRepeated() {
    // given
    RenderedObjects rendered = render("platform-logs", Map.of("nameOverride", "logs"));

    // when
    List<String> deployments = rendered.objects().stream().filter(o -> o instanceof Deployment)
        .map(o -> o.getMetadata().getName()).toList();

    // then
    assertThat(deployments).containsExactly("platform-logs");
  }

  @Test
  void aLongFullNameStillGivesAValidServiceName() {
    // given: the longest fullnameOverride the schema allows
    String longest = "a".repeat(63);

    // when
    RenderedObjects rendered = render("lp", Map.of("fullnameOverride", longest));
    HasMetadata service = rendered.objects().stream().filter(o -> o instanceof Service).findFirst().orElseThrow();

    // then: a Service name is a DNS label of at most 63 characters
    assertThat(service.getMetadata().getName()).hasSizeLessThanOrEqualTo(63).endsWith("-metrics")
        .matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    assertThat(rendered.one(Deployment.class, longest)).isNotNull();
  }

  @Test
  void anOverrideThatIsNoDnsLabelIsRejectedNamingTheValue() {
    // given
    Map<String, String> set = Map.of("nameOverride", "Log_Pipeline");

    // when / then
    assertThatThrownBy(() -> render("lp", set)).hasMessageContaining("at '/nameOverride'");
  }
}
