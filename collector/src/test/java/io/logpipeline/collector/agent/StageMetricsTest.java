package io.logpipeline.collector.agent;

import static io.logpipeline.collector.agent.AgentPipelines.pipeline;
import static io.logpipeline.collector.agent.AgentPipelines.writeLines;
import static io.logpipeline.collector.agent.NodeAgentTest.countsByLine;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.logpipeline.api.config.CollectorConfig;
import io.logpipeline.api.config.CollectorConfigJson;
import io.logpipeline.collector.export.OtlpSink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the stages count in their own stats reaches {@code /metrics}, with the values a real run caused: the file
 * input's lines, bytes, records, malformed lines and scans, each parser's failures, each filter rule's drops, the
 * batch triggers, and the shared file discovery's walks and watch events.
 */
class StageMetricsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String PIPELINE = "pipeline=\"team-a/a\"";

    @TempDir
    Path root;

    private OtlpSink sink;
    private RunningAgent agent;

    @AfterEach
    void stop() {
        if (agent != null) {
            agent.close();
        }
        if (sink != null) {
            sink.close();
        }
    }

    @Test
    void everyStageCounterIsOnMetricsWithTheCountsOfWhatWasRead() throws Exception {
        // given: a parser that parses only lines whose number ends in 0 (onError: send), then a named rule dropping 10..19
        sink = OtlpSink.http();
        CollectorConfig config = pipeline(root, "team-a", "a", List.of("ns-a"), sink.endpoint(), "1");
        CollectorConfig sections = CollectorConfigJson.parse("""
                {"input": {"parsers": [{"regex": {"pattern": "line (?P<n>[0-9]*0)$", "onError": "send"}}]},
                 "processors": [{"resource": {"attributes": [{"key": "config.version", "value": "1", "action": "upsert"}]}},
                                {"filter": {"drop": [{"name": "teens", "bodyMatches": "line 1[0-9]$"}]}}]}
                """);
        config.getInput().setParsers(sections.getInput().getParsers());
        config.setProcessors(sections.getProcessors());
        Path file = Files.createDirectories(root.resolve("var/log/pods/ns-a_app-0_uid-ns-a/app")).resolve("0.log");
        agent = RunningAgent.start(root, false, config);
        // the first walk registers var/log/pods, the pod's directory and the container's with the watch
        await().atMost(WAIT).until(() -> value(agent.get("/metrics").body(), "logpipeline_discovery_watched_directories_total") >= 3);

        // when: 20 CRI lines and one that is not CRI (passed on raw, and the parser fails on it too)
        writeLines(root, "ns-a", 1, 20);
        Files.writeString(file, "not a CRI line\n", StandardOpenOption.APPEND);

        // then: 21 lines read, 19 failed the parser and went on, 10 dropped by "teens", 11 delivered
        await().atMost(WAIT).until(() -> countsByLine(sink).size() == 11);
        long bytes = Files.size(file);
        await().atMost(WAIT).untilAsserted(() -> assertThat(agent.get("/metrics").body().lines().toList()).contains(
                "logpipeline_input_read_lines_total{" + PIPELINE + "} 21.0",
                "logpipeline_input_read_bytes_total{" + PIPELINE + "} " + (double) bytes,
                "logpipeline_input_records_total{" + PIPELINE + "} 21.0",
                "logpipeline_input_malformed_lines_total{" + PIPELINE + "} 1.0",
                "logpipeline_parser_failed_log_records_total{on_error=\"send\",parser=\"regex/0\"," + PIPELINE + "} 19.0",
                "otelcol_processor_filter_logs_filtered_total{" + PIPELINE + ",processor=\"filter/1\",rule=\"teens\"} 10.0",
                "logpipeline_dropped_log_records_total{" + PIPELINE + ",reason=\"filtered\"} 10.0"));
        String metrics = agent.get("/metrics").body();
        assertThat(value(metrics, "otelcol_processor_batch_timeout_trigger_send_total{" + PIPELINE + "}"))
                .as("batches of 11 records sent at the 100 ms timeout").isPositive();
        assertThat(value(metrics, "logpipeline_input_directory_scans_total{" + PIPELINE + "}")).isPositive();
        assertThat(value(metrics, "logpipeline_discovery_walks_total")).isPositive();
        assertThat(value(metrics, "logpipeline_discovery_watch_events_total")).as("the log file was created in a watched directory").isPositive();
        assertThat(value(metrics, "logpipeline_discovery_watch_overflows_total")).isZero();
    }

    /** The value of the series {@code series} (name and labels as printed), failing when it is not there. */
    static double value(String metrics, String series) {
        return Arrays.stream(metrics.split("\n")).filter(line -> line.startsWith(series + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(series.length() + 1))).findFirst()
                .orElseThrow(() -> new AssertionError(series + " is not on /metrics:\n" + metrics));
    }
}
