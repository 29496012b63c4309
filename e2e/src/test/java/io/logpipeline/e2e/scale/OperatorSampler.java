package io.logpipeline.e2e.scale;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Watches the operator process from outside, as a user's monitoring would: its Prometheus
 * {@code /metrics} (heap used and committed, non-heap used, the JVM's live-data estimate, JOSDK's reconcile
 * counters) and {@code /proc/<pid>/status} (VmHWM, the kernel's peak RSS), sampled every
 * {@link #PERIOD}, keeping the peaks.
 */
final class OperatorSampler implements AutoCloseable {

  static final Duration PERIOD = Duration.ofMillis(250);
  /** JOSDK's micrometer counter of reconciliations started, one series per custom resource. */
  static final String RECONCILES_STARTED = "operator_sdk_reconciliations_started_total";
  /** The LogPipelines' series; the LogBackend controller reconciles too and is counted apart. */
  static final Predicate<String> PIPELINE_CONTROLLER = labels -> labels.contains("kind=\"LogPipeline\"");

  private final long pid;
  private final URI metrics;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
    Thread thread = new Thread(runnable, "operator-sampler");
    thread.setDaemon(true);
    return thread;
  });
  private volatile double peakHeapUsed;
  private volatile double peakHeapCommitted;
  private volatile double peakLiveData;
  private volatile double peakNonHeapUsed;
  private volatile int samples;
  private volatile boolean failureReported;

  private OperatorSampler(long pid, int httpPort) {
    this.pid = pid;
    this.metrics = URI.create("http://127.0.0.1:" + httpPort + "/metrics");
  }

  static OperatorSampler start(long pid, int httpPort) {
    OperatorSampler sampler = new OperatorSampler(pid, httpPort);
    sampler.timer.scheduleAtFixedRate(sampler::sample, 0, PERIOD.toMillis(), TimeUnit.MILLISECONDS);
    return sampler;
  }

  private void sample() {
    try {
      PrometheusText text = scrape();
      peakHeapUsed = Math.max(peakHeapUsed, text.sum("jvm_memory_used_bytes", labels -> labels.contains("area=\"heap\"")));
      peakHeapCommitted = Math.max(peakHeapCommitted,
          text.sum("jvm_memory_committed_bytes", labels -> labels.contains("area=\"heap\"")));
      peakNonHeapUsed = Math.max(peakNonHeapUsed,
          text.sum("jvm_memory_used_bytes", labels -> labels.contains("area=\"nonheap\"")));
      peakLiveData = Math.max(peakLiveData, text.sum("jvm_gc_live_data_size_bytes", labels -> true));
      samples++;
    } catch (RuntimeException e) {
      // one line is enough: the first samples of a starting operator find no listener yet
      if (!timer.isShutdown() && !failureReported) {
        failureReported = true;
        System.out.printf("event=operator-sample-failed message=%s%n", e.getMessage());
      }
    }
  }

  /** The operator's {@code /metrics} now. */
  PrometheusText scrape() {
    try {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException(metrics + " answered " + response.statusCode());
      }
      return new PrometheusText(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(metrics + " unreachable", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** The LogPipeline controller's reconciliations started so far. */
  double pipelineReconciles() {
    return scrape().sum(RECONCILES_STARTED, PIPELINE_CONTROLLER);
  }

  /** The LogBackend controller's reconciliations started so far. */
  double backendReconciles() {
    return scrape().sum(RECONCILES_STARTED, labels -> labels.contains("kind=\"LogBackend\""));
  }

  /** CPU time (user + system) the operator process has used so far. */
  Duration cpuTime() {
    return ProcessHandle.of(pid).flatMap(handle -> handle.info().totalCpuDuration())
        .orElseThrow(() -> new IllegalStateException("operator process " + pid + " gone"));
  }

  /** The kernel's peak resident set size of the operator process, in bytes. */
  long peakRss() {
    try {
      return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
          .filter(line -> line.startsWith("VmHWM:"))
          .map(line -> Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024)
          .findFirst().orElseThrow(() -> new IllegalStateException("no VmHWM in /proc/" + pid + "/status"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  double peakHeapUsed() {
    return peakHeapUsed;
  }

  double peakHeapCommitted() {
    return peakHeapCommitted;
  }

  /** Metaspace, code cache and compressed class space: what the JVM holds beside the heap, threads aside. */
  double peakNonHeapUsed() {
    return peakNonHeapUsed;
  }

  double peakLiveData() {
    return peakLiveData;
  }

  int samples() {
    return samples;
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }

  /** A Prometheus text exposition, summed by metric name over the series whose labels match. */
  record PrometheusText(String body) {

    double sum(String name, Predicate<String> labels) {
      return body.lines()
          .filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
          .filter(line -> labels.test(line.substring(name.length(), line.lastIndexOf(' '))))
          .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
          .sum();
    }

    /** Names of the metrics that contain {@code part}, to say what the operator exposes. */
    SortedSet<String> names(String part) {
      return body.lines().filter(line -> !line.startsWith("#") && line.contains(part))
          .map(line -> line.split("[{ ]", 2)[0])
          .collect(Collectors.toCollection(TreeSet::new));
    }
  }
}
