package io.logpipeline.collector.export;

import io.logpipeline.collector.lifecycle.Deadline;
import static io.logpipeline.collector.export.ExportFixtures.backend;
import static io.logpipeline.collector.export.ExportFixtures.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.logpipeline.api.config.ExporterConfig;
import io.logpipeline.api.config.HeaderConfig;
import io.logpipeline.api.config.ValueSource;
import io.logpipeline.api.v1alpha1.OtlpSpec;
import io.logpipeline.collector.export.ExportFixtures.AckedRecords;
import io.logpipeline.collector.export.ExportFixtures.Telemetry;
import io.logpipeline.collector.export.OtlpSink.Reply;
import io.logpipeline.collector.record.ContainerResource;
import io.logpipeline.collector.record.LogRecord;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsPartialSuccess;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.SeverityNumber;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportFanOutTest {

    private Telemetry telemetry;
    private final List<AutoCloseable> closeAfter = new ArrayList<>();

    @BeforeEach
    void startTelemetry() throws Exception {
        telemetry = new Telemetry();
    }

    @AfterEach
    void stopAll() throws Exception {
        for (int i = closeAfter.size() - 1; i >= 0; i--) {
            closeAfter.get(i).close();
        }
        telemetry.close();
    }

    private OtlpSink sink() throws Exception {
        OtlpSink sink = OtlpSink.http();
        closeAfter.add(sink);
        return sink;
    }

    private ExportFanOut fanOut(ExporterConfig... backends) {
        ExportFanOut fanOut = new ExportFanOut(List.of(backends), telemetry.metrics, Map.of());
        fanOut.start();
        closeAfter.add(fanOut);
        return fanOut;
    }

    @Test
    void recordsArriveWithResourceAttributesBodyTimestampsAndSeverityOneResourceLogsPerResource() throws Exception {
        // given
        OtlpSink sink = sink();
        ExportFanOut fanOut = fanOut(backend("loki", sink.endpoint()));
        ContainerResource web = resource("shop", "web-1");
        ContainerResource db = resource("shop", "db-0");
        AckedRecords webRecords = new AckedRecords(3, web, "web");
        AckedRecords dbRecords = new AckedRecords(2, db, "db");
        LogRecord first = webRecords.records.get(0);
        first.severityNumber(17).severityText("ERROR");
        first.attributes().put(LogRecord.ATTR_IOSTREAM, "stderr");
        first.attributes().put("http.status", 503L);
        first.attributes().put("latency", 0.25);
        first.attributes().put("retried", true);
        first.attributes().put("request", Map.of("path", "/cart"));
        first.attributes().put("tags", List.of("a", 1L));
        List<LogRecord> interleaved = List.of(webRecords.records.get(0), dbRecords.records.get(0),
                webRecords.records.get(1), dbRecords.records.get(1), webRecords.records.get(2));

        // when
        fanOut.submit(ExportFixtures.batchOf(interleaved));

        // then
        await().until(() -> webRecords.acknowledged() + dbRecords.acknowledged() == 5);
        assertThat(webRecords.eachAcknowledgedOnce() && dbRecords.eachAcknowledgedOnce()).isTrue();
        OtlpSink.Received request = sink.received().get(0);
        assertThat(request.headers().getFirst("Content-Type")).isEqualTo("application/x-protobuf");
        assertThat(request.headers().getFirst("Content-Encoding")).isEqualTo("gzip");
        List<ResourceLogs> resources = request.request().getResourceLogsList();
        assertThat(resources).hasSize(2);
        assertThat(attributes(resources.get(0).getResource().getAttributesList()))
                .containsEntry("k8s.namespace.name", "shop").containsEntry("k8s.pod.name", "web-1");
        assertThat(resources.get(0).getScopeLogs(0).getLogRecordsList())
                .extracting(r -> r.getBody().getStringValue()).containsExactly("web line 0", "web line 1", "web line 2");
        assertThat(attributes(resources.get(1).getResource().getAttributesList())).containsEntry("k8s.pod.name", "db-0");
        assertThat(resources.get(1).getScopeLogs(0).getLogRecordsCount()).isEqualTo(2);
        var sent = resources.get(0).getScopeLogs(0).getLogRecords(0);
        assertThat(sent.getTimeUnixNano()).isEqualTo(1_700_000_000_000_000_000L);
        assertThat(sent.getObservedTimeUnixNano()).isEqualTo(1_700_000_001_000_000_000L);
        assertThat(sent.getSeverityNumber()).isEqualTo(SeverityNumber.SEVERITY_NUMBER_ERROR);
        assertThat(sent.getSeverityText()).isEqualTo("ERROR");
        Map<String, AnyValue> attributes = sent.getAttributesList().stream()
                .collect(Collectors.toMap(KeyValue::getKey, KeyValue::getValue));
        assertThat(attributes.get("log.iostream").getStringValue()).isEqualTo("stderr");
        assertThat(attributes.get("http.status").getIntValue()).isEqualTo(503L);
        assertThat(attributes.get("latency").getDoubleValue()).isEqualTo(0.25);
        assertThat(attributes.get("retried").getBoolValue()).isTrue();
        assertThat(attributes.get("request").getKvlistValue().getValues(0).getValue().getStringValue()).isEqualTo("/cart");
        assertThat(attributes.get("tags").getArrayValue().getValuesList())
                .extracting(AnyValue::getStringValue, AnyValue::getIntValue).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("a", 0L), org.assertj.core.groups.Tuple.tuple("", 1L));
        assertThat(telemetry.value("otelcol_exporter_sent_log_records_total", "loki")).isEqualTo(5);
    }

    @Test
    void jsonEncodingFollowsOtlpJsonRules() throws Exception {
        // given
        OtlpSink sink = sink();
        ExporterConfig config = backend("vl", sink.endpoint());
        config.setEncoding(OtlpSpec.Encoding.JSON);
        config.setCompression(OtlpSpec.Compression.NONE);
        ExportFanOut fanOut = fanOut(config);
        AckedRecords records = new AckedRecords(2, resource("ns", "pod"), "json");
        records.records.get(0).severityNumber(9);

        // when
        fanOut.submit(records.batch());

        // then
        await().until(() -> records.acknowledged() == 2);
        OtlpSink.Received request = sink.received().get(0);
        assertThat(request.headers().getFirst("Content-Type")).isEqualTo("application/json");
        assertThat(request.headers().getFirst("Content-Encoding")).isNull();
        String json = new String(request.body(), StandardCharsets.UTF_8);
        assertThat(json).contains("\"resourceLogs\"", "\"logRecords\"", "\"timeUnixNano\":\"1700000000000000000\"",
                "\"severityNumber\":9", "\"stringValue\":\"json line 0\"");
        assertThat(sink.acceptedRecords()).extracting(r -> r.getBody().getStringValue())
                .containsExactly("json line 0", "json line 1");
    }

    @Test
    void backendsWithDifferentEncodingsEachGetTheirOwnFormat() throws Exception {
        // given
        OtlpSink protobufSink = sink();
        OtlpSink jsonSink = sink();
        ExporterConfig json = backend("json", jsonSink.endpoint());
        json.setEncoding(OtlpSpec.Encoding.JSON);
        json.setCompression(OtlpSpec.Compression.NONE);
        ExportFanOut fanOut = fanOut(backend("protobuf", protobufSink.endpoint()), json);
        AckedRecords records = new AckedRecords(3, resource("ns", "pod"), "both");

        // when
        fanOut.submit(records.batch());

        // then
        await().until(() -> records.acknowledged() == 3);
        assertThat(records.eachAcknowledgedOnce()).isTrue();
        assertThat(protobufSink.received().get(0).headers().getFirst("Content-Encoding")).isEqualTo("gzip");
        assertThat(jsonSink.received().get(0).headers().getFirst("Content-Type")).isEqualTo("application/json");
        assertThat(protobufSink.acceptedRecords()).isEqualTo(jsonSink.acceptedRecords()).hasSize(3);
    }

    @Test
    void headersComeFromLiteralsAndACredentialsFileThatIsReReadWhenItChanges(@TempDir Path dir) throws Exception {
        // given
        OtlpSink sink = sink();
        Path token = dir.resolve("header");
        Files.writeString(token, "Bearer first\n");
        ExporterConfig config = backend("auth", sink.endpoint());
        config.setHeaders(List.of(new HeaderConfig("Authorization", ValueSource.fromFile(token.toString())),
                new HeaderConfig("X-Scope-OrgID", ValueSource.literal("tenant-a"))));
        ExportFanOut fanOut = fanOut(config);

        // when
        AckedRecords before = new AckedRecords(1, resource("ns", "pod"), "before");
        fanOut.submit(before.batch());
        await().until(() -> before.acknowledged() == 1);
        Files.writeString(token, "Bearer rotated\n");
        Files.setLastModifiedTime(token, FileTime.from(Instant.now().plusSeconds(5)));
        AckedRecords after = new AckedRecords(1, resource("ns", "pod"), "after");
        fanOut.submit(after.batch());
        await().until(() -> after.acknowledged() == 1);

        // then
        List<OtlpSink.Received> received = sink.received();
        assertThat(received.get(0).headers().getFirst("Authorization")).isEqualTo("Bearer first");
        assertThat(received.get(0).headers().getFirst("X-Scope-OrgID")).isEqualTo("tenant-a");
        assertThat(received.get(1).headers().getFirst("Authorization")).isEqualTo("Bearer rotated");
    }

    @Test
    void aHeaderFromTheCredentialsSecretIsSentAndAMissingKeyIsNamed() throws Exception {
        // given a header referencing a key of the pipeline's credentials Secret, as the operator renders it for the agent
        OtlpSink sink = sink();
        ExporterConfig config = backend("auth", sink.endpoint());
        config.setHeaders(List.of(new HeaderConfig("Authorization", ValueSource.fromSecretKey("auth-0-token"))));
        ExportFanOut fanOut = new ExportFanOut(List.of(config), telemetry.metrics, Map.of("auth-0-token", "Bearer from-secret"));
        closeAfter.add(fanOut);
        fanOut.start();

        // when
        AckedRecords records = new AckedRecords(1, resource("ns", "pod"), "secret");
        fanOut.submit(records.batch());
        await().until(() -> records.acknowledged() == 1);

        // then
        assertThat(sink.received().get(0).headers().getFirst("Authorization")).isEqualTo("Bearer from-secret");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ExportFanOut(List.of(config), telemetry.metrics, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("exporters[0].headers[0] (Authorization): key auth-0-token is not in the pipeline's credentials Secret");
    }

    @Test
    void missingCredentialsFileIsReportedWithTheFieldAndTheFix(@TempDir Path dir) {
        // given
        ExporterConfig config = backend("auth", "http://127.0.0.1:1/v1/logs");
        config.setHeaders(List.of(new HeaderConfig("Authorization", ValueSource.fromFile(dir.resolve("absent").toString()))));

        // when / then
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> fanOut(config))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("exporters[0].headers[0] (Authorization)")
                .hasMessageContaining("mount the credentials Secret");
    }

    @Test
    void unavailableBackendIsRetriedUntilItAcceptsAndAcknowledgementsWaitForIt() throws Exception {
        // given a backend that answers 503 until told otherwise
        OtlpSink sink = sink();
        java.util.concurrent.atomic.AtomicBoolean up = new java.util.concurrent.atomic.AtomicBoolean();
        sink.replying(n -> up.get() ? Reply.OK : Reply.status(503));
        ExportFanOut fanOut = fanOut(backend("flaky", sink.endpoint()));
        AckedRecords records = new AckedRecords(10, resource("ns", "pod"), "retried");

        // when
        fanOut.submit(records.batch());
        await().until(() -> sink.received().size() >= 3);

        // then nothing is acknowledged while the backend refuses
        assertThat(records.acknowledged()).isZero();
        up.set(true);
        await().until(() -> records.acknowledged() == 10);
        assertThat(records.eachAcknowledgedOnce()).isTrue();
        assertThat(sink.acceptedRecords()).hasSize(10);
        assertThat(telemetry.value("otelcol_exporter_sent_log_records_total", "flaky")).isEqualTo(10);
        assertThat(telemetry.value("otelcol_exporter_send_failed_log_records_total", "flaky")).isZero();
    }

    @Test
    void tooManyRequestsWaitsForRetryAfter() throws Exception {
        // given
        OtlpSink sink = sink();
        sink.replying(n -> n == 0 ? Reply.retryAfter(429, "2") : Reply.OK);
        ExportFanOut fanOut = fanOut(backend("throttled", sink.endpoint()));
        AckedRecords records = new AckedRecords(1, resource("ns", "pod"), "throttled");

        // when
        fanOut.submit(records.batch());

        // then
        await().atMost(Duration.ofSeconds(10)).until(() -> records.acknowledged() == 1);
        List<OtlpSink.Received> received = sink.received();
        assertThat(received).hasSize(2);
        assertThat(Duration.ofNanos(received.get(1).atNanos() - received.get(0).atNanos()))
                .isGreaterThanOrEqualTo(Duration.ofMillis(1900));
    }

    @Test
    void retryAfterAcceptsSecondsAndHttpDates() {
        // given
        String inThreeSeconds = java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME
                .format(java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).plusSeconds(3));

        // when / then
        assertThat(OtlpHttpSender.retryAfter("7")).isEqualTo(Duration.ofSeconds(7));
        assertThat(OtlpHttpSender.retryAfter(inThreeSeconds)).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(3));
        assertThat(OtlpHttpSender.retryAfter("soon")).isNull();
    }

    @Test
    void badRequestIsNotRetriedButCountedAndAcknowledged() throws Exception {
        // given
        OtlpSink sink = sink();
        sink.replying(n -> Reply.status(400));
        ExportFanOut fanOut = fanOut(backend("strict", sink.endpoint()));
        AckedRecords records = new AckedRecords(4, resource("ns", "pod"), "rejected");

        // when
        fanOut.submit(records.batch());

        // then
        await().until(() -> records.acknowledged() == 4);
        await().until(() -> telemetry.value("otelcol_exporter_send_failed_log_records_total", "strict") == 4);
        Thread.sleep(300); // several retry intervals: a retry would have arrived by now
        assertThat(sink.received()).hasSize(1);
        assertThat(telemetry.value("otelcol_exporter_sent_log_records_total", "strict")).isZero();
    }

    @Test
    void permanentRejectionsAreLoggedAtMostOnceAMinuteWithStatusAndResponse() throws Exception {
        // given a backend that answers every request with 400 and a long explanation
        OtlpSink sink = sink();
        String explanation = "invalid log record: " + "x".repeat(1000);
        sink.replying(n -> new Reply(400, "text/plain", explanation.getBytes(StandardCharsets.UTF_8), null));
        ExportFanOut fanOut = fanOut(backend("strict", sink.endpoint()));
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(BackendExporter.class.getName());
        List<String> logged = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                logged.add(java.text.MessageFormat.format(record.getMessage(), record.getParameters()));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(capture);
        closeAfter.add(() -> logger.removeHandler(capture));
        AckedRecords first = new AckedRecords(1, resource("ns", "pod"), "a");
        AckedRecords second = new AckedRecords(1, resource("ns", "pod"), "b");

        // when
        fanOut.submit(first.batch());
        fanOut.submit(second.batch());

        // then
        await().until(() -> first.acknowledged() == 1 && second.acknowledged() == 1);
        assertThat(sink.received()).hasSize(2);
        List<String> rejections = logged.stream().filter(line -> line.contains("event=export_rejected")).toList();
        assertThat(rejections).hasSize(1);
        assertThat(rejections.get(0)).contains("backend=strict", "status=400", "invalid log record: xxx")
                .doesNotContain("x".repeat(493));
    }

    @Test
    void partialSuccessCountsTheRejectedRecords() throws Exception {
        // given
        OtlpSink sink = sink();
        byte[] partial = ExportLogsServiceResponse.newBuilder().setPartialSuccess(ExportLogsPartialSuccess.newBuilder()
                .setRejectedLogRecords(2).setErrorMessage("too old")).build().toByteArray();
        sink.replying(n -> new Reply(200, "application/x-protobuf", partial, null));
        ExportFanOut fanOut = fanOut(backend("picky", sink.endpoint()));
        AckedRecords records = new AckedRecords(5, resource("ns", "pod"), "partial");

        // when
        fanOut.submit(records.batch());

        // then
        await().until(() -> records.acknowledged() == 5);
        assertThat(telemetry.value("otelcol_exporter_sent_log_records_total", "picky")).isEqualTo(3);
        assertThat(telemetry.value("otelcol_exporter_send_failed_log_records_total", "picky")).isEqualTo(2);
    }

    @Test
    void refusedConnectionIsRetriedUntilTheBackendComesUp() throws Exception {
        // given a port nobody listens on yet
        int port;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        ExportFanOut fanOut = fanOut(backend("late", "http://127.0.0.1:" + port + "/v1/logs"));
        AckedRecords records = new AckedRecords(3, resource("ns", "pod"), "late");

        // when
        fanOut.submit(records.batch());
        Thread.sleep(300); // a few refused attempts
        assertThat(records.acknowledged()).isZero();
        OtlpSink sink = OtlpSink.on(port);
        closeAfter.add(sink);

        // then
        await().until(() -> records.acknowledged() == 3);
        assertThat(sink.acceptedRecords()).hasSize(3);
    }

    @Test
    void refusedConnectionIsGivenUpAfterMaxElapsedTimeCountedAndAcknowledged() throws Exception {
        // given
        int port;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        ExporterConfig config = backend("gone", "http://127.0.0.1:" + port + "/v1/logs");
        config.getRetry().setMaxElapsedTime("300ms");
        ExportFanOut fanOut = fanOut(config);
        AckedRecords records = new AckedRecords(3, resource("ns", "pod"), "gone");

        // when
        fanOut.submit(records.batch());

        // then
        await().until(() -> records.acknowledged() == 3);
        assertThat(telemetry.value("otelcol_exporter_send_failed_log_records_total", "gone")).isEqualTo(3);
    }

    @Test
    void backendThatNeverAnswersTimesOutAndIsRetried() throws Exception {
        // given a backend that swallows the first request
        OtlpSink sink = sink();
        sink.replying(n -> n == 0 ? Reply.HANG : Reply.OK);
        ExporterConfig config = backend("slow", sink.endpoint());
        config.setTimeout("1s");
        ExportFanOut fanOut = fanOut(config);
        AckedRecords records = new AckedRecords(2, resource("ns", "pod"), "slow");

        // when
        fanOut.submit(records.batch());

        // then
        await().until(() -> records.acknowledged() == 2);
        assertThat(sink.received().size()).isGreaterThanOrEqualTo(2);
        assertThat(sink.received().get(0).status()).isEqualTo(Reply.HANG.status());
        assertThat(sink.acceptedRecords()).extracting(r -> r.getBody().getStringValue())
                .isNotEmpty().containsOnly("slow line 0", "slow line 1");
    }

    @Test
    void downBackendWithBlockQueueHoldsBackSubmitWhileTheOtherBackendKeepsReceiving() throws Exception {
        // given
        OtlpSink healthy = sink();
        OtlpSink down = sink();
        down.replying(n -> Reply.status(503));
        ExporterConfig downConfig = backend("down", down.endpoint());
        downConfig.getQueue().setNumConsumers(1);
        downConfig.getQueue().setQueueSize(2);
        ExportFanOut fanOut = fanOut(backend("healthy", healthy.endpoint()), downConfig);
        List<AckedRecords> batches = new ArrayList<>();

        // when the batch stage keeps submitting
        Thread reader = new Thread(() -> {
            try {
                for (int i = 0; i < 10; i++) {
                    AckedRecords batch = new AckedRecords(1, resource("ns", "pod"), "batch-" + i);
                    synchronized (batches) {
                        batches.add(batch);
                    }
                    fanOut.submit(batch.batch());
                }
            } catch (InterruptedException stopped) {
                Thread.currentThread().interrupt();
            }
        });
        reader.start();
        closeAfter.add(reader::interrupt);

        // then: one batch in flight + two queued for "down"; the fourth submit, already handed to
        // "healthy", waits for room in "down"'s queue and the reader stops there
        await().until(() -> healthy.acceptedRecords().size() == 4 && reader.getState() == Thread.State.WAITING);
        Thread.sleep(300);
        assertThat(reader.getState()).isEqualTo(Thread.State.WAITING);
        assertThat(healthy.acceptedRecords()).hasSize(4);
        synchronized (batches) {
            assertThat(batches).hasSize(4);
            assertThat(batches).allMatch(b -> b.acknowledged() == 0);
        }
        assertThat(telemetry.value("otelcol_exporter_queue_size", "down")).isEqualTo(2);
        assertThat(telemetry.value("otelcol_exporter_queue_capacity", "down")).isEqualTo(2);

        // and when the down backend recovers, everything flows and is acknowledged once
        down.replying(n -> Reply.OK);
        reader.join(10_000);
        await().until(() -> batches.stream().allMatch(b -> b.acknowledged() == 1));
        assertThat(batches).allMatch(AckedRecords::eachAcknowledgedOnce);
        assertThat(healthy.acceptedRecords()).hasSize(10);
        assertThat(down.acceptedRecords()).hasSize(10);
    }

    @Test
    void downBackendWithDropNewestQueueDropsAndCountsWithoutHoldingBackSubmit() throws Exception {
        // given
        OtlpSink healthy = sink();
        OtlpSink down = sink();
        down.replying(n -> Reply.status(503));
        ExporterConfig downConfig = backend("down", down.endpoint());
        downConfig.getQueue().setNumConsumers(1);
        downConfig.getQueue().setQueueSize(2);
        downConfig.getQueue().setWhenFull(io.logpipeline.api.v1alpha1.QueueSpec.WhenFull.DROP_NEWEST);
        ExportFanOut fanOut = fanOut(backend("healthy", healthy.endpoint()), downConfig);
        List<AckedRecords> batches = new ArrayList<>();

        // when
        for (int i = 0; i < 10; i++) {
            AckedRecords batch = new AckedRecords(2, resource("ns", "pod"), "batch-" + i);
            batches.add(batch);
            fanOut.submit(batch.batch());
        }

        // then every submit returned; the healthy backend got everything
        await().until(() -> healthy.acceptedRecords().size() == 20);
        double dropped = telemetry.value("otelcol_exporter_enqueue_failed_log_records_total", "down");
        // "down" holds 2 queued batches and at most 1 in flight; the other 7 or 8 batches were dropped
        assertThat(dropped).isBetween(14.0, 16.0);
        // the dropped batches are done once "healthy" has answered; the ones "down" holds wait
        await().until(() -> batches.stream().filter(b -> b.acknowledged() == 2).count() == (long) dropped / 2);
        Thread.sleep(300);
        assertThat(batches.stream().filter(b -> b.acknowledged() > 0).count()).isEqualTo((long) dropped / 2);
        assertThat(batches).allMatch(b -> b.acks.stream().allMatch(a -> a.get() <= 1));
    }

    /** A text gzip cannot shrink much, so a batch's request body is about its length. */
    private static String incompressible(java.util.SplittableRandom random, int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append((char) ('!' + random.nextInt(94)));
        }
        return text.toString();
    }

    @Test
    void aQueueFullInBytesDropsLikeAQueueFullInBatches() throws Exception {
        // given: a down backend whose queue takes 1000 batches but only 2 KiB, and batches of ~1.7 KB each
        OtlpSink down = sink();
        down.replying(n -> Reply.status(503));
        ExporterConfig downConfig = backend("down", down.endpoint());
        downConfig.getQueue().setNumConsumers(1);
        downConfig.getQueue().setQueueSize(1000);
        downConfig.getQueue().setMaxBytes("2Ki");
        downConfig.getQueue().setWhenFull(io.logpipeline.api.v1alpha1.QueueSpec.WhenFull.DROP_NEWEST);
        ExportFanOut fanOut = fanOut(downConfig);
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);

        // when
        for (int i = 0; i < 10; i++) {
            fanOut.submit(new AckedRecords(1, resource("ns", "pod"), incompressible(random, 2000)).batch());
        }

        // then: the first batch is held (being retried: held until the backend is done with it), the nine others
        // find the bytes full and are dropped and counted, although 999 batch slots are free
        assertThat(telemetry.value("otelcol_exporter_enqueue_failed_log_records_total", "down")).isEqualTo(9);
        assertThat(telemetry.value("logpipeline_exporter_queue_capacity_bytes", "down")).isEqualTo(2048);
        assertThat(telemetry.value("logpipeline_exporter_queue_bytes", "down")).isBetween(1500.0, 2048.0);
    }

    /** A fan-out to {@code sink} within {@code budget}, whose queue would take everything (1000 batches, 1 GiB). */
    private ExportFanOut budgetedFanOut(OtlpSink sink, io.logpipeline.api.v1alpha1.QueueSpec.WhenFull whenFull,
            io.logpipeline.collector.memory.MemoryBudget budget) {
        ExporterConfig config = backend("down", sink.endpoint());
        config.getQueue().setQueueSize(1000);
        config.getQueue().setMaxBytes("1Gi");
        config.getQueue().setWhenFull(whenFull);
        ExportFanOut fanOut = new ExportFanOut(List.of(config), telemetry.metrics, Map.of(), budget);
        fanOut.start();
        closeAfter.add(fanOut);
        return fanOut;
    }

    @Test
    void aPipelineOverItsMemoryBudgetWaitsWithBlockAndLosesNothing() throws Exception {
        // given: a 4 KiB budget for the pipeline, its backend down with a queue that would take everything
        OtlpSink down = sink();
        down.replying(n -> Reply.status(503));
        io.logpipeline.collector.memory.MemoryBudget budget = new io.logpipeline.collector.memory.MemoryBudget(4096);
        ExportFanOut fanOut = budgetedFanOut(down, io.logpipeline.api.v1alpha1.QueueSpec.WhenFull.BLOCK, budget);
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        List<AckedRecords> batches = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            batches.add(new AckedRecords(1, resource("ns", "pod"), incompressible(random, 1500)));
        }

        // when the batch stage keeps submitting
        Thread processing = new Thread(() -> {
            try {
                for (AckedRecords batch : batches) {
                    fanOut.submit(batch.batch());
                }
            } catch (InterruptedException stopped) {
                Thread.currentThread().interrupt();
            }
        });
        processing.start();
        closeAfter.add(processing::interrupt);

        // then: it waits once the budget is full (two batches of ~1.8 KB fit in 4 KiB, a third does not)
        await().until(() -> processing.getState() == Thread.State.WAITING);
        assertThat(budget.used()).isBetween(2048L, 4096L);
        assertThat(telemetry.value("otelcol_exporter_enqueue_failed_log_records_total", "down")).isZero();

        // and when the backend recovers, every batch is delivered and acknowledged once, and the budget is free
        down.replying(n -> Reply.OK);
        processing.join(10_000);
        await().until(() -> batches.stream().allMatch(b -> b.acknowledged() == 1));
        assertThat(batches).allMatch(AckedRecords::eachAcknowledgedOnce);
        await().until(() -> budget.used() == 0);
        assertThat(budget.peak()).isLessThanOrEqualTo(4096);
    }

    @Test
    void aPipelineOverItsMemoryBudgetWithOnlyDropNewestBackendsDropsAndCountsAsQueueFull() throws Exception {
        // given
        OtlpSink down = sink();
        down.replying(n -> Reply.status(503));
        ExportFanOut fanOut = budgetedFanOut(down, io.logpipeline.api.v1alpha1.QueueSpec.WhenFull.DROP_NEWEST,
                new io.logpipeline.collector.memory.MemoryBudget(4096));
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);

        // when: ten batches of ~1.8 KB
        for (int i = 0; i < 10; i++) {
            fanOut.submit(new AckedRecords(1, resource("ns", "pod"), incompressible(random, 1500)).batch());
        }

        // then: two fit the budget and the one backend, still under its share, takes a third over it; seven are
        // dropped and counted
        assertThat(telemetry.value("otelcol_exporter_enqueue_failed_log_records_total", "down")).isEqualTo(7);
        assertThat(telemetry.scrape()).contains(
                "logpipeline_dropped_log_records_total{pipeline=\"" + telemetry.metrics.pipeline() + "\",reason=\"queue_full\"} 7.0");
    }

    @Test
    void aDownDropNewestBackendFillingThePipelinesBudgetDoesNotMakeAHealthyOneLoseData() throws Exception {
        // given: two dropNewest backends sharing a 4 KiB budget, one of them down
        OtlpSink healthy = sink();
        OtlpSink down = sink();
        down.replying(n -> Reply.status(503));
        List<ExporterConfig> configs = new ArrayList<>();
        for (OtlpSink sink : List.of(healthy, down)) {
            ExporterConfig config = backend(sink == healthy ? "healthy" : "down", sink.endpoint());
            config.getQueue().setQueueSize(1000);
            config.getQueue().setMaxBytes("1Gi");
            config.getQueue().setWhenFull(io.logpipeline.api.v1alpha1.QueueSpec.WhenFull.DROP_NEWEST);
            configs.add(config);
        }
        io.logpipeline.collector.memory.MemoryBudget budget = new io.logpipeline.collector.memory.MemoryBudget(4096);
        ExportFanOut fanOut = new ExportFanOut(configs, telemetry.metrics, Map.of(), budget);
        fanOut.start();
        closeAfter.add(fanOut);
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);

        // when: twenty batches of ~1.8 KB, slowly enough for the healthy backend to answer each
        for (int i = 0; i < 20; i++) {
            fanOut.submit(new AckedRecords(1, resource("ns", "pod"), incompressible(random, 1500) + " " + i).batch());
            int sent = i + 1;
            await().until(() -> healthy.acceptedRecords().size() == sent);
        }

        // then: the healthy backend got every batch; the down one holds about its share and dropped the rest, counted
        assertThat(healthy.acceptedRecords()).hasSize(20);
        assertThat(telemetry.value("otelcol_exporter_enqueue_failed_log_records_total", "healthy")).isZero();
        assertThat(telemetry.value("otelcol_exporter_enqueue_failed_log_records_total", "down")).isBetween(16.0, 19.0);
        assertThat(budget.peak()).isLessThan(2 * 4096);
    }

    @Test
    void exporterCountersOnMetricsEqualWhatTheBackendAcceptedAndRefused() throws Exception {
        // given a backend that refuses every third request
        OtlpSink sink = sink();
        sink.replying(n -> n % 3 == 2 ? Reply.status(400) : Reply.OK);
        ExporterConfig config = backend("mixed", sink.endpoint());
        config.getQueue().setNumConsumers(1);
        ExportFanOut fanOut = fanOut(config);
        List<AckedRecords> batches = new ArrayList<>();

        // when
        for (int i = 1; i <= 9; i++) {
            AckedRecords batch = new AckedRecords(i, resource("ns", "pod-" + i), "b" + i);
            batches.add(batch);
            fanOut.submit(batch.batch());
        }
        await().until(() -> batches.stream().allMatch(b -> b.acknowledged() == b.records.size()));

        // then
        List<OtlpSink.Received> received = sink.received();
        int accepted = received.stream().filter(r -> r.status() == 200).mapToInt(OtlpSink.Received::records).sum();
        int refused = received.stream().filter(r -> r.status() == 400).mapToInt(OtlpSink.Received::records).sum();
        assertThat(received).hasSize(9);
        assertThat(accepted + refused).isEqualTo(45);
        assertThat(refused).isPositive();
        assertThat(telemetry.value("otelcol_exporter_sent_log_records_total", "mixed")).isEqualTo(accepted);
        assertThat(telemetry.value("otelcol_exporter_send_failed_log_records_total", "mixed")).isEqualTo(refused);
    }

    @Test
    void shutdownDrainsTheQueuesBeforeItReturns() throws Exception {
        // given
        OtlpSink sink = sink();
        ExporterConfig config = backend("drained", sink.endpoint());
        config.getQueue().setNumConsumers(1);
        ExportFanOut fanOut = fanOut(config);
        List<AckedRecords> batches = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            AckedRecords batch = new AckedRecords(10, resource("ns", "pod"), "b" + i);
            batches.add(batch);
            fanOut.submit(batch.batch());
        }

        // when
        fanOut.stop(Deadline.after(Duration.ofSeconds(10)));

        // then
        assertThat(batches).allMatch(b -> b.acknowledged() == 10);
        assertThat(sink.acceptedRecords()).hasSize(50);
    }

    @Test
    void shutdownGivesUpOnADownBackendAtTheDeadlineLeavingItsRecordsUnacknowledged() throws Exception {
        // given
        OtlpSink sink = sink();
        sink.replying(n -> Reply.status(503));
        ExportFanOut fanOut = fanOut(backend("down", sink.endpoint()));
        AckedRecords records = new AckedRecords(3, resource("ns", "pod"), "held");
        fanOut.submit(records.batch());
        await().until(() -> !sink.received().isEmpty());

        // when
        fanOut.stop(Deadline.after(Duration.ofMillis(300)));

        // then the records will be read again after a restart
        assertThat(records.acknowledged()).isZero();
        int attempts = sink.received().size();
        Thread.sleep(300);
        assertThat(sink.received()).hasSize(attempts);
    }

    private static Map<String, String> attributes(List<KeyValue> keyValues) {
        return keyValues.stream().collect(Collectors.toMap(KeyValue::getKey, kv -> kv.getValue().getStringValue()));
    }
}
