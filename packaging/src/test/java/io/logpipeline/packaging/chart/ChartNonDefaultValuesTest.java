package io.logpipeline.packaging.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.logpipeline.operator.model.AgentSettings;
import io.logpipeline.operator.render.DaemonSetRenderer;
import io.logpipeline.packaging.RepositoryFiles;
import io.logpipeline.packaging.Yaml;
import java.io.IOException;
import java.io.Reader;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** `helm template lp -n observability -f non-default-values.yaml`: every value moved off its default. */
class ChartNonDefaultValuesTest {

  private static final String RELEASE = "lp";
  private static final String NAMESPACE = "observability";
  /** fullnameOverride. */
  private static final String FULLNAME = "platform-logs";

  private static RenderedObjects rendered;

  @BeforeAll
  static void render() throws URISyntaxException {
    Path values = Path.of(ChartNonDefaultValuesTest.class.getResource("/chart/non-default-values.yaml").toURI());
    // helm-java's Helm reports Kubernetes v1.20.0 unless told otherwise; render for a current cluster
    rendered = new RenderedObjects(Yaml.manifests(
        new HelmChart(RepositoryFiles.chart()).template(RELEASE, NAMESPACE, values, "v1.30.0")));
  }

  private static Container operator() {
    return rendered.one(Deployment.class, FULLNAME).getSpec().getTemplate().getSpec().getContainers().get(0);
  }

  @Test
  void rendersLeaderElectionRbacServiceMonitorAndDisruptionBudget() {
    // given the non-default values

    // when
    var kinds = rendered.kinds();

    // then
    assertThat(kinds).containsExactly("ClusterRole", "ClusterRoleBinding", "Deployment",
        "PodDisruptionBudget", "PodMonitor", "Role", "RoleBinding", "Service", "ServiceAccount", "ServiceMonitor");
  }

  @Test
  void everyRenderedFieldIsOneKubernetesKnows() {
    // given the rendered objects, parsed into the fabric8 model

    // when
    List<String> unknown = rendered.unknownFields();

    // then
    assertThat(unknown).isEmpty();
  }

  @Test
  void twoReplicasElectALeaderAndRollOneByOne() {
    // given
    Deployment deployment = rendered.one(Deployment.class, FULLNAME);

    // when
    Map<String, String> env = RenderedObjects.env(operator().getEnv());

    // then
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
    assertThat(deployment.getSpec().getStrategy().getType()).isEqualTo("RollingUpdate");
    assertThat(env).contains(entry("LOGPIPELINE_LEADER_ELECTION", "true"), entry("LOGPIPELINE_LEASE_NAMESPACE", "metadata.namespace"));
  }

  @Test
  void leaderElectionRoleTouchesOnlyTheOperatorsLeaseInItsNamespace() {
    // given
    Role role = rendered.one(Role.class, FULLNAME + "-leader-election");
    RoleBinding binding = rendered.one(RoleBinding.class, FULLNAME + "-leader-election");

    // when
    var permissions = RenderedObjects.permissions(role.getRules());

    // then
    assertThat(role.getMetadata().getNamespace()).isEqualTo(NAMESPACE);
    assertThat(permissions).containsExactlyInAnyOrder(
        "coordination.k8s.io/leases:create",
        "coordination.k8s.io/leases[logpipeline-operator-lease]:get",
        "coordination.k8s.io/leases[logpipeline-operator-lease]:update",
        "coordination.k8s.io/leases[logpipeline-operator-lease]:patch");
    assertThat(binding.getRoleRef().getName()).isEqualTo(role.getMetadata().getName());
    assertThat(binding.getSubjects()).singleElement().satisfies(subject -> {
      assertThat(subject.getName()).isEqualTo("lp-operator");
      assertThat(subject.getNamespace()).isEqualTo(NAMESPACE);
    });
  }

  @Test
  void imagesComeFromTheValues() {
    // given
    PodSpec pod = rendered.one(Deployment.class, FULLNAME).getSpec().getTemplate().getSpec();

    // when
    Map<String, String> env = RenderedObjects.env(operator().getEnv());

    // then
    assertThat(operator().getImage()).isEqualTo("registry.example.com/platform/logpipeline-operator:1.2.3");
    assertThat(operator().getImagePullPolicy()).isEqualTo("Always");
    assertThat(pod.getImagePullSecrets()).extracting(LocalObjectReference::getName).containsExactly("regcred");
    assertThat(env).contains(
        entry("LOGPIPELINE_COLLECTOR_IMAGE", "registry.example.com/platform/logpipeline-collector:1.2.4"),
        entry("LOGPIPELINE_COLLECTOR_IMAGE_PULL_POLICY", "Always"),
        entry("LOGPIPELINE_COLLECTOR_IMAGE_PULL_SECRETS", "regcred,mirror-cred"));
  }

  @Test
  void operatorSettingsReachTheEnvironment() {
    // given
    Container operator = operator();

    // when
    Map<String, String> env = RenderedObjects.env(operator.getEnv());

    // then: an empty collector CPU limit is passed empty, which leaves it unset
    assertThat(env).contains(
        entry("LOGPIPELINE_WATCH_NAMESPACES", "logging,monitoring"),
        entry("LOGPIPELINE_COLLECTOR_CPU_REQUEST", "50m"),
        entry("LOGPIPELINE_COLLECTOR_MEMORY_REQUEST", "64Mi"),
        entry("LOGPIPELINE_COLLECTOR_CPU_LIMIT", ""),
        entry("LOGPIPELINE_COLLECTOR_MEMORY_LIMIT", "256Mi"),
        entry("LOGPIPELINE_COLLECTOR_TOLERATIONS",
            "[{\"effect\":\"NoSchedule\",\"key\":\"node-role.kubernetes.io/control-plane\",\"operator\":\"Exists\"}]"),
        entry("LOGPIPELINE_COLLECTOR_NODE_SELECTOR", "{\"kubernetes.io/os\":\"linux\"}"),
        entry("LOGPIPELINE_COLLECTOR_PRIORITY_CLASS_NAME", "system-node-critical"),
        entry("LOGPIPELINE_COLLECTOR_LOG_LEVEL", "debug"),
        entry("LOGPIPELINE_COLLECTOR_DEBUG_TAIL", "true"),
        entry("LOGPIPELINE_COLLECTOR_SERVICE_ACCOUNT", "lp-agent"),
        entry("LOGPIPELINE_CLUSTER_PIPELINE_NAMESPACES", "monitoring,platform-logging"),
        entry("LOGPIPELINE_LOG_LEVEL", "DEBUG"),
        entry("LOGPIPELINE_LOG_JSON", "false"),
        entry("QUARKUS_HTTP_IDLE_TIMEOUT", "60s"));
    assertThat(operator.getResources().getRequests()).containsOnlyKeys("cpu", "memory");
    assertThat(operator.getResources().getRequests().get("memory").toString()).isEqualTo("300Mi");
    assertThat(operator.getResources().getLimits().get("memory").toString()).isEqualTo("600Mi");
  }

  @Test
  void schedulingValuesReachThePod() {
    // given
    PodSpec pod = rendered.one(Deployment.class, FULLNAME).getSpec().getTemplate().getSpec();

    // when / then
    assertThat(pod.getNodeSelector()).containsExactly(entry("kubernetes.io/os", "linux"));
    assertThat(pod.getTolerations()).singleElement().satisfies(toleration -> {
      assertThat(toleration.getKey()).isEqualTo("dedicated");
      assertThat(toleration.getEffect()).isEqualTo("NoSchedule");
    });
    assertThat(pod.getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution()
        .getNodeSelectorTerms().get(0).getMatchExpressions().get(0).getKey())
        .isEqualTo("node-role.kubernetes.io/infra");
    assertThat(pod.getPriorityClassName()).isEqualTo("system-cluster-critical");
    assertThat(pod.getServiceAccountName()).isEqualTo("lp-operator");
  }

  @Test
  void extraLabelsAndAnnotationsLandOnEveryObject() {
    // given
    List<HasMetadata> objects = rendered.objects();
    Deployment deployment = rendered.one(Deployment.class, FULLNAME);

    // when / then
    assertThat(objects).allSatisfy(object -> {
      assertThat(object.getMetadata().getLabels()).contains(entry("cost-center", "42"));
      assertThat(object.getMetadata().getAnnotations()).contains(entry("example.com/contact", "sre@example.com"));
    });
    assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels()).contains(
        entry("team", "observability"), entry("cost-center", "42"));
    assertThat(deployment.getSpec().getTemplate().getMetadata().getAnnotations()).contains(
        entry("example.com/owner", "sre"));
    // pod labels must not leak into the immutable selector
    assertThat(deployment.getSpec().getSelector().getMatchLabels()).doesNotContainKeys("team", "cost-center");
    assertThat(rendered.one(ServiceAccount.class, "lp-operator").getMetadata().getAnnotations())
        .contains(entry("eks.amazonaws.com/role-arn", "arn:aws:iam::123456789012:role/lp"));
  }

  @Test
  void serviceMonitorScrapesTheMetricsPath() throws IOException {
    // given
    Service service = rendered.one(Service.class, FULLNAME + "-metrics");
    HasMetadata monitor = rendered.oneOfKind("ServiceMonitor", FULLNAME);

    // when
    Map<String, Object> spec = spec(monitor);
    @SuppressWarnings("unchecked")
    Map<String, Object> endpoint = ((List<Map<String, Object>>) spec.get("endpoints")).get(0);

    // then
    assertThat(monitor.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
    assertThat(monitor.getMetadata().getLabels()).contains(entry("release", "prometheus"));
    assertThat(endpoint).contains(entry("port", "http"), entry("path", operatorMetricsPath()),
        entry("interval", "15s"), entry("scrapeTimeout", "10s"));
    assertThat(spec.get("selector")).isEqualTo(Map.of("matchLabels", service.getSpec().getSelector()));
    assertThat(service.getSpec().getPorts().get(0).getPort()).isEqualTo(9090);
    assertThat(service.getMetadata().getAnnotations()).contains(entry("prometheus.io/scrape", "true"));
  }

  @Test
  void podMonitorScrapesTheTelemetryPortOfThePodsTheOperatorRenders() {
    // given: the agent DaemonSet as the operator renders it (in the release namespace)
    DaemonSet agents = DaemonSetRenderer.daemonSet(AgentSettings.of(NAMESPACE, "collector:1", new ResourceRequirements()));
    HasMetadata monitor = rendered.oneOfKind("PodMonitor", FULLNAME + "-collector");

    // when
    Map<String, Object> spec = spec(monitor);
    @SuppressWarnings("unchecked")
    Map<String, Object> endpoint = ((List<Map<String, Object>>) spec.get("podMetricsEndpoints")).get(0);
    @SuppressWarnings("unchecked")
    Map<String, String> selector = (Map<String, String>) ((Map<String, Object>) spec.get("selector")).get("matchLabels");
    List<ContainerPort> ports = agents.getSpec().getTemplate().getSpec().getContainers().get(0).getPorts();

    // then: it lives beside the agents (a PodMonitor selects pods in its own namespace), selects their pods
    // and no operator pod, and scrapes the named port that is the agent's telemetry port 12345
    assertThat(monitor.getMetadata().getNamespace()).isEqualTo(agents.getMetadata().getNamespace());
    assertThat(agents.getSpec().getTemplate().getMetadata().getLabels()).containsAllEntriesOf(selector);
    assertThat(agents.getSpec().getSelector().getMatchLabels()).containsAllEntriesOf(selector);
    assertThat(rendered.one(Deployment.class, FULLNAME).getSpec().getTemplate().getMetadata().getLabels().entrySet()
        .containsAll(selector.entrySet())).as("the PodMonitor selects operator pods").isFalse();
    assertThat(ports).filteredOn(port -> port.getName().equals(endpoint.get("port")))
        .singleElement().extracting(ContainerPort::getContainerPort).isEqualTo(12345);
    assertThat(endpoint).contains(entry("path", "/metrics"), entry("interval", "15s"));
    assertThat(monitor.getMetadata().getLabels()).contains(entry("release", "prometheus"));
  }

  @Test
  void disruptionBudgetKeepsOneOperatorUpWithPolicyV1() {
    // given
    PodDisruptionBudget budget = rendered.one(PodDisruptionBudget.class, FULLNAME);

    // when / then
    assertThat(budget.getApiVersion()).isEqualTo("policy/v1");
    assertThat(budget.getSpec().getMinAvailable().getIntVal()).isEqualTo(1);
    assertThat(budget.getSpec().getMaxUnavailable()).isNull();
    assertThat(budget.getSpec().getSelector().getMatchLabels())
        .isEqualTo(rendered.one(Deployment.class, FULLNAME).getSpec().getSelector().getMatchLabels());
  }

  @Test
  void disruptionBudgetFallsBackToPolicyV1beta1OnKubernetes120() throws URISyntaxException {
    // given: Kubernetes 1.20, the oldest version the chart supports, lacks policy/v1
    Path values = Path.of(getClass().getResource("/chart/non-default-values.yaml").toURI());
    HelmChart chart = new HelmChart(RepositoryFiles.chart());

    // when
    List<HasMetadata> objects = Yaml.manifests(chart.template(RELEASE, NAMESPACE, values, "v1.20.2"));

    // then
    assertThat(objects).filteredOn(o -> o.getKind().equals("PodDisruptionBudget"))
        .singleElement()
        .isInstanceOf(io.fabric8.kubernetes.api.model.policy.v1beta1.PodDisruptionBudget.class)
        .extracting(HasMetadata::getApiVersion).isEqualTo("policy/v1beta1");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> spec(HasMetadata monitor) {
    return (Map<String, Object>) ((GenericKubernetesResource) monitor).getAdditionalProperties().get("spec");
  }

  /** Where the operator serves Prometheus metrics: its application.properties, which the chart must follow. */
  private static String operatorMetricsPath() throws IOException {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(
        RepositoryFiles.root().resolve("operator/src/main/resources/application.properties"))) {
      properties.load(reader);
    }
    return properties.getProperty("quarkus.micrometer.export.prometheus.path");
  }
}
