package io.logpipeline.collector.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logpipeline.collector.input.FileInputStats;
import io.logpipeline.collector.lifecycle.Deadline;
import io.logpipeline.collector.record.ContainerResource;
import io.logpipeline.collector.record.LogRecord;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TelemetryServerTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private final AgentMetrics agentMetrics = new AgentMetrics();
    private final CollectorMetrics metrics = agentMetrics.pipeline("monitoring/default");
    private final Readiness readiness = new Readiness();
    private final LiveTail liveTail = new LiveTail();
    private TelemetryServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        agentMetrics.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void metricsCarryTheOpenTelemetryCollectorNamesAndLabelsPlusPipeline() throws Exception {
        // given
        server = new TelemetryServer("127.0.0.1", 0, agentMetrics, readiness, null);
        server.start();
        ExporterMetrics loki = metrics.backend("loki");

        // when the stages report
        metrics.receiverAccepted(7);
        metrics.receiverRefused(1);
        metrics.batchSent(5);
        metrics.fileOpened();
        metrics.fileOpened();
        metrics.fileClosed();
        loki.sent(5);
        loki.sendFailed(2);
        loki.enqueueFailed(3);
        loki.observeQueue(() -> 4, 1000, () -> 65536, 16L << 20);
        io.logpipeline.collector.memory.MemoryBudget budget = new io.logpipeline.collector.memory.MemoryBudget(8L << 20);
        budget.trackBatching(() -> 1000);
        budget.tryAdmit(65536);
        metrics.observeMemory(budget);

        // then
        String text = get("/metrics").body();
        assertThat(lines(text)).contains(
                "otelcol_receiver_accepted_log_records_total{pipeline=\"monitoring/default\",receiver=\"filelog\"} 7.0",
                "otelcol_receiver_refused_log_records_total{pipeline=\"monitoring/default\",receiver=\"filelog\"} 1.0",
                "otelcol_processor_batch_batch_send_size_count{pipeline=\"monitoring/default\"} 1",
                "otelcol_processor_batch_batch_send_size_sum{pipeline=\"monitoring/default\"} 5.0",
                "otelcol_fileconsumer_open_files{pipeline=\"monitoring/default\"} 1.0",
                "otelcol_exporter_sent_log_records_total{exporter=\"otlphttp/loki\",pipeline=\"monitoring/default\"} 5.0",
                "otelcol_exporter_send_failed_log_records_total{exporter=\"otlphttp/loki\",pipeline=\"monitoring/default\"} 2.0",
                "otelcol_exporter_enqueue_failed_log_records_total{exporter=\"otlphttp/loki\",pipeline=\"monitoring/default\"} 3.0",
                "otelcol_exporter_queue_size{exporter=\"otlphttp/loki\",pipeline=\"monitoring/default\"} 4.0",
                "otelcol_exporter_queue_capacity{exporter=\"otlphttp/loki\",pipeline=\"monitoring/default\"} 1000.0",
                "logpipeline_exporter_queue_bytes{exporter=\"otlphttp/loki\",pipeline=\"monitoring/default\"} 65536.0",
                "logpipeline_exporter_queue_capacity_bytes{exporter=\"otlphttp/loki\",pipeline=\"monitoring/default\"} 1.6777216E7",
                "logpipeline_pipeline_memory_used_bytes{pipeline=\"monitoring/default\"} 66536.0",
                "logpipeline_pipeline_memory_limit_bytes{pipeline=\"monitoring/default\"} 8388608.0",
                "logpipeline_dropped_log_records_total{pipeline=\"monitoring/default\",reason=\"queue_full\"} 3.0",
                "logpipeline_dropped_log_records_total{pipeline=\"monitoring/default\",reason=\"rejected\"} 2.0");
        assertThat(text).contains("otelcol_processor_batch_batch_send_size_bucket{pipeline=\"monitoring/default\",le=\"10.0\"} 1");
    }

    @Test
    void jvmAndProcessMetricsAreOnMetrics() throws Exception {
        // given
        server = new TelemetryServer("127.0.0.1", 0, agentMetrics, readiness, null);
        server.start();

        // when
        String text = get("/metrics").body();

        // then: CPU, resident memory, heap used and limit, garbage collection
        List<String> names = lines(text).stream().filter(line -> !line.startsWith("#"))
                .map(line -> line.replaceAll("[{ ].*", "")).distinct().toList();
        assertThat(names).contains("process_cpu_seconds_total", "process_resident_memory_bytes", "process_start_time_seconds",
                "jvm_memory_used_bytes", "jvm_memory_max_bytes", "jvm_gc_collection_seconds_count", "jvm_threads_current");
        assertThat(lines(text)).anySatisfy(line -> assertThat(line).startsWith("jvm_memory_used_bytes{area=\"heap\"} "));
        double rss = lines(text).stream().filter(line -> line.startsWith("process_resident_memory_bytes "))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.indexOf(' ') + 1))).findFirst().orElse(0);
        assertThat(rss).as("resident memory of this JVM").isGreaterThan(10 << 20);
    }

    @Test
    void bytesTheFileInputLostAreExportedByReason() throws Exception {
        // given
        server = new TelemetryServer("127.0.0.1", 0, agentMetrics, readiness, null);
        server.start();

        // when a copy-truncate without a copy lost 900 bytes, then 12 more
        metrics.lostBytes(FileInputStats.LossReason.TRUNCATED, 900);
        metrics.lostBytes(FileInputStats.LossReason.TRUNCATED, 12);

        // then
        assertThat(lines(get("/metrics").body())).contains(
                "logpipeline_input_lost_bytes_total{pipeline=\"monitoring/default\",reason=\"truncated\"} 912.0");
    }

    @Test
    void readyzSaysWhyACheckFailsAndWhatToDo() throws Exception {
        // given
        server = new TelemetryServer("127.0.0.1", 0, agentMetrics, readiness, null);
        server.start();
        readiness.register("config", () -> true);
        readiness.registerProblem("checkpoints", () -> "checkpoint directory /var/lib/logpipeline is not writable");

        // when
        HttpResponse<String> response = get("/readyz");

        // then
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).isEqualTo(
                "checkpoints not ready: checkpoint directory /var/lib/logpipeline is not writable\nconfig ok\n");
    }

    @Test
    void counterSeriesExistAtZeroBeforeTheFirstEvent() throws Exception {
        // given
        server = new TelemetryServer("127.0.0.1", 0, agentMetrics, readiness, null);
        server.start();

        // when
        metrics.backend("loki");

        // then
        assertThat(lines(get("/metrics").body())).contains(
                "otelcol_receiver_refused_log_records_total{pipeline=\"monitoring/default\",receiver=\"filelog\"} 0.0",
                "otelcol_exporter_send_failed_log_records_total{exporter=\"otlphttp/loki\",pipeline=\"monitoring/default\"} 0.0",
                "otelcol_exporter_enqueue_failed_log_records_total{exporter=\"otlphttp/loki\",pipeline=\"monitoring/default\"} 0.0");
    }

    @Test
    void healthzAnswersWhileTheProcessRuns() throws Exception {
        // given
        server = new TelemetryServer("127.0.0.1", 0, agentMetrics, readiness, null);
        server.start();

        // when
        HttpResponse<String> response = get("/healthz");

        // then
        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void readyzIsReadyOnlyWhenEveryCheckPasses() throws Exception {
        // given
        server = new TelemetryServer("127.0.0.1", 0, agentMetrics, readiness, null);
        server.start();
        AtomicBoolean synced = new AtomicBoolean();
        readiness.register("config", () -> true);
        readiness.register("metadata", synced::get);

        // when
        HttpResponse<String> before = get("/readyz");
        synced.set(true);
        HttpResponse<String> after = get("/readyz");

        // then
        assertThat(before.statusCode()).isEqualTo(503);
        assertThat(before.body()).contains("config ok", "metadata not ready");
        assertThat(after.statusCode()).isEqualTo(200);
    }

    @Test
    void debugTailStreamsProcessedRecordsAsJsonLinesWhileAClientIsConnected() throws Exception {
        // given
        server = new TelemetryServer("127.0.0.1", 0, agentMetrics, readiness, Map.of("monitoring/default", liveTail)::get);
        server.start();
        ContainerResource resource = new ContainerResource(Map.of("k8s.pod.name", "web-1"));
        HttpResponse<java.io.InputStream> response = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/debug/tail?pipeline=monitoring/default")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        // the server subscribes the client before it sends the response headers, so it is subscribed now
        BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));

        // when
        LogRecord record = new LogRecord(42L, "hello tail", resource).severityNumber(9);
        record.attributes().put("log.iostream", "stdout");
        liveTail.publish(record);

        // then
        String line = reader.readLine();
        while (line.isEmpty()) {
            line = reader.readLine();
        }
        JsonNode json = new ObjectMapper().readTree(line);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/x-ndjson");
        assertThat(json.get("body").asText()).isEqualTo("hello tail");
        assertThat(json.get("timeUnixNano").asLong()).isEqualTo(42L);
        assertThat(json.get("severityNumber").asInt()).isEqualTo(9);
        assertThat(json.get("attributes").get("log.iostream").asText()).isEqualTo("stdout");
        assertThat(json.get("resource").get("k8s.pod.name").asText()).isEqualTo("web-1");
        reader.close();
    }

    @Test
    void slowTailClientLosesRecordsInsteadOfSlowingThePipeline() throws Exception {
        // given a client that connects and does not read
        LiveTail.Subscriber subscriber = liveTail.subscribe();
        LogRecord record = new LogRecord(1L, "x", null);

        // when the pipeline publishes more than the buffer holds
        for (int i = 0; i < LiveTail.BUFFER + 10; i++) {
            liveTail.publish(record);
        }

        // then publish returned every time and the client is told how many it lost
        assertThat(subscriber.next(0, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("{\"dropped\":10}");
        liveTail.unsubscribe(subscriber);
    }

    @Test
    void debugTailIsOffUnlessEnabled() throws Exception {
        // given
        server = new TelemetryServer("127.0.0.1", 0, agentMetrics, readiness, null);
        server.start();

        // when
        HttpResponse<String> response = get("/debug/tail");

        // then
        assertThat(response.statusCode()).isEqualTo(404);
    }

    @Test
    void listensOnlyFromStartUntilStop() throws Exception {
        // given: a free port, and a server built for it
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        server = new TelemetryServer("127.0.0.1", port, agentMetrics, readiness, null);

        // then: nothing listens before start
        assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), port).close()).isInstanceOf(ConnectException.class);
        assertThatThrownBy(server::port).isInstanceOf(IllegalStateException.class);

        // when started, it answers on that port
        server.start();
        assertThat(server.port()).isEqualTo(port);
        assertThat(get("/healthz").statusCode()).isEqualTo(200);

        // and after stop, nothing listens again
        server.stop(Deadline.now());
        assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), port).close()).isInstanceOf(ConnectException.class);
    }

    private static List<String> lines(String text) {
        return Stream.of(text.split("\n")).toList();
    }
}
