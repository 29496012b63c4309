package io.logpipeline.collector.pipeline;

import io.logpipeline.collector.batch.Batch;
import io.logpipeline.collector.batch.BatchExporter;
import io.logpipeline.collector.export.ExportFanOut;
import io.logpipeline.collector.telemetry.CollectorMetrics;

import static java.lang.System.Logger.Level.WARNING;

/**
 * Hands each batch to the export stage and counts its size. The export stage acknowledges the records
 * itself, once every backend is done; a batch it cannot take (shutdown deadline) stays unacknowledged,
 * so its lines are read again after the restart rather than lost.
 */
final class FanOutBatchExporter implements BatchExporter {

    private static final System.Logger LOG = System.getLogger(FanOutBatchExporter.class.getName());

    private final ExportFanOut fanOut;
    private final CollectorMetrics metrics;

    FanOutBatchExporter(ExportFanOut fanOut, CollectorMetrics metrics) {
        this.fanOut = fanOut;
        this.metrics = metrics;
    }

    @Override
    public void export(Batch batch) {
        metrics.batchSent(batch.recordCount());
        try {
            fanOut.submit(batch);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.log(WARNING, "event=batch_not_exported reason=shutdown_deadline records=" + batch.recordCount());
        } catch (IllegalStateException e) {
            LOG.log(WARNING, "event=batch_not_exported reason=export_shut_down records=" + batch.recordCount());
        }
    }
}
