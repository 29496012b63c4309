package io.logpipeline.collector.batch;

import io.logpipeline.api.units.GoDuration;
import io.logpipeline.api.v1alpha1.BatchSpec;
import io.logpipeline.collector.chain.RecordConsumer;
import io.logpipeline.collector.record.ContainerResource;
import io.logpipeline.collector.record.LogRecord;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The batch stage: one open batch per distinct combination of the {@code metadataKeys} resource values
 * (at most {@code metadataCardinalityLimit}; further combinations share one overflow batch, counted). A
 * batch is sent when it holds {@code sendBatchSize} records (never more than {@code sendBatchMaxSize}), or
 * by {@link #flushExpired()} once its first record has waited {@code timeout}. A record is encoded as it enters its
 * batch ({@link BatchBuilder}); the finished {@link Batch} is what the exporter takes. Thread-safe; batches are
 * handed to the exporter outside the lock.
 */
public final class RecordBatcher implements RecordConsumer {

    private final int sendSize;
    private final long timeoutNanos;
    private final String[] metadataKeys;
    private final int cardinalityLimit;
    private final RecordEncoder encoder;
    private final BatchExporter exporter;
    private final LongSupplier nanoClock;
    private final BatchStats stats = new BatchStats();

    private final Map<List<String>, OpenBatch> open = new HashMap<>();
    private OpenBatch overflow;
    /** Estimated bytes of the records in open batches (the pipeline's memory budget counts them). */
    private long heldBytes;
    /** The resource of the previous record and its open batch: records of one container arrive in runs. */
    private ContainerResource lastResource;
    private OpenBatch lastBatch;

    /**
     * @param encoder what each record is kept as in its batch, called under this batcher's lock
     * @param nanoClock a monotonic clock in nanoseconds ({@code System::nanoTime}; a fake one in tests)
     */
    public RecordBatcher(BatchSpec spec, RecordEncoder encoder, BatchExporter exporter, LongSupplier nanoClock) {
        int size = spec.getSendBatchSize();
        int max = spec.getSendBatchMaxSize() == null ? 0 : spec.getSendBatchMaxSize();
        this.sendSize = max > 0 ? Math.min(size, max) : size;
        this.timeoutNanos = GoDuration.parse(spec.getTimeout()).toNanos();
        this.metadataKeys = spec.getMetadataKeys() == null ? new String[0] : spec.getMetadataKeys().toArray(String[]::new);
        this.cardinalityLimit = spec.getMetadataCardinalityLimit();
        this.encoder = encoder;
        this.exporter = exporter;
        this.nanoClock = nanoClock;
    }

    public BatchStats stats() {
        return stats;
    }

    @Override
    public void accept(LogRecord record) {
        Batch full = null;
        synchronized (this) {
            OpenBatch batch = batchFor(record.resource());
            if (batch.isEmpty()) {
                batch.firstRecordNanos = nanoClock.getAsLong();
            }
            heldBytes += batch.records.add(record);
            if (batch.records.recordCount() >= sendSize) {
                full = close(batch);
                stats.sentForSize.increment();
            }
        }
        if (full != null) {
            send(full);
        }
    }

    /** Estimated bytes of the records waiting in open batches: their encoded form ({@link BatchBuilder#heldBytes()}). */
    public synchronized long heldBytes() {
        return heldBytes;
    }

    /** Sends every batch whose first record has waited the timeout. */
    public void flushExpired() {
        List<Batch> due = new ArrayList<>();
        synchronized (this) {
            long now = nanoClock.getAsLong();
            for (Iterator<OpenBatch> it = allOpen().iterator(); it.hasNext(); ) {
                OpenBatch batch = it.next();
                if (!batch.isEmpty() && now - batch.firstRecordNanos >= timeoutNanos) {
                    due.add(close(batch));
                    stats.sentForTimeout.increment();
                }
            }
        }
        due.forEach(this::send);
    }

    /** Sends every non-empty batch now (at shutdown). */
    public void flushAll() {
        List<Batch> all = new ArrayList<>();
        synchronized (this) {
            for (OpenBatch batch : allOpen()) {
                if (!batch.isEmpty()) {
                    all.add(close(batch));
                    stats.sentForFlush.increment();
                }
            }
        }
        all.forEach(this::send);
    }

    private List<OpenBatch> allOpen() {
        List<OpenBatch> all = new ArrayList<>(open.values());
        if (overflow != null) {
            all.add(overflow);
        }
        return all;
    }

    private OpenBatch batchFor(ContainerResource resource) {
        if (resource == lastResource && lastBatch != null) {
            return lastBatch;
        }
        OpenBatch batch;
        if (metadataKeys.length == 0) {
            batch = open.computeIfAbsent(List.of(), key -> new OpenBatch(Map.of(), encoder));
        } else {
            List<String> values = new ArrayList<>(metadataKeys.length);
            for (String key : metadataKeys) {
                Object value = resource == null ? null : resource.get(key);
                values.add(value == null ? "" : String.valueOf(value));
            }
            batch = open.get(values);
            if (batch == null) {
                if (open.size() < cardinalityLimit) {
                    Map<String, String> metadata = new LinkedHashMap<>();
                    for (int i = 0; i < metadataKeys.length; i++) {
                        metadata.put(metadataKeys[i], values.get(i));
                    }
                    batch = new OpenBatch(Collections.unmodifiableMap(metadata), encoder);
                    open.put(values, batch);
                } else {
                    if (overflow == null) {
                        overflow = new OpenBatch(Map.of(), encoder);
                    }
                    batch = overflow;
                }
            }
        }
        if (batch == overflow) {
            stats.cardinalityOverflowRecords.increment();
            // no memo: every overflow record is counted
            lastResource = null;
            lastBatch = null;
        } else {
            lastResource = resource;
            lastBatch = batch;
        }
        return batch;
    }

    /** Finishes an open batch; it gives up its slot so cardinality counts open batches. */
    private Batch close(OpenBatch batch) {
        heldBytes -= batch.records.heldBytes();
        Batch closed = batch.records.build();
        if (batch == overflow) {
            overflow = null;
        } else {
            open.values().remove(batch);
        }
        if (lastBatch == batch) {
            lastResource = null;
            lastBatch = null;
        }
        return closed;
    }

    private void send(Batch batch) {
        exporter.export(batch);
    }

    /** A batch being filled, and since when. */
    private static final class OpenBatch {

        private final BatchBuilder records;
        private long firstRecordNanos;

        OpenBatch(Map<String, String> metadata, RecordEncoder encoder) {
            this.records = new BatchBuilder(metadata, encoder);
        }

        boolean isEmpty() {
            return records.isEmpty();
        }
    }
}
