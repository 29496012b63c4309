package io.logpipeline.collector.agent;

import static io.logpipeline.collector.agent.AgentPipelines.pipeline;
import static io.logpipeline.collector.agent.AgentPipelines.writeLines;
import static io.logpipeline.collector.agent.NodeAgentTest.countsByLine;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.logpipeline.api.config.CollectorConfig;
import io.logpipeline.api.config.CollectorConfigJson;
import io.logpipeline.api.v1alpha1.QueueSpec;
import io.logpipeline.collector.export.OtlpSink;
import io.logpipeline.collector.memory.MemoryBudget;
import io.logpipeline.collector.pipeline.CollectorPipeline;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One tenant's trouble stays its own: a backlog far larger than the agent's memory, a backend outage with
 * {@code whenFull: block}, a catastrophically backtracking pattern — each in pipeline A while pipeline B, in the
 * same agent, keeps delivering. Memory is asserted through the pipelines' own byte accounting (what the
 * {@code logpipeline_pipeline_memory_*} gauges show), not through heap sizes or wall-clock times, which other
 * builds on the machine make noisy.
 */
class IsolationTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String POD_FILE_A = "var/log/pods/ns-a_app-0_uid-ns-a/app/0.log";

    @TempDir
    Path root;

    private final List<AutoCloseable> closeAfter = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable closeable : closeAfter) {
            closeable.close();
        }
    }

    private OtlpSink sink() throws Exception {
        OtlpSink sink = OtlpSink.http();
        closeAfter.add(sink);
        return sink;
    }

    /** An endpoint nothing listens on (a backend that is down), and its port to bring it up later. */
    private int downPort() throws Exception {
        OtlpSink sink = OtlpSink.http();
        int port = sink.port();
        sink.close();
        return port;
    }

    private static String endpoint(int port) {
        return "http://127.0.0.1:" + port + "/v1/logs";
    }

    @Test
    void aBacklogOf100MegabytesStaysWithinItsPipelinesBudgetWhileTheHealthyPipelineKeepsDelivering() throws Exception {
        // given: 16 MiB of buffers for two pipelines, so 8 MiB each; A's backend is down, and its own queue would
        // take a gigabyte, so only the budget holds it back
        long buffers = 16L << 20;
        OtlpSink sinkB = sink();
        CollectorConfig a = pipeline(root, "team-a", "a", List.of("ns-a"), endpoint(downPort()), "1");
        a.getBatch().setSendBatchSize(1000);
        a.getBatch().setSendBatchMaxSize(1000);
        QueueSpec queue = a.getExporters().get(0).getQueue();
        queue.setQueueSize(100_000);
        queue.setMaxBytes("1Gi");
        CollectorConfig b = pipeline(root, "team-b", "b", List.of("ns-b"), sinkB.endpoint(), "1");
        // incompressible lines: gzip would otherwise fit the whole backlog into a few megabytes of requests
        long backlogBytes = writeRandomLines(root.resolve(POD_FILE_A), 100L << 20, 1000);
        RunningAgent agent = RunningAgent.startWithBuffers(root, buffers, a, b);
        closeAfter.add(0, agent);

        // when: A reads until its budget is full, while B's containers write 1000 lines
        await().atMost(WAIT).until(() -> agent.host().running().size() == 2);
        CollectorPipeline pipelineA = agent.host().running().get("team-a/a");
        await().atMost(WAIT).until(() -> pipelineA.memory().used() >= pipelineA.memory().limit() * 3 / 4);
        for (int n = 1; n <= 1000; n += 50) {
            writeLines(root, "ns-b", n, n + 49);
            Thread.sleep(20);
        }

        // then: B delivered everything, once
        await().atMost(WAIT).until(() -> countsByLine(sinkB).size() == 1000);
        assertThat(countsByLine(sinkB).values()).allMatch(count -> count == 1);
        // and A holds its share and no more: its limit plus at most one request and one batch in hand
        MemoryBudget memoryA = pipelineA.memory();
        long slack = 2L << 20; // one request of 1000 incompressible 1 KB lines, and the records of the batch being built
        assertThat(memoryA.limit()).isEqualTo(buffers / 2);
        assertThat(memoryA.peak()).isLessThanOrEqualTo(memoryA.limit() + slack);
        assertThat(memoryA.used()).isLessThanOrEqualTo(memoryA.limit() + slack);
        assertThat(gauge(agent, "logpipeline_pipeline_memory_used_bytes{pipeline=\"team-a/a\"}"))
                .isLessThanOrEqualTo(memoryA.limit() + slack);
        assertThat(gauge(agent, "logpipeline_pipeline_memory_limit_bytes{pipeline=\"team-a/a\"}")).isEqualTo(buffers / 2);
        // the rest of the backlog is still in the file, not in memory: read are the budget's worth plus the hand-off
        long readA = pipelineA.inputStats().bytesRead();
        assertThat(readA).isLessThan(backlogBytes / 4);
        System.out.printf("backlog: A read %d of %d bytes, holds %d (peak %d, limit %d); B delivered %d lines%n",
                readA, backlogBytes, memoryA.used(), memoryA.peak(), memoryA.limit(), countsByLine(sinkB).size());
    }

    @Test
    void aBackendOutageWithBlockPausesOnlyItsPipelineAndLosesNothingOnceItReturns() throws Exception {
        // given: A's backend goes down for 8 s (in production: minutes; 8 s is long enough for A's queue to fill and
        // block its reading, after which a longer outage only repeats that state); both containers write meanwhile
        OtlpSink sinkB = sink();
        int portA = downPort();
        RunningAgent agent = RunningAgent.start(root, false,
                pipeline(root, "team-a", "a", List.of("ns-a"), endpoint(portA), "1"),
                pipeline(root, "team-b", "b", List.of("ns-b"), sinkB.endpoint(), "1"));
        closeAfter.add(0, agent);
        AtomicInteger written = new AtomicInteger();
        AtomicBoolean keepWriting = new AtomicBoolean(true);
        Map<Integer, Long> writtenAtNanos = new java.util.concurrent.ConcurrentHashMap<>();
        Thread writer = new Thread(() -> {
            while (keepWriting.get()) {
                int n = written.get() + 1;
                writeLines(root, "ns-a", n, n + 49);
                writeLines(root, "ns-b", n, n + 49);
                writtenAtNanos.put(n + 49, System.nanoTime());
                written.addAndGet(50);
                try {
                    Thread.sleep(25);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        writer.start();
        closeAfter.add(0, () -> {
            keepWriting.set(false);
            writer.join();
        });

        // when: A's backend stays down for 8 s
        await().atMost(WAIT).until(() -> agent.host().states().stream().filter(state -> state.name().equals("a"))
                .allMatch(state -> state.metrics().backends().get(0).retryingSince() != null));
        Thread.sleep(8000);
        int writtenDuringOutage = written.get();

        // then: B delivered what was written during the outage before A's backend came back
        await().atMost(WAIT).until(() -> countsByLine(sinkB).size() >= writtenDuringOutage);
        assertThat(agent.host().states().stream().filter(state -> state.name().equals("a")).findFirst().orElseThrow()
                .metrics().backends().get(0).retryingSince()).as("A is still in its outage").isNotNull();
        System.out.printf("outage: B's p99 write-to-ack %d ms over %d lines%n", p99Millis(sinkB, writtenAtNanos),
                writtenDuringOutage);

        // when: A's backend is back, and the containers stop writing
        OtlpSink sinkA = OtlpSink.on(portA);
        closeAfter.add(sinkA);
        Thread.sleep(500);
        keepWriting.set(false);
        writer.join();
        int lines = written.get();

        // then: A receives every line (a line sent twice at most from its unacknowledged tail), B each exactly once
        await().atMost(WAIT).until(() -> countsByLine(sinkA).size() == lines && countsByLine(sinkB).size() == lines);
        assertThat(countsByLine(sinkB).values()).allMatch(count -> count == 1);
        assertThat(agent.get("/metrics").body()).as("block: nothing of A dropped")
                .doesNotContain("logpipeline_dropped_log_records_total{pipeline=\"team-a/a\"");
    }

    @Test
    void aCatastrophicallyBacktrackingPatternOnLongLinesStallsNeitherItsNeighbourNorItsOwnOtherRecords() throws Exception {
        // given: A parses bodies with (a+)+$, which backtracks exponentially on "aaa…ab"
        OtlpSink sinkA = sink();
        OtlpSink sinkB = sink();
        CollectorConfig catastrophic = pipeline(root, "team-a", "a", List.of("ns-a"), sinkA.endpoint(), "1");
        catastrophic.getInput().setParsers(CollectorConfigJson.parse("""
                {"pipeline": "x", "input": {"parsers": [{"regex": {"pattern": "(?P<run>(a+)+)$"}}]}}
                """).getInput().getParsers());
        RunningAgent agent = RunningAgent.start(root, false, catastrophic,
                pipeline(root, "team-b", "b", List.of("ns-b"), sinkB.endpoint(), "1"));
        closeAfter.add(0, agent);

        // when: A's container writes 20 killer lines of 5 000 characters between ordinary ones, B's writes as usual
        // (each costs its pattern's whole read budget, 1 000 reads a character: a few hundred ms on a loaded machine)
        for (int n = 1; n <= 20; n++) {
            writeLines(root, "ns-a", n, n);
            Files.writeString(root.resolve(POD_FILE_A), "2026-12-01T00:00:00.000000000Z stdout F " + "a".repeat(5_000) + "b\n",
                    StandardOpenOption.APPEND);
            writeLines(root, "ns-b", 50 * n - 49, 50 * n);
        }

        // then: B delivers all of it once, A its 20 ordinary lines, and each killer line is counted, none lost silently
        await().atMost(WAIT).until(() -> countsByLine(sinkB).size() == 1000 && countsByLine(sinkA).size() == 20);
        assertThat(countsByLine(sinkB).values()).allMatch(count -> count == 1);
        await().atMost(WAIT).until(() -> agent.get("/metrics").body()
                .contains("logpipeline_dropped_log_records_total{pipeline=\"team-a/a\",reason=\"processing_error\"} 20.0"));
        assertThat(countsByLine(sinkA).keySet()).allMatch(line -> line.startsWith("ns-a line "));
    }

    /** Appends CRI lines of {@code lineBytes} random letters until the file holds {@code bytes}; returns its size. */
    private static long writeRandomLines(Path file, long bytes, int lineBytes) throws Exception {
        Files.createDirectories(file.getParent());
        SplittableRandom random = new SplittableRandom(42);
        String prefix = "2026-12-01T00:00:00.000000000Z stdout F ";
        char[] body = new char[lineBytes - prefix.length() - 1];
        long size = 0;
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
            while (size < bytes) {
                for (int i = 0; i < body.length; i++) {
                    body[i] = (char) ('!' + random.nextInt(94));
                }
                out.write(prefix);
                out.write(body);
                out.write('\n');
                size += lineBytes;
            }
        }
        return size;
    }

    private static long gauge(RunningAgent agent, String series) throws Exception {
        return agent.get("/metrics").body().lines().filter(line -> line.startsWith(series + " "))
                .mapToLong(line -> (long) Double.parseDouble(line.substring(series.length() + 1))).findFirst().orElse(-1);
    }

    /** p99 of the time from writing a group of lines to the request carrying its last line arriving at the sink. */
    private static long p99Millis(OtlpSink sink, Map<Integer, Long> writtenAtNanos) {
        Map<Integer, Long> arrived = new TreeMap<>();
        for (OtlpSink.Received request : sink.received()) {
            request.request().getResourceLogsList().forEach(resource -> resource.getScopeLogsList().forEach(scope ->
                    scope.getLogRecordsList().forEach(record -> {
                        String body = record.getBody().getStringValue();
                        int n = Integer.parseInt(body.substring(body.lastIndexOf(' ') + 1));
                        if (writtenAtNanos.containsKey(n)) {
                            arrived.putIfAbsent(n, request.atNanos() - writtenAtNanos.get(n));
                        }
                    })));
        }
        List<Long> latencies = arrived.values().stream().sorted().toList();
        return latencies.isEmpty() ? -1 : latencies.get((int) Math.ceil(latencies.size() * 0.99) - 1) / 1_000_000;
    }
}
