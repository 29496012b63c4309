package io.logpipeline.e2e.scenario;

import static io.logpipeline.e2e.scenario.ProductCluster.AGENT_NS;
import static io.logpipeline.e2e.scenario.ProductCluster.NODES;
import static io.logpipeline.e2e.scenario.ProductCluster.columns;
import static io.logpipeline.e2e.scenario.ProductCluster.metric;
import static io.logpipeline.e2e.scenario.ProductCluster.workload;
import static io.logpipeline.e2e.scenario.ReceivedRecords.assertAllArrived;
import static io.logpipeline.e2e.scenario.ReceivedRecords.fields;
import static io.logpipeline.e2e.scenario.ReceivedRecords.sequencesByApp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.logpipeline.e2e.controlplane.Kubectl;
import io.logpipeline.e2e.kubelet.RunningPod;
import io.logpipeline.e2e.sink.OtlpLogSink;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Several teams' pipelines on the one node agent (issue 13, DESIGN §2 "Tenancy", §3): a cluster pipeline in
 * {@code monitoring} and one pipeline in each of two tenant namespaces, each sending to its own backend (its own sink).
 * The tests share the cluster and run in order: one agent per node runs all three; each backend gets only what its
 * pipeline may read; a tenant cannot read another namespace; an edit reaches the records within 10 s without
 * restarting an agent; one backend's outage shows on its pipeline only and loses nothing; a backend answering 401 shows
 * as BackendRejecting; a deleted pipeline's objects go and its records stop.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TenantPipelinesEndToEndIT {

  /** A cluster pipeline namespace (chart value clusterPipelineNamespaces, default [monitoring]): it may read every namespace. */
  private static final String CLUSTER_NS = "monitoring";
  private static final String TEAM_A = "team-a";
  private static final String TEAM_B = "team-b";
  private static final String CLUSTER_PIPELINE = "all";
  private static final String TEAM_PIPELINE = "logs";

  private static ProductCluster cluster;
  private static Kubectl kubectl;
  private static final OtlpLogSink central = OtlpLogSink.start();
  private static final OtlpLogSink sinkA = OtlpLogSink.start();
  private static final OtlpLogSink sinkB = OtlpLogSink.start();

  @BeforeAll
  static void installProduct() {
    cluster = ProductCluster.install();
    kubectl = cluster.kubectl();
    for (String namespace : List.of(CLUSTER_NS, TEAM_A, TEAM_B)) {
      kubectl.run("create", "namespace", namespace);
    }
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
    List.of(central, sinkA, sinkB).forEach(OtlpLogSink::close);
  }

  @Test
  @Order(1)
  void pipelinesOfThreeNamespacesRunOnOneAgentPerNode() {
    // given a cluster pipeline and two tenant pipelines, each with its own backend (team-b's with a token Secret)
    cluster.apply(CLUSTER_NS, backend("central", central, false), pipeline(CLUSTER_PIPELINE, "central", ""));
    cluster.apply(TEAM_A, backend("a-store", sinkA, false), pipeline(TEAM_PIPELINE, "a-store", ""));
    cluster.apply(TEAM_B, """
        apiVersion: v1
        kind: Secret
        metadata: {name: b-token}
        stringData: {header: "Bearer team-b-token"}
        """, backend("b-store", sinkB, true), pipeline(TEAM_PIPELINE, "b-store", ""));

    // when the operator has compiled them and the agents run them

    // then every pipeline is Ready on both nodes
    await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() ->
        assertThat(columns(kubectl.run("get", "logpipelines", "-A", "--no-headers"), 5)).containsExactlyInAnyOrder(
            List.of(CLUSTER_NS, CLUSTER_PIPELINE, "True", "Ready", "2/2"),
            List.of(TEAM_A, TEAM_PIPELINE, "True", "Ready", "2/2"),
            List.of(TEAM_B, TEAM_PIPELINE, "True", "Ready", "2/2")));
    // on one DaemonSet in the release namespace, one agent per node
    assertThat(columns(kubectl.run("get", "daemonsets", "-A", "--no-headers", "-o",
        "custom-columns=NS:.metadata.namespace,NAME:.metadata.name,DESIRED:.status.desiredNumberScheduled"), 3))
        .containsExactly(List.of(AGENT_NS, "logpipeline-collector", "2"));
    assertThat(cluster.collectorPods()).extracting(RunningPod::nodeName).containsExactlyInAnyOrderElementsOf(NODES);
    // each pipeline compiled into its own ConfigMap (and Secret, where it has credentials) beside the agent
    assertThat(kubectl.run("get", "configmaps", "-n", AGENT_NS, "-l", "logpipeline.io/role=pipeline-config", "-o", "name")
        .lines()).containsExactlyInAnyOrder("configmap/lp.monitoring.all", "configmap/lp.team-a.logs", "configmap/lp.team-b.logs");
    assertThat(kubectl.run("get", "secrets", "-n", AGENT_NS, "-l", "logpipeline.io/role=pipeline-credentials", "-o", "name")
        .lines()).containsExactly("secret/lp.team-b.logs");
  }

  @Test
  @Order(2)
  void eachBackendGetsOnlyWhatItsPipelineMayRead() {
    // given
    cluster.applyAsIs(workload(TEAM_A, "a-web", "node-a", false), workload(TEAM_A, "a-jobs", "node-b", false),
        workload(TEAM_B, "b-web", "node-b", false));

    // when the workloads have written for a while
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
      assertThat(sequencesByApp(sinkA.accepted())).containsKeys("a-web", "a-jobs")
          .allSatisfy((app, sequences) -> assertThat(sequences).hasSizeGreaterThan(10));
      assertThat(sequencesByApp(sinkB.accepted())).containsKey("b-web")
          .allSatisfy((app, sequences) -> assertThat(sequences).hasSizeGreaterThan(10));
      assertThat(sequencesByApp(central.accepted())).containsKeys("a-web", "a-jobs", "b-web");
    });

    // then a tenant's backend gets its own namespace's logs only, from both nodes' agents
    assertThat(sinkA.accepted()).extracting(log -> fields(log).get("k8s.namespace.name")).containsOnly(TEAM_A);
    assertThat(sinkA.accepted()).extracting(log -> fields(log).get("k8s.node.name")).containsOnlyElementsOf(NODES)
        .contains("node-a", "node-b");
    assertThat(sinkB.accepted()).extracting(log -> fields(log).get("k8s.namespace.name")).containsOnly(TEAM_B);
    assertThat(sinkB.accepted()).allSatisfy(log ->
        assertThat(log.headers()).containsEntry("authorization", "Bearer team-b-token"));
    // and the cluster pipeline's backend gets every namespace's
    assertThat(central.accepted()).extracting(log -> fields(log).get("k8s.namespace.name")).contains(TEAM_A, TEAM_B);
    assertThat(central.accepted()).noneMatch(log -> log.headers().containsKey("authorization"));
  }

  @Test
  @Order(3)
  void aTenantPipelineNamingAnotherNamespaceIsRefusedAndShipsNothingOfIt() {
    // given
    String peek = """
        apiVersion: logpipeline.io/v1alpha1
        kind: LogPipeline
        metadata: {name: peek}
        spec:
          input:
            namespaces: {include: [team-a]}
          backendRefs: [{name: b-store}]
        """;

    // when
    cluster.apply(TEAM_B, peek);

    // then
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
        assertThat(cluster.condition(TEAM_B, "peek", "Accepted")).isEqualTo("False NamespaceNotAllowed"));
    assertThat(cluster.conditionMessage(TEAM_B, "peek", "Accepted"))
        .contains("spec.input.namespaces.include[0]").contains("\"team-a\"").contains("clusterPipelineNamespaces");
    assertThat(cluster.condition(TEAM_B, "peek", "Ready")).startsWith("False");
    // nothing of it reaches the agents: no compiled configuration, no agent reports it, team-b's backend gets no team-a line
    assertThat(kubectl.run("get", "configmap,secret", "-n", AGENT_NS, "-o", "name")).doesNotContain("lp.team-b.peek");
    await().during(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
      assertThat(agentReports()).doesNotContain("peek");
      assertThat(sinkB.accepted()).extracting(log -> fields(log).get("k8s.namespace.name")).containsOnly(TEAM_B);
    });
    kubectl.run("delete", "lp", "peek", "-n", TEAM_B, "--timeout=60s");
  }

  @Test
  @Order(4)
  void anEditedPipelinesRecordsChangeWithinTenSecondsWithoutRestartingAnAgent() {
    // given
    Set<Long> agents = cluster.collectorPids();
    String hashBefore = configHash(TEAM_A, TEAM_PIPELINE);

    // when team-a adds an attribute to its records
    Instant edited = Instant.now();
    cluster.apply(TEAM_A, pipeline(TEAM_PIPELINE, "a-store", """
          processors:
            - attributes:
                actions:
                  - {key: team, action: insert, value: team-a}
        """));

    // then the records at its backend carry it within 10 s
    await().atMost(Duration.ofSeconds(10).minus(Duration.between(edited, Instant.now())))
        .pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
            assertThat(sinkA.accepted()).anyMatch(log -> "team-a".equals(log.attributes().get("team"))));
    System.out.printf("edit of %s/%s reached its backend after %d ms%n", TEAM_A, TEAM_PIPELINE,
        Duration.between(edited, Instant.now()).toMillis());
    // loaded live by the same agent processes
    assertThat(configHash(TEAM_A, TEAM_PIPELINE)).isNotEqualTo(hashBefore);
    assertThat(cluster.collectorPids()).isEqualTo(agents);
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
        assertThat(cluster.condition(TEAM_A, TEAM_PIPELINE, "CollectorReady")).isEqualTo("True Running"));
    // the other pipelines are untouched and no line of team-a was lost across the switch
    assertThat(central.accepted()).noneMatch(log -> log.attributes().containsKey("team"));
    int web = cluster.writtenLines(TEAM_A, "a-web");
    int jobs = cluster.writtenLines(TEAM_A, "a-jobs");
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
      assertAllArrived(sinkA, "a-web", web);
      assertAllArrived(sinkA, "a-jobs", jobs);
    });
  }

  @Test
  @Order(5)
  void oneBackendsOutageShowsOnItsPipelineOnlyAndIsRiddenOutWithoutLosingALine() {
    // given
    int rejectedBefore = central.rejectedRequests();

    // when
    Instant outage = Instant.now();
    central.unavailable(true);

    // then the agents retry and hold the batches in their export queues, failing none
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
      assertThat(central.rejectedRequests()).isGreaterThan(rejectedBefore + 2);
      assertThat(cluster.collectorPods()).anySatisfy(agent ->
          assertThat(metric(agent, "otelcol_exporter_queue_size")).isGreaterThan(0));
    });
    assertThat(cluster.collectorPods()).allSatisfy(agent ->
        assertThat(metric(agent, "otelcol_exporter_send_failed_log_records_total")).isZero());
    // its pipeline shows it within 90 s, naming the backend
    await().atMost(Duration.ofSeconds(90).minus(Duration.between(outage, Instant.now())))
        .pollInterval(Duration.ofSeconds(2)).untilAsserted(() ->
            assertThat(cluster.condition(CLUSTER_NS, CLUSTER_PIPELINE, "Delivering")).isEqualTo("False BackendUnreachable"));
    System.out.printf("outage shown after %d ms%n", Duration.between(outage, Instant.now()).toMillis());
    assertThat(cluster.conditionMessage(CLUSTER_NS, CLUSTER_PIPELINE, "Delivering")).contains("\"central\"");
    // while the tenants' pipelines stay Ready and their backends got every line written during the outage
    assertThat(cluster.condition(TEAM_A, TEAM_PIPELINE, "Ready")).isEqualTo("True Ready");
    assertThat(cluster.condition(TEAM_B, TEAM_PIPELINE, "Ready")).isEqualTo("True Ready");
    int webDuringOutage = cluster.writtenLines(TEAM_A, "a-web");
    int bWebDuringOutage = cluster.writtenLines(TEAM_B, "b-web");
    await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
      assertAllArrived(sinkA, "a-web", webDuringOutage);
      assertAllArrived(sinkB, "b-web", bWebDuringOutage);
    });

    // when the backend is back
    central.unavailable(false);

    // then every line written before, during and after the outage reaches it, and its pipeline turns back
    List<String> apps = List.of("a-web", "a-jobs", "b-web");
    List<Integer> written = List.of(cluster.writtenLines(TEAM_A, "a-web"), cluster.writtenLines(TEAM_A, "a-jobs"),
        cluster.writtenLines(TEAM_B, "b-web"));
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
      for (int i = 0; i < apps.size(); i++) {
        assertAllArrived(central, apps.get(i), written.get(i));
      }
    });
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
      assertThat(cluster.collectorPods()).allSatisfy(agent ->
          assertThat(metric(agent, "otelcol_exporter_queue_size")).isZero());
      assertThat(cluster.condition(CLUSTER_NS, CLUSTER_PIPELINE, "Delivering")).isEqualTo("True Delivering");
      assertThat(cluster.condition(CLUSTER_NS, CLUSTER_PIPELINE, "Ready")).isEqualTo("True Ready");
    });
  }

  @Test
  @Order(6)
  void aBackendAnswering401ShowsAsRejectingAndNamesTheBackend() {
    // when team-b's backend refuses its token
    sinkB.failWith(401);

    // then
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
        assertThat(cluster.condition(TEAM_B, TEAM_PIPELINE, "Delivering")).isEqualTo("False BackendRejecting"));
    assertThat(cluster.conditionMessage(TEAM_B, TEAM_PIPELINE, "Delivering")).contains("\"b-store\"").contains("401");
    assertThat(cluster.condition(TEAM_B, TEAM_PIPELINE, "Ready")).startsWith("False");
    assertThat(cluster.condition(TEAM_A, TEAM_PIPELINE, "Ready")).isEqualTo("True Ready");

    // when the token is accepted again
    sinkB.failWith(0);

    // then it no longer shows as rejecting; the records refused meanwhile stay counted for the 5-minute window
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
        assertThat(cluster.condition(TEAM_B, TEAM_PIPELINE, "Delivering")).isEqualTo("False RecordsDropped"));
    assertThat(Long.parseLong(kubectl.run("get", "lp", TEAM_PIPELINE, "-n", TEAM_B, "-o",
        "jsonpath={.status.backends[0].failed}"))).isPositive();
  }

  @Test
  @Order(7)
  void aDeletedPipelinesObjectsAreGoneAndItsRecordsStop() {
    // given
    Set<Long> agents = cluster.collectorPids();
    String[] objects = {"get", "configmap/lp.team-b.logs", "secret/lp.team-b.logs", "-n", AGENT_NS, "-o", "name",
        "--ignore-not-found"};
    assertThat(kubectl.run(objects).lines()).hasSize(2);

    // when
    kubectl.run("delete", "logpipeline", TEAM_PIPELINE, "-n", TEAM_B, "--timeout=60s");

    // then its objects are gone, the agents stay (other pipelines remain), and its backend gets nothing more
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
        assertThat(kubectl.run(objects)).isEmpty());
    assertThat(cluster.collectorPids()).isEqualTo(agents);
    int[] received = {sinkB.accepted().size()};
    await().during(Duration.ofSeconds(8)).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(() -> {
      int now = sinkB.accepted().size();
      boolean unchanged = now == received[0];
      received[0] = now;
      return unchanged;
    });
    int newestShipped = sequencesByApp(sinkB.accepted()).get("b-web").stream().max(Integer::compare).orElseThrow();
    int written = cluster.writtenLines(TEAM_B, "b-web");
    assertThat(written).as("b-web kept writing after its pipeline was deleted").isGreaterThan(newestShipped + 30);
    // the cluster pipeline still ships b-web's lines
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
        assertAllArrived(central, "b-web", written));
  }

  /** A LogBackend named {@code name} sending to {@code sink}; {@code withToken} adds the Authorization header from Secret b-token. */
  private static String backend(String name, OtlpLogSink sink, boolean withToken) {
    return """
        apiVersion: logpipeline.io/v1alpha1
        kind: LogBackend
        metadata: {name: %s}
        spec:
          otlp:
            endpoint: %s
            # shorter back-off than the default 5s..30s, so recovery after an outage shows within the suite's budget
            retry: {initialInterval: 1s, maxInterval: 3s}
        %s""".formatted(name, sink.endpoint(), withToken
        ? "    headers: [{name: Authorization, valueFrom: {secretKeyRef: {name: b-token, key: header}}}]\n" : "");
  }

  /** A LogPipeline reading what its namespace may read, with the pod label {@code app} as a record field. */
  private static String pipeline(String name, String backend, String processors) {
    return """
        apiVersion: logpipeline.io/v1alpha1
        kind: LogPipeline
        metadata: {name: %s}
        spec:
          kubernetes:
            labels: [{tagName: app, key: app, from: pod}]
        %s  backendRefs: [{name: %s}]
        """.formatted(name, processors, backend);
  }

  private static String configHash(String namespace, String pipeline) {
    return kubectl.run("get", "lp", pipeline, "-n", namespace, "-o", "jsonpath={.status.configHash}");
  }

  /** Every node agent's report, as the JSON it wrote. */
  private static String agentReports() {
    return kubectl.run("get", "configmaps", "-n", AGENT_NS, "-l", "logpipeline.io/role=agent-report", "-o",
        "jsonpath={.items[*].data}");
  }
}
