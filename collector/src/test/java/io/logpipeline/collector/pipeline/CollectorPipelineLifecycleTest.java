package io.logpipeline.collector.pipeline;

import io.logpipeline.collector.lifecycle.Deadline;
import io.logpipeline.collector.testing.LogCapture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.logpipeline.api.config.CollectorConfig;
import io.logpipeline.collector.agent.RunningAgent;
import io.logpipeline.collector.export.OtlpSink;
import io.logpipeline.collector.telemetry.AgentMetrics;
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
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pipeline's lifecycle without Kubernetes metadata: stop against a backend that never answers, and /debug/tail. */
class CollectorPipelineLifecycleTest {

    private static final Path LOG = Path.of("var/log/pods/shop_cart-7d9f8b6c5-x2k4q_8f14e45f-ceea-4e3a-9b1a-0c2d3e4f5a61/app/0.log");

    @TempDir
    Path root;

    @org.junit.jupiter.api.extension.RegisterExtension
    final LogCapture log = new LogCapture();
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
        AgentMetrics metrics = new AgentMetrics();
        closeAfter.add(metrics);
        CollectorPipeline stuck = new CollectorPipeline(config, context(metrics));
        stuck.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> stuck.inputStats().linesRead() == 50);

        // when: it is stopped with a 2 s grace period
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> stuck.stop(Deadline.after(Duration.ofSeconds(2))),
                "stop returns even though the backend holds every request");

        // then: nothing was acknowledged, so a new start against a working backend delivers every line
        OtlpSink sink = OtlpSink.http();
        closeAfter.add(0, sink);
        CollectorPipeline restarted = new CollectorPipeline(config(sink.endpoint()), context(metrics));
        closeAfter.add(0, () -> restarted.stop(Deadline.after(Duration.ofSeconds(5))));
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
        RunningAgent agent = RunningAgent.start(root, true, config(sink.endpoint()));
        closeAfter.add(0, agent);
        await().until(() -> agent.host().ready());
        HttpResponse<Stream<String>> tail = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(agent.url("/debug/tail?pipeline=monitoring/default"))).build(), HttpResponse.BodyHandlers.ofLines());

        // when: a container writes a line
        writeLines(1);

        // then: the record comes down the stream, parsed and processed by the sample chain
        String line = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> tail.body().filter(l -> !l.isEmpty()).findFirst().orElseThrow());
        assertThat(line).contains("\"body\":\"" + bodies(1).get(0) + "\"", "\"k8s.cluster.name\":\"prod\"",
                "\"log.level\":\"INFO\"", "\"severityNumber\":9");
        // and: the record the tail showed whole also reached the backend (the batch keeps its own encoded copy)
        await().atMost(Duration.ofSeconds(30)).until(() -> sink.acceptedRecords().size() == 1);
        assertThat(sink.acceptedRecords().get(0).getBody().getStringValue()).isEqualTo(bodies(1).get(0));
    }

    @Test
    void anUnwritableCheckpointDirectoryFailsReadinessWithOneMessageUntilItIsWritable() throws Exception {
        // given: a checkpoint root that cannot hold directories, even for root, because it is a file
        OtlpSink sink = OtlpSink.http();
        closeAfter.add(sink);
        Path checkpointRoot = root.resolve("checkpoints");
        Files.writeString(checkpointRoot, "not a directory");
        List<String> logged = log.linesOf("io.logpipeline.collector.input.checkpoint.CheckpointStore");
        writeLines(5);

        // when: the agent runs the pipeline and reads for a few checkpoint intervals
        RunningAgent agent = RunningAgent.start(root, false, config(sink.endpoint()));
        closeAfter.add(0, agent);
        await().atMost(Duration.ofSeconds(30)).until(() -> sink.acceptedRecords().size() == 5);
        await().pollDelay(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(30)).until(() -> true);
        HttpResponse<String> unwritable = agent.get("/readyz");

        // then: /readyz fails naming the directory, the uid and the fix, and the problem was logged once
        assertThat(unwritable.statusCode()).isEqualTo(503);
        assertThat(unwritable.body()).contains("checkpoints not ready: checkpoint directory "
                + agent.checkpointDirectory("monitoring", "default") + " is not writable by uid "
                + Files.getAttribute(Path.of("/proc/self"), "unix:uid"), "make the hostPath directory writable by this uid");
        assertThat(logged).filteredOn(line -> line.contains("event=checkpoint_unwritable")).hasSize(1);

        // and when: the directory can be created, readiness recovers and the read positions are written
        Files.delete(checkpointRoot);
        await().atMost(Duration.ofSeconds(30)).until(() -> agent.get("/readyz").statusCode() == 200);
        assertThat(agent.checkpointDirectory("monitoring", "default").resolve("file-input.checkpoints")).exists();
    }

    private PipelineContext context(AgentMetrics metrics) {
        return new PipelineContext(metrics.pipeline("monitoring/default"), null, root.resolve("checkpoints"), Map.of(), null, null);
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
