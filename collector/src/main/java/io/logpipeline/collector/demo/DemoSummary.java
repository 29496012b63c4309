package io.logpipeline.collector.demo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * What the demo did, as the agent's own {@code /metrics} reports it: lines read, and per pipeline the records
 * its input handed on and its backend's records sent, failed and dropped.
 */
record DemoSummary(long linesExpected, boolean delivered, List<PipelineSummary> pipelines) {

    /** One pipeline's part: the lines it read, the records it handed on, and what its backend got. */
    record PipelineSummary(String pipeline, String backend, long linesRead, long recordsRead, long sent, long failed, long dropped) {

        boolean complete() {
            return sent == recordsRead && failed == 0 && dropped == 0;
        }

        String describe() {
            return String.format("  pipeline %s: lines read %d, records read %d (CRI partials joined), backend %s: records sent %d, "
                    + "failed %d, dropped %d", pipeline, linesRead, recordsRead, backend, sent, failed, dropped);
        }
    }

    static PipelineSummary scrape(int telemetryPort, String pipeline, String backend, long linesRead)
            throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String metrics = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + telemetryPort + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return new PipelineSummary(pipeline, backend, linesRead,
                value(metrics, "otelcol_receiver_accepted_log_records_total", pipeline, null),
                value(metrics, "otelcol_exporter_sent_log_records_total", pipeline, backend),
                value(metrics, "otelcol_exporter_send_failed_log_records_total", pipeline, backend),
                value(metrics, "otelcol_exporter_enqueue_failed_log_records_total", pipeline, backend));
    }

    long linesRead() {
        return pipelines.stream().mapToLong(PipelineSummary::linesRead).sum();
    }

    /** Every line read, and every record read sent with no failure or drop. */
    boolean complete() {
        return delivered && linesRead() == linesExpected && pipelines.stream().allMatch(PipelineSummary::complete);
    }

    String describe() {
        StringBuilder text = new StringBuilder(String.format("demo summary: lines read %d of %d by %d pipelines — %s",
                linesRead(), linesExpected, pipelines.size(), complete() ? "every line delivered" : "NOT every line was delivered"));
        pipelines.forEach(pipeline -> text.append(System.lineSeparator()).append(pipeline.describe()));
        return text.toString();
    }

    // The value of a pipeline's series in Prometheus text; with a backend, the series of that backend.
    private static long value(String metrics, String name, String pipeline, String backend) {
        for (String line : metrics.split("\n")) {
            if (line.startsWith(name + "{") && line.contains("pipeline=\"" + pipeline + "\"")
                    && (backend == null || line.contains("exporter=\"otlphttp/" + backend + "\""))) {
                return (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }
}
