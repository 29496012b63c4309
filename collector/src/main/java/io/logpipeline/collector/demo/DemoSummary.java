package io.logpipeline.collector.demo;

import io.logpipeline.collector.pipeline.CollectorPipeline;
import io.logpipeline.collector.telemetry.CollectorMetrics;
import io.logpipeline.collector.telemetry.ExporterMetrics;
import java.util.List;

/**
 * What the demo did, from the agent's own counters (those of {@code /metrics} and the status report): lines read,
 * and per pipeline the records its input handed on and what its backend did with them, with the backend's last
 * error when not everything arrived.
 */
record DemoSummary(long linesExpected, boolean delivered, List<PipelineSummary> pipelines) {

    /**
     * One pipeline's part.
     *
     * @param failed records the backend refused or that were given up after retries
     * @param undelivered records read but neither sent, failed nor dropped when the demo stopped: still queued or retrying
     * @param lastError the backend's last error ({@code connection refused (...)}, {@code HTTP 404: ...}); null if none
     */
    record PipelineSummary(String pipeline, String backend, long linesRead, long recordsRead, long sent, long failed, long dropped,
            long undelivered, String lastError) {

        /**
         * The pipeline's counts once it stopped. The demo's pipelines have one backend and no filter, so every record
         * read is due at that backend: what it neither sent, failed nor dropped was not delivered by the deadline.
         */
        static PipelineSummary of(String key, CollectorPipeline pipeline, CollectorMetrics metrics, String backend) {
            ExporterMetrics exporter = metrics.backend(backend);
            long recordsRead = pipeline.inputStats().recordsHandedOn();
            long accounted = exporter.sentTotal() + exporter.failedTotal() + exporter.droppedTotal();
            ExporterMetrics.BackendError error = exporter.lastError();
            return new PipelineSummary(key, backend, pipeline.inputStats().linesRead(), recordsRead, exporter.sentTotal(),
                    exporter.failedTotal(), exporter.droppedTotal(), Math.max(0, recordsRead - accounted),
                    error == null ? null : error.message());
        }

        boolean complete() {
            return sent == recordsRead && failed == 0 && dropped == 0 && undelivered == 0;
        }

        String describe() {
            String text = String.format("  pipeline %s: lines read %d, records read %d (CRI partials joined), backend %s: records sent %d, "
                    + "failed %d%s, dropped %d", pipeline, linesRead, recordsRead, backend, sent, failed + undelivered,
                    undelivered == 0 ? "" : " (" + undelivered + " undelivered when the demo stopped)", dropped);
            return complete() || lastError == null ? text : text + "; last error: " + lastError;
        }
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
}
