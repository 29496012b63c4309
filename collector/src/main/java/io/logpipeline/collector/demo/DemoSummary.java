package io.logpipeline.collector.demo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * What the demo did, as the collector's own {@code /metrics} reports it: lines read, records the input
 * handed on, and per backend records sent, failed and dropped.
 */
record DemoSummary(String backend, long linesExpected, long linesRead, long recordsRead, long sent, long failed,
                   long dropped, boolean delivered) {

    static DemoSummary scrape(int telemetryPort, String backend, long linesRead, long linesExpected, boolean delivered)
            throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String metrics = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + telemetryPort + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return new DemoSummary(backend, linesExpected, linesRead,
                value(metrics, "otelcol_receiver_accepted_log_records_total", null),
                value(metrics, "otelcol_exporter_sent_log_records_total", backend),
                value(metrics, "otelcol_exporter_send_failed_log_records_total", backend),
                value(metrics, "otelcol_exporter_enqueue_failed_log_records_total", backend), delivered);
    }

    /** Every line read, and every record read sent with no failure or drop. */
    boolean complete() {
        return delivered && linesRead == linesExpected && sent == recordsRead && failed == 0 && dropped == 0;
    }

    String describe() {
        return String.format("demo summary: lines read %d of %d, records read %d (CRI partials joined), "
                        + "backend %s: records sent %d, failed %d, dropped %d — %s",
                linesRead, linesExpected, recordsRead, backend, sent, failed, dropped,
                complete() ? "every line delivered" : "NOT every line was delivered");
    }

    // The value of a series in Prometheus text; with a backend, the series of that backend.
    private static long value(String metrics, String name, String backend) {
        for (String line : metrics.split("\n")) {
            if (line.startsWith(name + "{") && (backend == null || line.contains("backend=\"" + backend + "\""))) {
                return (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }
}
