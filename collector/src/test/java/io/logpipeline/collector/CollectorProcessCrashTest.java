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
 * The collector as a separate process ({@code java -cp <test classpath> CollectorMain --config ...}) over a file
 * that keeps growing, stopped mid-export and started again: killed (-9), every line still arrives at least once;
 * stopped with SIGTERM, every line arrives exactly once, because the checkpoints are written at shutdown.
 */
class CollectorProcessCrashTest {

    private static final int LINES = 30_000;
    private static final int CHUNK = 300;

    @TempDir
    Path root;

    private OtlpSink sink;
    private Path config;
    private Path logFile;
    private Thread writer;
    private Process collector;
    private int runs;

    @BeforeEach
    void setUp() throws IOException {
        sink = OtlpSink.http();
        CollectorConfig collectorConfig = SampleConfigs.seed(root, sink.endpoint());
        collectorConfig.getKubernetes().setEnabled(false); // no API server for a separate process here
        collectorConfig.getInput().setPodSelector(null);
        collectorConfig.getBatch().setTimeout("200ms");
        config = Files.writeString(root.resolve("collector.json"), CollectorConfigJson.write(collectorConfig));
        logFile = root.resolve("var/log/pods/shop_cart-7d9f8b6c5-x2k4q_8f14e45f-ceea-4e3a-9b1a-0c2d3e4f5a61/app/0.log");
        Files.createDirectories(logFile.getParent());
        writer = new Thread(this::writeLines, "log-writer");
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        writer.interrupt();
        writer.join();
        if (collector != null && collector.isAlive()) {
            collector.destroyForcibly().waitFor();
        }
        sink.close();
    }

    @Test
    void killedMidExportAndRestartedEveryLineArrivesAtLeastOnce() throws Exception {
        // given: a collector reading a file that keeps growing
        writer.start();
        collector = startCollector();
        await().atMost(Duration.ofSeconds(60)).until(() -> sink.acceptedRecords().size() >= LINES / 4);

        // when: it is killed mid-export and started again
        collector.destroyForcibly().waitFor();
        collector = startCollector();

        // then
        writer.join();
        await().atMost(Duration.ofSeconds(60)).until(() -> countsByLine().size() == LINES);
        stopCollector();
        assertThat(countsByLine()).hasSize(LINES).allSatisfy((line, count) -> assertThat(count).isPositive());
    }

    @Test
    void stoppedWithSigtermAndRestartedEveryLineArrivesExactlyOnce() throws Exception {
        // given
        writer.start();
        collector = startCollector();
        await().atMost(Duration.ofSeconds(60)).until(() -> sink.acceptedRecords().size() >= LINES / 4);

        // when: SIGTERM mid-export, then a new start
        stopCollector();
        collector = startCollector();

        // then
        writer.join();
        await().atMost(Duration.ofSeconds(60)).until(() -> countsByLine().size() == LINES);
        stopCollector();
        Map<Integer, Long> counts = countsByLine();
        assertThat(counts).hasSize(LINES);
        assertThat(counts.entrySet()).filteredOn(e -> e.getValue() != 1).as("lines not received exactly once").isEmpty();
    }

    /** Line number → how many times the sink received it. */
    private Map<Integer, Long> countsByLine() {
        return sink.acceptedRecords().stream().map(LogRecord::getBody)
                .map(body -> Integer.parseInt(body.getStringValue().substring(body.getStringValue().indexOf("line=") + 5,
                        body.getStringValue().indexOf("line=") + 11)))
                .collect(Collectors.groupingBy(Function.identity(), TreeMap::new, Collectors.counting()));
    }

    private Process startCollector() throws IOException {
        Path log = root.resolve("collector-" + (++runs) + ".log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-Xmx128m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                CollectorMain.class.getName(), "--config", config.toString(), "--checkpoint-root", root.resolve("checkpoints").toString(),
                "--telemetry-address", "127.0.0.1", "--telemetry-port", "0", "--shutdown-grace", "10s")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** SIGTERM, then the exit code a clean stop gives. */
    private void stopCollector() throws Exception {
        collector.destroy();
        assertThat(collector.waitFor(30, TimeUnit.SECONDS)).as("stopped within 30 s").isTrue();
        assertThat(collector.exitValue()).as("exit code after SIGTERM; log:\n%s",
                Files.readString(root.resolve("collector-" + runs + ".log"))).isZero();
    }

    // CRI lines an app would write, LINES in all, a chunk every 30 ms.
    private void writeLines() {
        try {
            for (int n = 0; n < LINES; n += CHUNK) {
                StringBuilder chunk = new StringBuilder();
                for (int i = n; i < Math.min(LINES, n + CHUNK); i++) {
                    chunk.append("2026-11-24T12:00:00.000000000Z stdout F 2026-11-24T12:00:00.000Z INFO [INFO] request line=")
                            .append(String.format("%06d", i)).append(" path=/api/cart/").append(i % 97).append(" status=200\n");
                }
                Files.writeString(logFile, chunk, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                TimeUnit.MILLISECONDS.sleep(30);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
