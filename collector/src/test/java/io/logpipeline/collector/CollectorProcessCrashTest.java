package io.logpipeline.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.logpipeline.api.config.CollectorConfig;
import io.logpipeline.api.config.CollectorConfigJson;
import io.logpipeline.collector.export.OtlpSink;
import io.logpipeline.collector.pipeline.SampleConfigs;
import io.opentelemetry.proto.logs.v1.LogRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node agent as a separate process ({@code java -cp <test classpath> CollectorMain --config DIR ...}) hosting
 * three tenants' pipelines over files that keep growing, each pipeline with its own backend, stopped mid-export and
 * started again: killed (-9), every line of every pipeline still arrives at least once; stopped with SIGTERM,
 * every line arrives exactly once, because the checkpoints are written at shutdown.
 */
class CollectorProcessCrashTest {

    private static final List<String> NAMESPACES = List.of("ns-a", "ns-b", "ns-c");
    private static final int LINES = 10_000;
    private static final int CHUNK = 100;

    @TempDir
    Path root;

    private final Map<String, OtlpSink> sinks = new TreeMap<>();
    private Path configs;
    private Thread writer;
    private Process collector;
    private int runs;

    @BeforeEach
    void setUp() throws IOException {
        configs = Files.createDirectories(root.resolve("pipelines"));
        for (String namespace : NAMESPACES) {
            OtlpSink sink = OtlpSink.http();
            sinks.put(namespace, sink);
            CollectorConfig config = SampleConfigs.seed(root, sink.endpoint());
            config.setNamespace("team-" + namespace);
            config.setPipeline("logs");
            config.setReadableNamespaces(List.of(namespace));
            config.getKubernetes().setEnabled(false); // no API server for a separate process here
            config.getInput().setPodSelector(null);
            config.getBatch().setTimeout("200ms");
            // OTLP is at least once: a request the backend stored but answered after the exporter's timeout is sent
            // again. On a loaded machine the first requests (both JVMs still compiling) took over the seed's 5 s,
            // and their retries were the duplicates this test saw; the OpenTelemetry Collector's default of 30 s
            // leaves only what SIGTERM itself could duplicate.
            config.getExporters().get(0).setTimeout("30s");
            Files.writeString(configs.resolve(namespace + ".json"), CollectorConfigJson.write(config));
            Files.createDirectories(logFile(namespace).getParent());
        }
        writer = new Thread(this::writeLines, "log-writer");
    }

    private Path logFile(String namespace) {
        return root.resolve("var/log/pods/" + namespace + "_cart-7d9f8b6c5-x2k4q_8f14e45f-ceea-4e3a-9b1a-0c2d3e4f5a61/app/0.log");
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        writer.interrupt();
        writer.join();
        if (collector != null && collector.isAlive()) {
            collector.destroyForcibly().waitFor();
        }
        sinks.values().forEach(OtlpSink::close);
    }

    @Test
    void killedMidExportAndRestartedEveryLineOfEveryPipelineArrivesAtLeastOnce() throws Exception {
        // given: an agent with three pipelines reading files that keep growing
        writer.start();
        collector = startCollector();
        await().atMost(Duration.ofSeconds(60)).until(() -> sinks.values().stream().allMatch(sink -> sink.acceptedRecords().size() >= LINES / 4));

        // when: it is killed mid-export and started again
        collector.destroyForcibly().waitFor();
        collector = startCollector();

        // then: per pipeline, 0 lost
        writer.join();
        await().atMost(Duration.ofSeconds(60)).until(() -> NAMESPACES.stream().allMatch(ns -> countsByLine(ns).size() == LINES));
        stopCollector();
        for (String namespace : NAMESPACES) {
            assertThat(countsByLine(namespace)).as(namespace).hasSize(LINES).allSatisfy((line, count) -> assertThat(count).isPositive());
        }
    }

    @Test
    void stoppedWithSigtermAndRestartedEveryLineOfEveryPipelineArrivesExactlyOnce() throws Exception {
        // given
        writer.start();
        collector = startCollector();
        await().atMost(Duration.ofSeconds(60)).until(() -> sinks.values().stream().allMatch(sink -> sink.acceptedRecords().size() >= LINES / 4));

        // when: SIGTERM mid-export, then a new start
        stopCollector();
        collector = startCollector();

        // then
        writer.join();
        await().atMost(Duration.ofSeconds(60)).until(() -> NAMESPACES.stream().allMatch(ns -> countsByLine(ns).size() == LINES));
        stopCollector();
        for (String namespace : NAMESPACES) {
            Map<Integer, Long> counts = countsByLine(namespace);
            assertThat(counts).as(namespace).hasSize(LINES);
            assertThat(counts.entrySet()).filteredOn(e -> e.getValue() != 1).as(namespace + ": lines not received exactly once").isEmpty();
        }
    }

    /** Line number → how many times the namespace's backend received it; a line of another namespace fails the test. */
    private Map<Integer, Long> countsByLine(String namespace) {
        return sinks.get(namespace).acceptedRecords().stream().map(LogRecord::getBody).map(body -> body.getStringValue())
                .peek(body -> assertThat(body).contains(" ns=" + namespace + " "))
                .map(body -> Integer.parseInt(body.substring(body.indexOf("line=") + 5, body.indexOf("line=") + 11)))
                .collect(Collectors.groupingBy(Function.identity(), TreeMap::new, Collectors.counting()));
    }

    private Process startCollector() throws IOException {
        Path log = root.resolve("collector-" + (++runs) + ".log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-Xmx128m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                CollectorMain.class.getName(), "--config", configs.toString(), "--checkpoint-root", root.resolve("checkpoints").toString(),
                "--telemetry-address", "127.0.0.1", "--telemetry-port", "0", "--shutdown-grace", "10s")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        // a SIGTERM before the agent has started (its shutdown hook is not there yet) ends the JVM with 143, as for any process
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.readString(log).contains("event=agent_started"));
        return process;
    }

    /** SIGTERM, then the exit code a clean stop gives. */
    private void stopCollector() throws Exception {
        collector.destroy();
        assertThat(collector.waitFor(30, TimeUnit.SECONDS)).as("stopped within 30 s").isTrue();
        assertThat(collector.exitValue()).as("exit code after SIGTERM; log:\n%s",
                Files.readString(root.resolve("collector-" + runs + ".log"))).isZero();
    }

    // CRI lines apps in three namespaces would write, LINES each, a chunk per namespace every 30 ms.
    private void writeLines() {
        try {
            for (int n = 0; n < LINES; n += CHUNK) {
                for (String namespace : NAMESPACES) {
                    StringBuilder chunk = new StringBuilder();
                    for (int i = n; i < Math.min(LINES, n + CHUNK); i++) {
                        chunk.append("2026-11-24T12:00:00.000000000Z stdout F 2026-11-24T12:00:00.000Z INFO [INFO] request ns=")
                                .append(namespace).append(" line=").append(String.format("%06d", i))
                                .append(" path=/api/cart/").append(i % 97).append(" status=200\n");
                    }
                    Files.writeString(logFile(namespace), chunk, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                }
                TimeUnit.MILLISECONDS.sleep(30);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
