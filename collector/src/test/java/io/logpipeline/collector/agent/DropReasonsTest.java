package io.logpipeline.collector.agent;

import static io.logpipeline.collector.agent.AgentPipelines.pipeline;
import static io.logpipeline.collector.agent.AgentPipelines.writeLines;
import static io.logpipeline.collector.agent.NodeAgentTest.countsByLine;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.logpipeline.api.agent.AgentReport;
import io.logpipeline.api.config.CollectorConfig;
import io.logpipeline.api.config.CollectorConfigJson;
import io.logpipeline.api.v1alpha1.QueueSpec;
import io.logpipeline.collector.export.OtlpSink;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every reason a record that was read does not reach a backend, each produced for real in a node agent (files in,
 * OTLP/HTTP out) and read where a user reads it: {@code logpipeline_dropped_log_records_total{pipeline, reason}} on
 * {@code /metrics}, and the status report the operator turns into {@code Delivering}. (A pattern over its read
 * budget, {@code processing_error}, is NodeAgentTest's catastrophic-backtracking case.)
 */
class DropReasonsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

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

    private RunningAgent agent(CollectorConfig pipeline) throws Exception {
        RunningAgent agent = RunningAgent.start(root, false, pipeline);
        closeAfter.add(0, agent);
        return agent;
    }

    private static CollectorConfig withSection(CollectorConfig config, String json) throws Exception {
        CollectorConfig section = CollectorConfigJson.parse(json);
        if (!section.getProcessors().isEmpty()) {
            config.setProcessors(section.getProcessors());
        }
        if (!section.getInput().getParsers().isEmpty()) {
            config.getInput().setParsers(section.getInput().getParsers());
        }
        return config;
    }

    private static String dropped(String reason, long count) {
        return "logpipeline_dropped_log_records_total{pipeline=\"team-a/a\",reason=\"" + reason + "\"} " + count + ".0";
    }

    private static AgentReport.PipelineReport report(RunningAgent agent) {
        AgentReporter reporter = new AgentReporter("node-1", Clock.systemUTC(), report -> { });
        return reporter.build(agent.host().states(), Clock.systemUTC().instant()).pipelines().get(0);
    }

    @Test
    void recordsAFilterDropsAreCountedAsFilteredAndReportedApartFromDrops() throws Exception {
        // given: a rule that drops lines 10 to 19
        OtlpSink sink = sink();
        RunningAgent agent = agent(withSection(pipeline(root, "team-a", "a", List.of("ns-a"), sink.endpoint(), "1"),
                "{\"processors\": [{\"filter\": {\"drop\": [{\"bodyMatches\": \"line 1[0-9]$\"}]}}]}"));

        // when
        writeLines(root, "ns-a", 1, 20);

        // then
        await().atMost(WAIT).until(() -> agent.get("/metrics").body().contains(dropped("filtered", 10)));
        await().atMost(WAIT).until(() -> countsByLine(sink).size() == 10);
        assertThat(countsByLine(sink).keySet()).noneMatch(line -> line.matches(".*line 1[0-9]$"));
        AgentReport.PipelineReport report = report(agent);
        assertThat(report.filtered()).isEqualTo(10);
        assertThat(report.droppedByReason()).doesNotContainKey("filtered");
    }

    @Test
    void recordsAParserCannotParseWithOnErrorDropAreCountedAsParseErrors() throws Exception {
        // given: only lines whose number ends in 0 parse
        OtlpSink sink = sink();
        RunningAgent agent = agent(withSection(pipeline(root, "team-a", "a", List.of("ns-a"), sink.endpoint(), "1"),
                "{\"input\": {\"parsers\": [{\"regex\": {\"pattern\": \"line (?P<n>[0-9]*0)$\", \"onError\": \"drop\"}}]}}"));

        // when
        writeLines(root, "ns-a", 1, 20);

        // then: 18 dropped, 2 delivered
        await().atMost(WAIT).until(() -> agent.get("/metrics").body().contains(dropped("parse_error", 18)));
        await().atMost(WAIT).until(() -> countsByLine(sink).keySet().equals(java.util.Set.of("ns-a line 10", "ns-a line 20")));
        assertThat(report(agent).droppedByReason()).containsEntry("parse_error", 18L);
    }

    @Test
    void aRecordLongerThanMaxLogSizeIsDeliveredCutAndCountedAsTruncated() throws Exception {
        // given
        OtlpSink sink = sink();
        CollectorConfig config = pipeline(root, "team-a", "a", List.of("ns-a"), sink.endpoint(), "1");
        config.getInput().setMaxLogSize("1Ki");
        RunningAgent agent = agent(config);

        // when: one line of 5000 characters between two short ones
        writeLines(root, "ns-a", 1, 1);
        Files.writeString(root.resolve("var/log/pods/ns-a_app-0_uid-ns-a/app/0.log"),
                "2026-12-01T00:00:00.000000000Z stdout F " + "x".repeat(5000) + "\n", StandardOpenOption.APPEND);
        writeLines(root, "ns-a", 2, 2);

        // then
        await().atMost(WAIT).until(() -> agent.get("/metrics").body().contains(dropped("truncated", 1)));
        await().atMost(WAIT).until(() -> sink.acceptedRecords().size() == 3);
        assertThat(sink.acceptedRecords()).anySatisfy(record -> assertThat(record.getBody().getStringValue())
                .startsWith("xxxx").hasSizeLessThanOrEqualTo(1024));
        assertThat(report(agent).droppedByReason()).containsEntry("truncated", 1L);
    }

    @Test
    void recordsABackendRefusesAreCountedAsRejected() throws Exception {
        // given: a backend that answers every request with 400
        HttpServer refusing = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        refusing.createContext("/v1/logs", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(400, -1);
            exchange.close();
        });
        refusing.start();
        closeAfter.add(() -> refusing.stop(0));
        RunningAgent agent = agent(pipeline(root, "team-a", "a", List.of("ns-a"),
                "http://127.0.0.1:" + refusing.getAddress().getPort() + "/v1/logs", "1"));

        // when
        writeLines(root, "ns-a", 1, 20);

        // then
        await().atMost(WAIT).until(() -> agent.get("/metrics").body().contains(dropped("rejected", 20)));
        AgentReport.PipelineReport report = report(agent);
        assertThat(report.droppedByReason()).containsEntry("rejected", 20L);
        assertThat(report.backends().get(0).failed()).isEqualTo(20);
    }

    @Test
    void batchesAFullDropNewestQueueCannotTakeAreCountedAsQueueFull() throws Exception {
        // given: a backend that is down, a queue of one batch that drops when full; batches of 100
        OtlpSink down = sink();
        String endpoint = down.endpoint();
        down.close();
        CollectorConfig config = pipeline(root, "team-a", "a", List.of("ns-a"), endpoint, "1");
        QueueSpec queue = config.getExporters().get(0).getQueue();
        queue.setNumConsumers(1);
        queue.setQueueSize(1);
        queue.setWhenFull(QueueSpec.WhenFull.DROP_NEWEST);
        RunningAgent agent = agent(config);

        // when: 1000 lines, 10 batches: one is being retried, one waits in the queue, the others find it full
        writeLines(root, "ns-a", 1, 1000);
        await().atMost(WAIT).until(() -> metric(agent, dropped("queue_full", 0).replace(" 0.0", " ")) >= 800);

        // then: once the backend is back, every line was either delivered or counted as dropped, none twice
        OtlpSink back = OtlpSink.on(java.net.URI.create(endpoint).getPort());
        closeAfter.add(back);
        long droppedRecords = metric(agent, dropped("queue_full", 0).replace(" 0.0", " "));
        await().atMost(WAIT).until(() -> countsByLine(back).size() + droppedRecords == 1000);
        assertThat(countsByLine(back).values()).allMatch(count -> count == 1);
        AgentReport.PipelineReport report = report(agent);
        assertThat(report.droppedByReason()).containsOnlyKeys("queue_full").containsEntry("queue_full", droppedRecords);
        assertThat(report.backends().get(0).dropped()).isEqualTo(droppedRecords);
    }

    @Test
    void linesTruncatedAwayBeforeTheyWereReadAreCountedAsLostBytesToTheByte() throws Exception {
        // given: A's backend is down with block and the agent's buffers are small, so A stops reading mid-file
        OtlpSink down = OtlpSink.http();
        int port = down.port();
        down.close();
        CollectorConfig config = pipeline(root, "team-a", "a", List.of("ns-a"), "http://127.0.0.1:" + port + "/v1/logs", "1");
        RunningAgent agent = RunningAgent.startWithBuffers(root, 64 << 10, config);
        closeAfter.add(0, agent);
        writeLines(root, "ns-a", 1, 20_000);
        await().atMost(WAIT).until(() -> agent.host().running().containsKey("team-a/a")
                && agent.host().running().get("team-a/a").inputStats().linesRead() > 0);
        await().pollDelay(Duration.ofMillis(500)).atMost(WAIT).until(() -> true);
        long readBefore = agent.host().running().get("team-a/a").inputStats().linesRead();
        assertThat(readBefore).as("reading paused mid-file").isLessThan(20_000);

        // when: the file is truncated (logrotate's copytruncate, the copy outside the globs) and written again,
        // and then the backend comes back
        Path file = root.resolve("var/log/pods/ns-a_app-0_uid-ns-a/app/0.log");
        Files.write(file, new byte[0]);
        writeLines(root, "ns-a", 20_001, 20_010);
        OtlpSink back = OtlpSink.on(port);
        closeAfter.add(back);

        // then: every line was delivered or its bytes are counted as lost, to the byte
        await().atMost(WAIT).until(() -> countsByLine(back).containsKey("ns-a line 20010"));
        long lostLineBytes = 0;
        java.util.Set<String> delivered = countsByLine(back).keySet();
        for (int n = 1; n <= 20_000; n++) {
            if (!delivered.contains("ns-a line " + n)) {
                lostLineBytes += ("2026-12-01T00:00:00.000000000Z stdout F ns-a line " + n + "\n").length();
            }
        }
        assertThat(lostLineBytes).as("some lines were never read").isPositive();
        long lost = lostLineBytes;
        await().atMost(WAIT).until(() -> metric(agent,
                "logpipeline_input_lost_bytes_total{pipeline=\"team-a/a\",reason=\"truncated\"} ") == lost);
        assertThat(report(agent).lostBytesByReason()).containsEntry("truncated", lost);
    }

    /** The value of the series whose line starts with {@code series} (name and labels, then a space); -1 when absent. */
    private static long metric(RunningAgent agent, String series) throws Exception {
        return agent.get("/metrics").body().lines().filter(line -> line.startsWith(series))
                .mapToLong(line -> (long) Double.parseDouble(line.substring(series.length()))).findFirst().orElse(-1);
    }
}
