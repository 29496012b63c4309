package io.logpipeline.packaging.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.logpipeline.operator.rbac.OperatorPermissions;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.logpipeline.packaging.RepositoryFiles;
import io.logpipeline.packaging.Yaml;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** `helm template logpipeline-operator -n monitoring` with the chart's own values. */
class ChartDefaultValuesTest {

  private static final String RELEASE = "logpipeline-operator";
  private static final String NAMESPACE = "monitoring";

  private static HelmChart chart;
  private static RenderedObjects rendered;
  private static String appVersion;

  @BeforeAll
  static void render() {
    chart = new HelmChart(RepositoryFiles.chart());
    rendered = new RenderedObjects(Yaml.manifests(chart.template(RELEASE, NAMESPACE, null)));
    appVersion = String.valueOf(chart.chartYaml().get("appVersion"));
  }

  @Test
  void rendersOnlyTheObjectsASingleReplicaInstallNeeds() {
    // given the default values (one replica, no ServiceMonitor, no PodDisruptionBudget)

    // when
    var kinds = rendered.kinds();

    // then: the operator's and the node agent's RBAC, the Lease Role (the operator always elects a leader),
    // nothing that needs optional CRDs; no DaemonSet (the operator renders it while a LogPipeline exists).
    // helm-java's template leaves hooks out: the `helm test` Pod is ChartTestHookTest's.
    assertThat(kinds).containsExactly(
        "ClusterRole", "ClusterRoleBinding", "Deployment", "Role", "RoleBinding", "Service", "ServiceAccount");
    assertThat(rendered.objects()).hasSize(14);
  }

  @Test
  void deploymentRunsOneOperatorAndRecreatesOnUpgrade() {
    // given
    Deployment deployment = rendered.one(Deployment.class, RELEASE);

    // when
    Container operator = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
    Map<String, String> env = RenderedObjects.env(operator.getEnv());

    // then
    assertThat(deployment.getMetadata().getNamespace()).isEqualTo(NAMESPACE);
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(1);
    assertThat(deployment.getSpec().getStrategy().getType()).isEqualTo("Recreate");
    assertThat(env).contains(entry("LOGPIPELINE_LEASE_NAMESPACE", "metadata.namespace"));
  }

  @Test
  void operatorImageAndDefaultCollectorImageUseTheAppVersion() {
    // given
    Deployment deployment = rendered.one(Deployment.class, RELEASE);

    // when
    Container operator = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
    Map<String, String> env = RenderedObjects.env(operator.getEnv());

    // then
    assertThat(appVersion).isEqualTo(RepositoryFiles.releaseVersion());
    assertThat(operator.getImage()).isEqualTo("ghcr.io/logpipeline/logpipeline-operator:" + appVersion);
    assertThat(operator.getImagePullPolicy()).isEqualTo("IfNotPresent");
    assertThat(env).contains(
        entry("LOGPIPELINE_COLLECTOR_IMAGE", "ghcr.io/logpipeline/logpipeline-collector:" + appVersion),
        entry("LOGPIPELINE_COLLECTOR_IMAGE_PULL_POLICY", "IfNotPresent"));
    assertThat(env).doesNotContainKey("LOGPIPELINE_COLLECTOR_IMAGE_PULL_SECRETS");
    assertThat(deployment.getSpec().getTemplate().getSpec().getImagePullSecrets()).isEmpty();
  }

  @Test
  void operatorConfigurationComesFromEnvironmentVariables() {
    // given
    Container operator = rendered.one(Deployment.class, RELEASE)
        .getSpec().getTemplate().getSpec().getContainers().get(0);

    // when
    Map<String, String> env = RenderedObjects.env(operator.getEnv());

    // then: every namespace watched, the agent settings, info level, JSON logs, the release namespace as the
    // agent namespace and monitoring as the one other cluster pipeline namespace
    assertThat(env).contains(
        entry("LOGPIPELINE_WATCH_NAMESPACES", ""),
        entry("LOGPIPELINE_COLLECTOR_CPU_REQUEST", "100m"),
        entry("LOGPIPELINE_COLLECTOR_MEMORY_REQUEST", "128Mi"),
        entry("LOGPIPELINE_COLLECTOR_CPU_LIMIT", "500m"),
        entry("LOGPIPELINE_COLLECTOR_MEMORY_LIMIT", "512Mi"),
        entry("LOGPIPELINE_COLLECTOR_TOLERATIONS", "[]"),
        entry("LOGPIPELINE_COLLECTOR_NODE_SELECTOR", "{}"),
        entry("LOGPIPELINE_COLLECTOR_LOG_LEVEL", "info"),
        entry("LOGPIPELINE_COLLECTOR_DEBUG_TAIL", "false"),
        entry("LOGPIPELINE_COLLECTOR_SERVICE_ACCOUNT", "logpipeline-collector"),
        entry("LOGPIPELINE_AGENT_NAMESPACE", "metadata.namespace"),
        entry("LOGPIPELINE_CLUSTER_PIPELINE_NAMESPACES", "monitoring"),
        entry("LOGPIPELINE_LOG_LEVEL", "INFO"),
        entry("LOGPIPELINE_LOG_JSON", "true"),
        entry("LOGPIPELINE_LEASE_NAMESPACE", "metadata.namespace"),
        entry("POD_NAME", "metadata.name"));
  }

  @Test
  void operatorPodMeetsTheRestrictedPodSecurityStandard() {
    // given
    PodSpec pod = rendered.one(Deployment.class, RELEASE).getSpec().getTemplate().getSpec();

    // when
    Container operator = pod.getContainers().get(0);

    // then
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(10001L);
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(operator.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(operator.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(operator.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(operator.getSecurityContext().getPrivileged()).isNull();
    // the only writable path is an emptyDir at /tmp
    assertThat(operator.getVolumeMounts()).singleElement()
        .satisfies(mount -> assertThat(mount.getMountPath()).isEqualTo("/tmp"));
    assertThat(pod.getVolumes()).singleElement()
        .satisfies(volume -> assertThat(volume.getEmptyDir()).isNotNull());
  }

  @Test
  void probesAndServiceUseTheOperatorsHttpPort() {
    // given
    Deployment deployment = rendered.one(Deployment.class, RELEASE);
    Service service = rendered.one(Service.class, RELEASE + "-metrics");

    // when
    Container operator = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);

    // then
    assertThat(operator.getPorts()).singleElement().satisfies(port -> {
      assertThat(port.getName()).isEqualTo("http");
      assertThat(port.getContainerPort()).isEqualTo(8080);
    });
    assertThat(operator.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/q/health/live");
    assertThat(operator.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/q/health/ready");
    assertThat(operator.getStartupProbe().getHttpGet().getPath()).isEqualTo("/q/health/live");
    assertThat(service.getSpec().getPorts()).singleElement().satisfies(port -> {
      assertThat(port.getPort()).isEqualTo(8080);
      assertThat(port.getTargetPort().getStrVal()).isEqualTo("http");
    });
    // the Service selects exactly the operator pods
    assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(service.getSpec().getSelector());
    assertThat(deployment.getSpec().getSelector().getMatchLabels()).isEqualTo(service.getSpec().getSelector());
  }

  @Test
  void clusterRoleGrantsExactlyWhatTheOperatorUses() {
    // given
    ClusterRole role = rendered.one(ClusterRole.class, RELEASE);

    // when
    var permissions = RenderedObjects.permissions(role.getRules());

    // then: exactly the operator's declared cluster-wide list
    assertThat(permissions).containsExactlyInAnyOrderElementsOf(granted(OperatorPermissions.cluster()));
  }

  @Test
  void theOperatorWritesOnlyInTheReleaseNamespaceAndHoldsNoRbacVerb() {
    // given
    Role role = rendered.one(Role.class, RELEASE);
    RoleBinding binding = rendered.one(RoleBinding.class, RELEASE);

    // when
    var writes = RenderedObjects.permissions(role.getRules());
    var cluster = RenderedObjects.permissions(rendered.one(ClusterRole.class, RELEASE).getRules());

    // then
    assertThat(role.getMetadata().getNamespace()).isEqualTo(NAMESPACE);
    assertThat(writes).containsExactlyInAnyOrderElementsOf(granted(OperatorPermissions.AGENT_NAMESPACE));
    assertThat(binding.getSubjects()).singleElement().satisfies(s -> assertThat(s.getName()).isEqualTo(RELEASE));
    assertThat(cluster).noneMatch(p -> p.startsWith("rbac.authorization.k8s.io/"));
    assertThat(cluster).filteredOn(p -> p.endsWith(":create") || p.endsWith(":update") || p.endsWith(":delete"))
        .as("cluster-wide the operator only creates Events").containsExactly("/events:create");
  }

  @Test
  void theNodeAgentReadsMetadataClusterWideAndItsConfigurationInTheReleaseNamespace() {
    // given
    ServiceAccount account = rendered.one(ServiceAccount.class, "logpipeline-collector");
    ClusterRole clusterRole = rendered.one(ClusterRole.class, RELEASE + "-collector");
    ClusterRoleBinding clusterBinding = rendered.one(ClusterRoleBinding.class, RELEASE + "-collector");
    Role role = rendered.one(Role.class, RELEASE + "-collector");
    RoleBinding binding = rendered.one(RoleBinding.class, RELEASE + "-collector");

    // when
    var cluster = RenderedObjects.permissions(clusterRole.getRules());
    var local = RenderedObjects.permissions(role.getRules());

    // then
    assertThat(cluster).containsExactlyInAnyOrder(
        "/pods:get", "/pods:list", "/pods:watch", "/namespaces:get", "/namespaces:list", "/namespaces:watch",
        "/nodes:get", "/nodes:list", "/nodes:watch", "apps/replicasets:get", "apps/replicasets:list", "apps/replicasets:watch");
    assertThat(local).containsExactlyInAnyOrder(
        "/configmaps:get", "/configmaps:list", "/configmaps:watch", "/secrets:get", "/secrets:list", "/secrets:watch",
        "/configmaps:create", "/configmaps:update", "/configmaps:patch");
    assertThat(role.getMetadata().getNamespace()).isEqualTo(NAMESPACE);
    assertThat(List.of(clusterBinding.getSubjects().get(0), binding.getSubjects().get(0))).allSatisfy(subject -> {
      assertThat(subject.getName()).isEqualTo(account.getMetadata().getName());
      assertThat(subject.getNamespace()).isEqualTo(NAMESPACE);
    });
  }

  private static List<String> granted(List<io.logpipeline.operator.rbac.Permission> permissions) {
    return permissions.stream()
        .flatMap(p -> p.verbs().stream().map(verb -> p.apiGroup() + "/" + p.resource() + ":" + verb))
        .toList();
  }

  @Test
  void clusterRoleHasNoWildcardsAndNoPrivilegeEscalationVerbs() {
    // given
    ClusterRole role = rendered.one(ClusterRole.class, RELEASE);

    // when
    var permissions = RenderedObjects.permissions(role.getRules());

    // then
    assertThat(permissions).noneMatch(p -> p.contains("*"));
    assertThat(permissions).noneMatch(p -> p.endsWith(":bind") || p.endsWith(":escalate")
        || p.endsWith(":impersonate"));
    assertThat(role.getRules()).allSatisfy(rule -> assertThat(rule.getNonResourceURLs()).isNullOrEmpty());
  }

  @Test
  void clusterRoleIsBoundToTheOperatorsServiceAccount() {
    // given
    ServiceAccount account = rendered.one(ServiceAccount.class, RELEASE);
    ClusterRoleBinding binding = rendered.one(ClusterRoleBinding.class, RELEASE);
    Deployment deployment = rendered.one(Deployment.class, RELEASE);

    // when
    var subject = binding.getSubjects().get(0);

    // then
    assertThat(binding.getRoleRef().getKind()).isEqualTo("ClusterRole");
    assertThat(binding.getRoleRef().getName()).isEqualTo(RELEASE);
    assertThat(binding.getSubjects()).hasSize(1);
    assertThat(subject.getKind()).isEqualTo("ServiceAccount");
    assertThat(subject.getName()).isEqualTo(account.getMetadata().getName());
    assertThat(subject.getNamespace()).isEqualTo(NAMESPACE);
    assertThat(deployment.getSpec().getTemplate().getSpec().getServiceAccountName())
        .isEqualTo(account.getMetadata().getName());
  }

  @Test
  void everyObjectCarriesTheStandardLabels() {
    // given
    var objects = rendered.objects();

    // when / then
    assertThat(objects).allSatisfy(object -> assertThat(object.getMetadata().getLabels()).contains(
        entry("app.kubernetes.io/name", "logpipeline-operator"),
        entry("app.kubernetes.io/instance", RELEASE),
        entry("app.kubernetes.io/version", appVersion),
        entry("app.kubernetes.io/managed-by", "Helm"),
        entry("app.kubernetes.io/part-of", "logpipeline"),
        entry("helm.sh/chart", "logpipeline-operator-" + chart.chartYaml().get("version"))));
    assertThat(objects).filteredOn(o -> !o.getKind().startsWith("Cluster"))
        .extracting(HasMetadata::getMetadata)
        .allSatisfy(metadata -> assertThat(metadata.getNamespace()).isEqualTo(NAMESPACE));
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
  void renderingIsDeterministic() {
    // given: a second render of the same release (what Argo CD does on every sync)

    // when
    String first = chart.template(RELEASE, NAMESPACE, null);
    String second = chart.template(RELEASE, NAMESPACE, null);

    // then
    assertThat(second).isEqualTo(first);
  }

  @Test
  void templatesUseNoFunctionWhoseResultChangesBetweenRenders() throws IOException {
    // given: Sprig/Helm functions, inside template actions, that differ per render or depend on
    // the live cluster
    Pattern unstable = Pattern.compile(
        "\\{\\{[^}]*\\b(rand\\w*|now|uuidv4|gen(CA|PrivateKey|SelfSignedCert|SignedCert)|lookup)\\b");

    // when
    List<String> offending;
    try (Stream<Path> files = Files.walk(RepositoryFiles.chart().resolve("templates"))) {
      offending = files.filter(Files::isRegularFile).filter(file -> {
        try {
          return unstable.matcher(Files.readString(file)).find();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }).map(file -> file.getFileName().toString()).toList();
    }

    // then
    assertThat(offending).isEmpty();
  }

  @Test
  void operatorElectsALeaderWithItsLeaseInTheReleaseNamespace() {
    // given the operator's default: leader election only inside a pod, which the chart makes explicit
    Deployment deployment = rendered.one(Deployment.class, RELEASE);

    // when
    Container operator = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
    Map<String, String> env = RenderedObjects.env(operator.getEnv());
    Role role = rendered.one(Role.class, RELEASE + "-leader-election");

    // then
    assertThat(env).contains(entry("LOGPIPELINE_LEADER_ELECTION", "true"), entry("LOGPIPELINE_LEASE_NAMESPACE", "metadata.namespace"));
    assertThat(role.getMetadata().getNamespace()).isEqualTo(NAMESPACE);
  }

  @Test
  void leaseRoleGrantsTheOperatorsLeaseVerbsOnItsLeaseOnly() {
    // given
    Role role = rendered.one(Role.class, RELEASE + "-leader-election");

    // when
    var verbs = role.getRules().stream().flatMap(rule -> rule.getVerbs().stream()).distinct().sorted().toList();

    // then: what the operator's Lease lock does, and get/update only on its own Lease
    assertThat(verbs).containsExactlyInAnyOrderElementsOf(OperatorPermissions.LEADER_ELECTION.stream()
        .flatMap(p -> p.verbs().stream()).toList());
    assertThat(role.getRules()).filteredOn(rule -> rule.getVerbs().contains("update"))
        .allSatisfy(rule -> assertThat(rule.getResourceNames()).containsExactly("logpipeline-operator-lease"));
  }
}
