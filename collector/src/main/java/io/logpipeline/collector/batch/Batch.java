package io.logpipeline.collector.batch;

import io.logpipeline.collector.record.Acknowledgement;
import io.logpipeline.collector.record.ContainerResource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One export request's worth of records: the unit the batch stage hands to the exporters (as {@code plog.Logs} is in
 * the OpenTelemetry Collector). Holds each record's encoded form ({@link RecordEncoder}), grouped by resource so
 * each resource is written once, the {@code metadataKeys} values they share, and their acknowledgements:
 * {@link #acknowledge()} acknowledges every record, once. Built by a {@link BatchBuilder}.
 */
public final class Batch {

    private final Map<String, String> metadata;
    private final List<ResourceRecords> resources;
    private final int recordCount;
    private final long encodedBytes;
    private final Acknowledgement acknowledgement;

    Batch(Map<String, String> metadata, List<ResourceRecords> resources, List<Acknowledgement> acknowledgements,
            long encodedBytes) {
        this.metadata = metadata;
        this.resources = resources;
        this.recordCount = acknowledgements.size();
        this.encodedBytes = encodedBytes;
        this.acknowledgement = new EveryRecordOnce(acknowledgements.toArray(Acknowledgement[]::new));
    }

    /** The {@code metadataKeys} values every record here shares; empty for the overflow batch and when no keys are set. */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** The encoded records, one group per distinct resource, in the order the resources first arrived. */
    public List<ResourceRecords> resources() {
        return resources;
    }

    public int recordCount() {
        return recordCount;
    }

    /** The sum of the encoded records' lengths. */
    public long encodedBytes() {
        return encodedBytes;
    }

    /** Acknowledges every record of the batch; later calls do nothing, so each record is acknowledged exactly once. */
    public void acknowledge() {
        acknowledgement.acknowledge();
    }

    /**
     * The acknowledgement of every record, once, on its own: what the export stage keeps of a batch once its
     * request bodies are written, so a queued request does not hold the encoded records too.
     */
    public Acknowledgement acknowledgement() {
        return acknowledgement;
    }

    /**
     * The records of one resource, each in its encoded form.
     *
     * @param resource the resource they share, by identity; null for records without one
     * @param encodedBytes the sum of the encoded records' lengths
     */
    public record ResourceRecords(ContainerResource resource, List<byte[]> encodedRecords, long encodedBytes) {
    }

    /** The records' acknowledgements, called once whoever calls and however often. */
    private static final class EveryRecordOnce implements Acknowledgement {
        private final Acknowledgement[] acknowledgements;
        private final AtomicBoolean done = new AtomicBoolean();

        EveryRecordOnce(Acknowledgement[] acknowledgements) {
            this.acknowledgements = acknowledgements;
        }

        @Override
        public void acknowledge() {
            if (done.compareAndSet(false, true)) {
                for (Acknowledgement each : acknowledgements) {
                    each.acknowledge();
                }
            }
        }
    }
}
