package io.logpipeline.collector.export;

import io.logpipeline.api.config.ExporterConfig;
import io.logpipeline.api.units.ByteSize;
import io.logpipeline.api.v1alpha1.QueueSpec;
import io.logpipeline.collector.telemetry.ExporterMetrics;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One backend: its bounded queue of batches (in batches and in bytes) and the sender threads that drain it with
 * retries, started as the queue needs them ({@link SenderPool}).
 */
final class BackendExporter {

    private static final System.Logger LOG = System.getLogger(BackendExporter.class.getName());
    private static final long PERMANENT_LOG_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);
    /** How long a sender beyond the first waits for work before it leaves. */
    static final Duration SENDER_KEEP_ALIVE = Duration.ofSeconds(60);

    private final String name;
    private final OtlpPayload.Format format;
    private final boolean dropWhenFull;
    private final BatchQueue queue;
    private final OtlpHttpSender sender;
    private final RetryBackoff backoff;
    private final ExporterMetrics metrics;
    private final SenderPool senders;
    private final long keepAliveNanos;
    private final AtomicLong nextPermanentLogNanos = new AtomicLong(System.nanoTime());
    private volatile boolean closing;
    private volatile long deadlineNanos;

    BackendExporter(ExporterConfig config, String field, ExporterMetrics metrics, Map<String, String> credentials) {
        this(config, field, metrics, credentials, SENDER_KEEP_ALIVE);
    }

    /** @param senderKeepAlive how long a sender beyond the first waits for work before it leaves */
    BackendExporter(ExporterConfig config, String field, ExporterMetrics metrics, Map<String, String> credentials,
            Duration senderKeepAlive) {
        this.name = config.getName();
        this.format = new OtlpPayload.Format(config.getEncoding(), config.getCompression());
        QueueSpec queueSpec = config.getQueue();
        this.dropWhenFull = queueSpec.getWhenFull() == QueueSpec.WhenFull.DROP_NEWEST;
        long maxBytes = ByteSize.parseBytes(queueSpec.getMaxBytes() == null ? QueueSpec.DEFAULT_MAX_BYTES : queueSpec.getMaxBytes());
        this.keepAliveNanos = senderKeepAlive.toNanos();
        this.queue = new BatchQueue(queueSpec.getQueueSize(), maxBytes, this::growSenders);
        this.senders = new SenderPool(name, queueSpec.getNumConsumers(), queue::senderStarting, this::drain);
        this.sender = new OtlpHttpSender(config, field, credentials);
        this.backoff = new RetryBackoff(config.getRetry());
        this.metrics = metrics;
        metrics.observeQueue(queue::size, queueSpec.getQueueSize(), queue::heldBytes, maxBytes);
    }

    OtlpPayload.Format format() {
        return format;
    }

    void start() {
        senders.start();
    }

    /** A batch waits and no sender is free: another may start. */
    private void growSenders() {
        senders.grow();
    }

    /** Sender threads running now. */
    int senderCount() {
        return senders.size();
    }

    /** Sender threads waiting for a batch now. */
    int idleSenderCount() {
        return queue.idleTakers();
    }

    /** Bytes this backend's queue holds (waiting or being sent). */
    long heldBytes() {
        return queue.heldBytes();
    }

    /** Whether a full queue (or a pipeline over its memory budget) drops new batches rather than waiting. */
    boolean dropsWhenFull() {
        return dropWhenFull;
    }

    /**
     * Queues a batch: waits for room when the queue is full (in batches or bytes) and whenFull is block; drops
     * and counts it (and tells the completion this backend is done) when whenFull is dropNewest.
     */
    void enqueue(PendingBatch batch) throws InterruptedException {
        BatchQueue.Entry entry = new BatchQueue.Entry(batch, batch.bytes(format));
        if (dropWhenFull) {
            if (!queue.offer(entry)) {
                drop(batch);
            }
        } else {
            queue.put(entry);
        }
    }

    /** Drops a batch without queueing it (full queue, or the pipeline over its memory budget), counted as queue_full. */
    void drop(PendingBatch batch) {
        metrics.enqueueFailed(batch.size());
        batch.backendDone();
    }

    /** A sender: waits on the queue (no polling), sends, and leaves when closed and drained or idle and not the last. */
    private void drain(SenderPool pool) {
        try {
            boolean firstTake = true;
            while (true) {
                BatchQueue.Entry entry = queue.take(keepAliveNanos, firstTake);
                firstTake = false;
                if (entry == null) {
                    if (closing || pool.retire()) {
                        return;
                    }
                    continue;
                }
                try {
                    exportOrCount(entry.batch());
                } finally {
                    queue.done(entry);
                }
            }
        } catch (InterruptedException stopped) {
            // shutdown deadline passed: what is left stays unacknowledged and is read again after restart
            Thread.currentThread().interrupt();
        }
    }

    /** A bug in one batch must neither kill a sender thread nor hold the checkpoints back forever. */
    private void exportOrCount(PendingBatch batch) throws InterruptedException {
        try {
            export(batch);
        } catch (RuntimeException e) {
            metrics.sendFailed(batch.size());
            LOG.log(Level.ERROR, "event=export_failed backend=" + name + " records=" + batch.size(), e);
            batch.backendDone();
        }
    }

    private void export(PendingBatch batch) throws InterruptedException {
        OtlpPayload payload = batch.payload(format);
        RetryBackoff.Attempts attempts = backoff.start();
        while (true) {
            SendResult result = sender.send(payload);
            if (result instanceof SendResult.Accepted accepted) {
                long rejected = Math.min(accepted.rejected(), batch.size());
                metrics.sent(batch.size() - rejected);
                if (rejected > 0) {
                    metrics.sendFailed(rejected);
                    metrics.error("partial success: " + rejected + " rejected: " + accepted.message(), true);
                    logPermanent("partial_success rejected=" + rejected + " message=\"" + accepted.message() + "\"");
                }
                break;
            }
            if (result instanceof SendResult.Permanent permanent) {
                metrics.sendFailed(batch.size());
                metrics.error("HTTP " + permanent.status() + ": " + abbreviated(permanent.body()), true);
                logPermanent("status=" + permanent.status() + " records=" + batch.size()
                        + " response=\"" + permanent.body().replace("\n", "\\n") + "\"");
                break;
            }
            SendResult.Retryable retryable = (SendResult.Retryable) result;
            metrics.error(retryable.reason(), false);
            Duration wait = backoff.enabled() ? attempts.next(retryable.retryAfter()) : null;
            if (wait == null) {
                metrics.sendFailed(batch.size());
                LOG.log(Level.WARNING, "event=export_gave_up backend={0} records={1} reason=\"{2}\" retry={3}",
                        name, batch.size(), retryable.reason(), backoff.enabled() ? "maxElapsedTime reached" : "disabled");
                break;
            }
            if (closing && System.nanoTime() - deadlineNanos >= 0) {
                // shutting down and out of time: leave the batch unacknowledged, it is read again after restart
                throw new InterruptedException("shutdown deadline passed");
            }
            LOG.log(Level.DEBUG, "event=export_retry backend={0} reason=\"{1}\" wait={2}", name, retryable.reason(), wait);
            TimeUnit.NANOSECONDS.sleep(wait.toNanos());
        }
        batch.backendDone();
    }

    /** A response body in a status report stays short: the report is one small ConfigMap per node. */
    private static String abbreviated(String body) {
        String line = body.replace('\n', ' ').strip();
        return line.length() <= 200 ? line : line.substring(0, 200) + "...";
    }

    /** At most one line a minute per backend, so a misconfigured backend cannot flood the log. */
    private void logPermanent(String detail) {
        long now = System.nanoTime();
        long next = nextPermanentLogNanos.get();
        if (now - next >= 0 && nextPermanentLogNanos.compareAndSet(next, now + PERMANENT_LOG_INTERVAL_NANOS)) {
            LOG.log(Level.WARNING, "event=export_rejected backend={0} {1}", name, detail);
        }
    }

    /** Stops taking new work once the queue is empty; after {@code deadline}, interrupts what is still sending. */
    void close(long deadlineNanos) throws InterruptedException {
        this.deadlineNanos = deadlineNanos;
        closing = true;
        queue.close();
        senders.close(deadlineNanos);
        sender.close();
    }
}
