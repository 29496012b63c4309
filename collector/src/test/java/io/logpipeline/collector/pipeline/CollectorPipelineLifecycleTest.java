package io.logpipeline.collector.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.logpipeline.api.config.CollectorConfig;
import io.logpipeline.collector.export.OtlpSink;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pipeline's lifecycle without Kubernetes metadata: shutdown against a backend that never answers, and /debug/tail. */
class CollectorPipelineLifecycleTest {

    private static final Path LOG = Path.of("var/log/pods/shop_cart-7d9f8b6c5-x2k4q_8f14e45f-ceea-4e3a-9b1a-0c2d3e4f5a61/app/0.log");

    @TempDir
    Path root;

    private final List<AutoCloseable> closeAfter = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable closeable : closeAfter) {
            closeable.close();
        }
    }

    @Test
    void aBackendThatNeverAnswersDoesNotHoldShutdownAndTheLinesAreReadAgainAfterTheRestart() throws Exception {
        // given: a backend that accepts connections and never answers, a queue of one batch that blocks when full
        ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        closeAfter.add(silent);
        List<Socket> connections = new ArrayList<>();
        Thread acceptor = new Thread(() -> {
            try {
                while (true) {
                    connections.add(silent.accept());
                }
            } catch (IOException closed) {
                // the test is over
            }
        });
        acceptor.start();
        writeLines(50);
        CollectorConfig config = config("http://127.0.0.1:" + silent.getLocalPort() + "/v1/logs");
        config.getExporters().get(0).getQueue().setQueueSize(1);
        config.getExporters().get(0).getQueue().setNumConsumers(1);
        config.getExporters().get(0).setTimeout("60s");
        config.getBatch().setSendBatchSize(10);
        config.getBatch().setSendBatchMaxSize(10);
        CollectorPipeline stuck = new CollectorPipeline(config, null, "127.0.0.1");
        stuck.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> stuck.inputStats().linesRead() == 50);

        // when: it is shut down with a 2 s grace period
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> stuck.shutdown(Duration.ofSeconds(2)),
                "shutdown returns even though the backend holds every request");
        stuck.close();

        // then: nothing was acknowledged, so a new start against a working backend delivers every line
        OtlpSink sink = OtlpSink.http();
        closeAfter.add(0, sink);
        CollectorPipeline restarted = new CollectorPipeline(config(sink.endpoint()), null, "127.0.0.1");
        closeAfter.add(0, () -> {
            restarted.shutdown(Duration.ofSeconds(5));
            restarted.close();
        });
        restarted.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> sink.acceptedRecords().size() >= 50);
        assertThat(sink.acceptedRecords()).extracting(r -> r.getBody().getStringValue())
                .containsExactlyInAnyOrderElementsOf(bodies(50));
        silent.close();
        acceptor.join();
        for (Socket connection : connections) {
            connection.close();
        }
    }

    @Test
    void debugTailStreamsEveryProcessedRecordAsAJsonLine() throws Exception {
        // given: debugTail on, a client connected to /debug/tail
        OtlpSink sink = OtlpSink.http();
        closeAfter.add(sink);
        CollectorConfig config = config(sink.endpoint());
        config.getTelemetry().setDebugTail(true);
        CollectorPipeline pipeline = new CollectorPipeline(config, null, "127.0.0.1");
        closeAfter.add(0, () -> {
            pipeline.shutdown(Duration.ofSeconds(5));
            pipeline.close();
        });
        pipeline.start();
        HttpResponse<Stream<String>> tail = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + pipeline.telemetryPort() + "/debug/tail")).build(), HttpResponse.BodyHandlers.ofLines());

        // when: a container writes a line
        writeLines(1);

        // then: the record comes down the stream, parsed and processed by the sample chain
        String line = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> tail.body().filter(l -> !l.isEmpty()).findFirst().orElseThrow());
        assertThat(line).contains("\"body\":\"" + bodies(1).get(0) + "\"", "\"k8s.cluster.name\":\"prod\"",
                "\"log.level\":\"INFO\"", "\"severityNumber\":9");
    }

    @Test
    void anUnwritableCheckpointDirectoryFailsReadinessWithOneMessageUntilItIsWritable() throws Exception {
        // given: a checkpoint directory that cannot be created, even by root, because its parent is a file
        OtlpSink sink = OtlpSink.http();
        closeAfter.add(sink);
        Path parent = root.resolve("lib");
        Files.writeString(parent, "not a directory");
        Path checkpoints = parent.resolve("logpipeline");
        CollectorConfig config = config(sink.endpoint());
        config.setCheckpointDirectory(checkpoints.toString());
        CollectorPipeline pipeline = new CollectorPipeline(config, null, "127.0.0.1");
        closeAfter.add(0, () -> {
            pipeline.shutdown(Duration.ofSeconds(5));
            pipeline.close();
        });
        List<String> logged = logLinesOf("io.logpipeline.collector.input.checkpoint.CheckpointStore");
        writeLines(5);

        // when: it runs and reads for a few checkpoint intervals
        pipeline.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> sink.acceptedRecords().size() == 5);
        await().pollDelay(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(30)).until(() -> true);
        HttpResponse<String> unwritable = get(pipeline, "/readyz");

        // then: /readyz fails naming the directory, the uid and the fix, and the problem was logged once
        assertThat(unwritable.statusCode()).isEqualTo(503);
        assertThat(unwritable.body()).contains("checkpoints not ready: checkpoint directory " + checkpoints
                + " is not writable by uid " + Files.getAttribute(Path.of("/proc/self"), "unix:uid"),
                "make the hostPath directory writable by this uid");
        assertThat(logged).filteredOn(line -> line.contains("event=checkpoint_unwritable")).hasSize(1);

        // and when: the directory can be created, readiness recovers and the read positions are written
        Files.delete(parent);
        await().atMost(Duration.ofSeconds(30)).until(() -> get(pipeline, "/readyz").statusCode() == 200);
        assertThat(checkpoints.resolve("file-input.checkpoints")).exists();
    }

    // Keeps what the named logger logs from now until the test ends.
    private List<String> logLinesOf(String loggerName) {
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(loggerName);
        List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler handler = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                lines.add(record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(handler);
        closeAfter.add(() -> logger.removeHandler(handler));
        return lines;
    }

    private static HttpResponse<String> get(CollectorPipeline pipeline, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + pipeline.telemetryPort() + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private CollectorConfig config(String endpoint) {
        CollectorConfig config = SampleConfigs.seed(root, endpoint);
        config.getKubernetes().setEnabled(false);
        config.getInput().setPodSelector(null);
        config.getBatch().setTimeout("200ms");
        return config;
    }

    private static List<String> bodies(int count) {
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            bodies.add("2026-11-24T12:00:00.000Z INFO [INFO] request " + i);
        }
        return bodies;
    }

    private void writeLines(int count) throws IOException {
        Path file = root.resolve(LOG);
        Files.createDirectories(file.getParent());
        StringBuilder content = new StringBuilder();
        for (String body : bodies(count)) {
            content.append("2026-11-24T12:00:00.000000000Z stdout F ").append(body).append('\n');
        }
        Files.writeString(file, content);
    }
}
