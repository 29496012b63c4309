package io.logpipeline.collector.batch;

import io.logpipeline.collector.record.ContainerResource;
import io.logpipeline.collector.record.LogRecord;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One export request's worth of records, grouped by resource so each resource is encoded once, with the
 * {@code metadataKeys} values they share. Carries the records' acknowledgements: {@link #acknowledge()}
 * acknowledges every record, once.
 */
public final class Batch {

    private final Map<String, String> metadata;
    private final List<ResourceRecords> resources;
    private final int recordCount;
    private final AtomicBoolean acknowledged = new AtomicBoolean();

    Batch(Map<String, String> metadata, List<ResourceRecords> resources, int recordCount) {
        this.metadata = metadata;
        this.resources = resources;
        this.recordCount = recordCount;
    }

    /** The {@code metadataKeys} values every record here shares; empty for the overflow batch and when no keys are set. */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** The records, one group per distinct resource, in the order the resources first arrived. */
    public List<ResourceRecords> resources() {
        return resources;
    }

    public int recordCount() {
        return recordCount;
    }

    /** Acknowledges every record of the batch; later calls do nothing, so each record is acknowledged exactly once. */
    public void acknowledge() {
        if (acknowledged.compareAndSet(false, true)) {
            for (ResourceRecords group : resources) {
                for (LogRecord record : group.records()) {
                    record.acknowledgement().acknowledge();
                }
            }
        }
    }

    /** The records of one resource. */
    public record ResourceRecords(ContainerResource resource, List<LogRecord> records) {
    }
}
