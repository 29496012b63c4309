package io.logpipeline.e2e.scale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.logpipeline.api.agent.AgentContract;
import io.logpipeline.api.agent.AgentReport;
import io.logpipeline.api.agent.AgentReportJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands in for the node agents of {@code nodes} nodes, which the benchmark does not run (one collector JVM per
 * node would measure the machine, not the operator): each writes its report ConfigMap
 * ({@link AgentContract#agentReportName}, key {@link AgentContract#AGENT_REPORT_KEY}) the way
 * {@code ConfigMapReportWriter} does, on the schedule of the collector's {@code AgentReporter}: a tick every second
 * writes when {@code writeInterval} has passed since the last write or when the pipelines it runs changed (one
 * started, or runs a new hash) — the agent reports a state change at its next tick, not at the interval. Each report
 * claims every pipeline configuration present in the agent namespace with the hash an agent computes from what it
 * loaded (ConfigMap JSON and Secret values, {@link AgentContract#configHashOfSecretData}) and each backend delivering
 * a constant count with no error. The nodes start staggered over one interval, as agents started at different times
 * would.
 */
final class FakeAgents implements AutoCloseable {

  private static final String FIELD_MANAGER = "logpipeline-agent";
  private static final long SENT_PER_BACKEND = 1000;
  private static final ObjectMapper JSON = new ObjectMapper();
  /** {@code AgentReporter.TICK_MILLIS}: how soon an agent reports a state change. */
  private static final long TICK_MILLIS = 1000;

  private final KubernetesClient client;
  private final String agentNamespace;
  private final CompiledObjects compiled;
  private final ScheduledExecutorService writers = Executors.newScheduledThreadPool(2, runnable -> {
    Thread thread = new Thread(runnable, "fake-agent");
    thread.setDaemon(true);
    return thread;
  });
  /** What each pipeline ConfigMap (by name) compiles to, for the resource versions it was computed from. */
  private final Map<String, Claim> claims = new ConcurrentHashMap<>();
  private final AtomicInteger written = new AtomicInteger();
  /** Per node, when it last wrote and the pipelines (identity and hash) that report claimed. */
  private final Map<String, LastWrite> lastWrites = new ConcurrentHashMap<>();
  private final Duration writeInterval;

  private record LastWrite(long nanos, List<AgentReport.PipelineReport> pipelines) {
  }

  /** One pipeline as an agent would run it: its identity, hash and backends. */
  private record Claim(String configVersion, String secretVersion, AgentReport.PipelineReport report) {
  }

  private FakeAgents(KubernetesClient client, String agentNamespace, CompiledObjects compiled, Duration writeInterval) {
    this.client = client;
    this.agentNamespace = agentNamespace;
    this.compiled = compiled;
    this.writeInterval = writeInterval;
  }

  /** Starts one report writer per node. */
  static FakeAgents start(KubernetesClient client, String agentNamespace, CompiledObjects compiled, List<String> nodes,
      Duration writeInterval) {
    FakeAgents agents = new FakeAgents(client, agentNamespace, compiled, writeInterval);
    for (int i = 0; i < nodes.size(); i++) {
      String node = nodes.get(i);
      long offset = writeInterval.toMillis() * i / nodes.size();
      agents.writers.scheduleWithFixedDelay(() -> agents.tick(node), offset, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }
    return agents;
  }

  /** Report ConfigMaps written so far. */
  int written() {
    return written.get();
  }

  /** One tick of a node's agent: writes when the interval is due or what it runs changed, as AgentReporter does. */
  private void tick(String node) {
    List<AgentReport.PipelineReport> pipelines = new ArrayList<>();
    for (ConfigMap config : compiled.pipelineConfigs()) {
      claim(config).ifPresent(pipelines::add);
    }
    // the informer's store lists in no set order: sorted, so an unchanged set compares equal
    pipelines.sort(Comparator.comparing(AgentReport.PipelineReport::namespace).thenComparing(AgentReport.PipelineReport::name));
    LastWrite last = lastWrites.get(node);
    boolean due = last == null || System.nanoTime() - last.nanos() >= writeInterval.toNanos();
    if (due || !pipelines.equals(last.pipelines())) {
      write(node, pipelines);
    }
  }

  private void write(String node, List<AgentReport.PipelineReport> pipelines) {
    try {
      AgentReport report = new AgentReport(node, Instant.now().toString(), pipelines);
      client.configMaps().inNamespace(agentNamespace).resource(new ConfigMapBuilder()
              .withNewMetadata().withName(AgentContract.agentReportName(node)).withNamespace(agentNamespace)
              .addToLabels(AgentContract.LABEL_ROLE, AgentContract.ROLE_AGENT_REPORT).endMetadata()
              .addToData(AgentContract.AGENT_REPORT_KEY, AgentReportJson.write(report))
              .build())
          .fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
      written.incrementAndGet();
      lastWrites.put(node, new LastWrite(System.nanoTime(), pipelines));
    } catch (KubernetesClientException | UncheckedIOException e) {
      // an agent retries at its next tick; say so once per failure
      System.out.printf("event=agent-report-failed node=%s message=%s%n", node, e.getMessage());
    }
  }

  /** The pipeline this ConfigMap configures, as an agent running it reports it; cached per resource version. */
  private Optional<AgentReport.PipelineReport> claim(ConfigMap config) {
    String key = config.getMetadata().getAnnotations() == null ? null
        : config.getMetadata().getAnnotations().get(AgentContract.ANNOTATION_PIPELINE);
    String json = config.getData() == null ? null : config.getData().get(AgentContract.PIPELINE_CONFIG_KEY);
    if (key == null || !key.contains("/") || json == null) {
      return Optional.empty();
    }
    Optional<Secret> secret = compiled.credentialsOf(config);
    String configVersion = config.getMetadata().getResourceVersion();
    String secretVersion = secret.map(s -> s.getMetadata().getResourceVersion()).orElse("");
    Claim cached = claims.get(config.getMetadata().getName());
    if (cached != null && cached.configVersion().equals(configVersion) && cached.secretVersion().equals(secretVersion)) {
      return Optional.of(cached.report());
    }
    Map<String, String> credentials = secret.map(Secret::getData).orElse(Map.of());
    String hash = AgentContract.configHashOfSecretData(json, credentials == null ? Map.of() : credentials);
    List<AgentReport.BackendReport> backends = new ArrayList<>();
    try {
      for (JsonNode exporter : JSON.readTree(json).path("exporters")) {
        backends.add(new AgentReport.BackendReport(exporter.path("name").asText(), SENT_PER_BACKEND, 0, 0, null, null,
            false, null));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("pipeline ConfigMap " + config.getMetadata().getName() + " is not JSON", e);
    }
    int slash = key.indexOf('/');
    AgentReport.PipelineReport report = new AgentReport.PipelineReport(key.substring(0, slash), key.substring(slash + 1),
        hash, null, null, Map.of(), backends);
    claims.put(config.getMetadata().getName(), new Claim(configVersion, secretVersion, report));
    return Optional.of(report);
  }

  @Override
  public void close() {
    writers.shutdownNow();
    try {
      writers.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
