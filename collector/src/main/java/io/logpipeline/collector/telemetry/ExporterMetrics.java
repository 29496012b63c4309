package io.logpipeline.collector.telemetry;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import java.util.function.IntSupplier;

/** The {@code otelcol_exporter_*} series of one backend; obtained from {@link CollectorMetrics#backend(String)}. */
public final class ExporterMetrics {

    private final Meter meter;
    private final Attributes attributes;
    private final LongCounter sent;
    private final LongCounter sendFailed;
    private final LongCounter enqueueFailed;

    ExporterMetrics(Meter meter, Attributes attributes, LongCounter sent, LongCounter sendFailed, LongCounter enqueueFailed) {
        this.meter = meter;
        this.attributes = attributes;
        this.sent = sent;
        this.sendFailed = sendFailed;
        this.enqueueFailed = enqueueFailed;
        // series exist at 0 from the start, so rate() and "> 0" alerts work before the first failure
        sent.add(0, attributes);
        sendFailed.add(0, attributes);
        enqueueFailed.add(0, attributes);
    }

    /** Records the backend accepted. */
    public void sent(long records) {
        sent.add(records, attributes);
    }

    /** Records rejected permanently (4xx/5xx, partial success) or given up on after maxElapsedTime. */
    public void sendFailed(long records) {
        sendFailed.add(records, attributes);
    }

    /** Records dropped by a full dropNewest queue. */
    public void enqueueFailed(long records) {
        enqueueFailed.add(records, attributes);
    }

    /** Reports the queue's current length and its capacity (in batches) at each scrape. */
    public void observeQueue(IntSupplier size, int capacity) {
        meter.gaugeBuilder("otelcol_exporter_queue_size").setDescription("Batches waiting in the backend's queue.")
                .ofLongs().buildWithCallback(measurement -> measurement.record(size.getAsInt(), attributes));
        meter.gaugeBuilder("otelcol_exporter_queue_capacity").setDescription("Batches the backend's queue holds.")
                .ofLongs().buildWithCallback(measurement -> measurement.record(capacity, attributes));
    }
}
