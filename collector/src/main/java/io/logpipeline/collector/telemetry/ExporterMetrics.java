package io.logpipeline.collector.telemetry;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.ObservableLongMeasurement;
import java.time.Instant;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * The {@code otelcol_exporter_*} series of one backend of one pipeline, and its delivery health for the
 * status report: running totals, the last error, and since when every attempt has failed. Logs one
 * line when an outage starts and one when it ends, with counts. Obtained from {@link CollectorMetrics#backend(String)}.
 */
public final class ExporterMetrics {

    private static final System.Logger LOG = System.getLogger(ExporterMetrics.class.getName());

    private final CollectorMetrics pipeline;
    private final AgentMetrics agent;
    private final Attributes attributes;
    private final String name;
    private final LongAdder sentTotal = new LongAdder();
    private final LongAdder failedTotal = new LongAdder();
    private final LongAdder droppedTotal = new LongAdder();
    private volatile IntSupplier queueSize;
    private volatile int queueCapacity;
    private volatile LongSupplier queueBytes;
    private volatile long queueMaxBytes;
    private volatile BackendError lastError;
    private volatile Instant retryingSince;
    /** The newest send's outcome was a permanent refusal; an accepted send ends it, so a fixed token shows at once. */
    private volatile boolean rejecting;
    private long failedAtOutageStart;

    ExporterMetrics(CollectorMetrics pipeline, AgentMetrics agent, Attributes attributes, String name) {
        this.pipeline = pipeline;
        this.agent = agent;
        this.attributes = attributes;
        this.name = name;
        // series exist at 0 from the start, so rate() and "> 0" alerts work before the first failure
        agent.exporterSent.add(0, attributes);
        agent.exporterSendFailed.add(0, attributes);
        agent.exporterEnqueueFailed.add(0, attributes);
    }

    /** The backend's name (the LogBackend's). */
    public String name() {
        return name;
    }

    /** Records the backend accepted; ends an outage and a rejection. */
    public void sent(long records) {
        agent.exporterSent.add(records, attributes);
        sentTotal.add(records);
        rejecting = false;
        Instant since = retryingSince;
        if (since != null) {
            synchronized (this) {
                if (retryingSince != null) {
                    LOG.log(System.Logger.Level.INFO, "event=backend_recovered pipeline=" + pipeline.pipeline() + " backend=" + name
                            + " outage_seconds=" + (agent.clock().instant().getEpochSecond() - since.getEpochSecond())
                            + " records_failed_during_outage=" + (failedTotal.sum() - failedAtOutageStart));
                    retryingSince = null;
                }
            }
        }
    }

    /** Records rejected permanently (4xx/5xx, partial success) or given up on after maxElapsedTime. */
    public void sendFailed(long records) {
        agent.exporterSendFailed.add(records, attributes);
        failedTotal.add(records);
        pipeline.dropped(DropReason.REJECTED, records);
    }

    /** Records dropped by a full dropNewest queue. */
    public void enqueueFailed(long records) {
        agent.exporterEnqueueFailed.add(records, attributes);
        droppedTotal.add(records);
        pipeline.dropped(DropReason.QUEUE_FULL, records);
    }

    /** A send failed with {@code error}; {@code permanent} for a 4xx other than 429. A retryable one starts an outage if none is running. */
    public void error(String error, boolean permanent) {
        Instant now = agent.clock().instant();
        lastError = new BackendError(error, now, permanent);
        rejecting = permanent;
        if (!permanent && retryingSince == null) {
            synchronized (this) {
                if (retryingSince == null) {
                    retryingSince = now;
                    failedAtOutageStart = failedTotal.sum();
                    LOG.log(System.Logger.Level.WARNING, "event=backend_unreachable pipeline=" + pipeline.pipeline()
                            + " backend=" + name + " error=\"" + error + "\" action=retry");
                }
            }
        }
    }

    /**
     * Reports the queue's current length and its capacity in batches, and the bytes it holds and may hold, at each
     * scrape; a rebuilt exporter replaces the last one.
     */
    public void observeQueue(IntSupplier size, int capacity, LongSupplier bytes, long maxBytes) {
        this.queueBytes = bytes;
        this.queueMaxBytes = maxBytes;
        this.queueCapacity = capacity;
        this.queueSize = size;
    }

    void observeQueueBytes(ObservableLongMeasurement measurement) {
        LongSupplier bytes = queueBytes;
        if (bytes != null) {
            measurement.record(bytes.getAsLong(), attributes);
        }
    }

    void observeQueueCapacityBytes(ObservableLongMeasurement measurement) {
        if (queueBytes != null) {
            measurement.record(queueMaxBytes, attributes);
        }
    }

    void observeQueueSize(ObservableLongMeasurement measurement) {
        IntSupplier size = queueSize;
        if (size != null) {
            measurement.record(size.getAsInt(), attributes);
        }
    }

    void observeQueueCapacity(ObservableLongMeasurement measurement) {
        if (queueSize != null) {
            measurement.record(queueCapacity, attributes);
        }
    }

    public long sentTotal() {
        return sentTotal.sum();
    }

    public long failedTotal() {
        return failedTotal.sum();
    }

    public long droppedTotal() {
        return droppedTotal.sum();
    }

    /** The last error, or null when there was none. */
    public BackendError lastError() {
        return lastError;
    }

    /** Whether the backend refuses records permanently now: the newest send was refused (a 4xx) and none was accepted since. */
    public boolean rejecting() {
        return rejecting;
    }

    /** Since when every attempt has failed and is being retried; null while delivering. */
    public Instant retryingSince() {
        return retryingSince;
    }

    /** A failed send: what went wrong, when, and whether retrying can help. */
    public record BackendError(String message, Instant at, boolean permanent) {
    }
}
