package io.logpipeline.collector.export;

import io.logpipeline.api.config.ExporterConfig;
import io.logpipeline.collector.batch.Batch;
import io.logpipeline.collector.batch.BatchBuilder;
import io.logpipeline.collector.record.ContainerResource;
import io.logpipeline.collector.record.LogRecord;
import io.logpipeline.collector.telemetry.AgentMetrics;
import io.logpipeline.collector.telemetry.CollectorMetrics;
import io.logpipeline.collector.telemetry.Readiness;
import io.logpipeline.collector.telemetry.TelemetryServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Backends, records that count their acknowledgements, and a /metrics scrape, shared by the export tests. */
final class ExportFixtures {

    private ExportFixtures() {
    }

    /** A backend with test-sized intervals: retries after 50 ms, never more than 200 ms apart. */
    static ExporterConfig backend(String name, String endpoint) {
        ExporterConfig config = new ExporterConfig();
        config.setName(name);
        config.setEndpoint(endpoint);
        config.setTimeout("10s"); // generous: a timeout on a loaded machine would retry and duplicate
        config.getRetry().setInitialInterval("50ms");
        config.getRetry().setMaxInterval("200ms");
        config.getQueue().setNumConsumers(2);
        config.getQueue().setQueueSize(10);
        return config;
    }

    /** Records whose acknowledgements are counted one by one. */
    static final class AckedRecords {
        final List<LogRecord> records = new ArrayList<>();
        final List<AtomicInteger> acks = new ArrayList<>();

        AckedRecords(int count, ContainerResource resource, String prefix) {
            for (int i = 0; i < count; i++) {
                AtomicInteger ack = new AtomicInteger();
                acks.add(ack);
                records.add(new LogRecord(1_700_000_000_000_000_000L + i, prefix + " line " + i, resource)
                        .observedEpochNanos(1_700_000_001_000_000_000L + i)
                        .acknowledgement(ack::incrementAndGet));
            }
        }

        /** These records as the batch stage hands them to the export stage: encoded, grouped by resource. */
        Batch batch() {
            return batchOf(records);
        }

        long acknowledged() {
            return acks.stream().filter(a -> a.get() > 0).count();
        }

        boolean eachAcknowledgedOnce() {
            return acks.stream().allMatch(a -> a.get() == 1);
        }
    }

    /** The records as a batch of the batch stage: each encoded as it is added, grouped by resource, in order. */
    static Batch batchOf(List<LogRecord> records) {
        BatchBuilder builder = new BatchBuilder(Map.of(), new OtlpRecordEncoder());
        records.forEach(builder::add);
        return builder.build();
    }

    static ContainerResource resource(String namespace, String pod) {
        return new ContainerResource(Map.of("k8s.namespace.name", namespace, "k8s.pod.name", pod));
    }

    /** The collector's telemetry server on 127.0.0.1, scraped as a user would. */
    static final class Telemetry implements AutoCloseable {
        final AgentMetrics agentMetrics = new AgentMetrics();
        final CollectorMetrics metrics = agentMetrics.pipeline("monitoring/default");
        final TelemetryServer server;

        Telemetry() throws IOException {
            server = new TelemetryServer("127.0.0.1", 0, agentMetrics, new Readiness(), null);
            server.start();
        }

        String scrape() throws IOException, InterruptedException {
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.body();
        }

        /** The value of {@code name}{pipeline="default",backend="<backend>"}, 0 when the series is absent. */
        double value(String name, String backend) throws IOException, InterruptedException {
            Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{([^}]*)\\} (\\S+)$").matcher(scrape());
            while (matcher.find()) {
                if (matcher.group(1).contains("exporter=\"otlphttp/" + backend + "\"")) {
                    return Double.parseDouble(matcher.group(2));
                }
            }
            return 0;
        }

        @Override
        public void close() {
            server.close();
            agentMetrics.close();
        }
    }
}
