package io.logpipeline.collector.batch;

import io.logpipeline.collector.record.Acknowledgement;
import io.logpipeline.collector.record.ContainerResource;
import io.logpipeline.collector.record.LogRecord;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A batch being filled: encodes each record as it is added and keeps only that encoded form and the record's
 * acknowledgement, grouped by resource. Measured: the records of open batches were most of what each young
 * collection copied and what filled the old generation (docs/benchmarks.md, "Collector end to end"); an encoded
 * record is one array instead of a dozen objects. The record itself is not changed, so whoever else holds it (the
 * live tail) still reads it whole. One thread at a time; {@link #build()} once.
 */
public final class BatchBuilder {

    /**
     * Per record held besides its encoded bytes: the array's header and its slots in the group and acknowledgement
     * lists, with their spare capacity (the acknowledgement object itself belongs to the file input).
     */
    static final long RECORD_OVERHEAD_BYTES = 40;

    private final Map<String, String> metadata;
    private final RecordEncoder encoder;
    /** Grouped by identity: the resource is shared by reference per container, and hashing its attributes per record would cost more than encoding it. */
    private final Map<ContainerResource, Group> byResource = new IdentityHashMap<>();
    private final List<Group> groups = new ArrayList<>();
    private final List<Acknowledgement> acknowledgements = new ArrayList<>();
    /** The resource of the previous record and its group: records of one container arrive in runs. */
    private ContainerResource lastResource;
    private Group lastGroup;
    private long encodedBytes;
    private boolean built;

    /**
     * @param metadata the {@code metadataKeys} values every record added shares
     * @param encoder what each record is kept as
     */
    public BatchBuilder(Map<String, String> metadata, RecordEncoder encoder) {
        this.metadata = metadata;
        this.encoder = encoder;
    }

    /**
     * Encodes the record into its resource's group and takes its acknowledgement.
     *
     * @return the bytes this builder holds for the record from now on (see {@link #heldBytes()})
     * @throws IllegalStateException once {@link #build()} was called
     */
    public long add(LogRecord record) {
        if (built) {
            throw new IllegalStateException("the batch was already built; add the record to a new BatchBuilder");
        }
        byte[] encoded = encoder.encode(record);
        ContainerResource resource = record.resource();
        if (resource != lastResource || lastGroup == null) {
            lastGroup = byResource.get(resource);
            if (lastGroup == null) {
                lastGroup = new Group(resource);
                byResource.put(resource, lastGroup);
                groups.add(lastGroup);
            }
            lastResource = resource;
        }
        lastGroup.records.add(encoded);
        lastGroup.encodedBytes += encoded.length;
        acknowledgements.add(record.acknowledgement());
        encodedBytes += encoded.length;
        return RECORD_OVERHEAD_BYTES + encoded.length;
    }

    public int recordCount() {
        return acknowledgements.size();
    }

    public boolean isEmpty() {
        return acknowledgements.isEmpty();
    }

    /** Estimated memory held for the records added: their encoded bytes and {@link #RECORD_OVERHEAD_BYTES} each. */
    public long heldBytes() {
        return encodedBytes + RECORD_OVERHEAD_BYTES * acknowledgements.size();
    }

    /** The finished batch; it takes over what this builder holds, so the builder cannot be added to afterwards. */
    public Batch build() {
        if (built) {
            throw new IllegalStateException("the batch was already built");
        }
        built = true;
        List<Batch.ResourceRecords> finished = new ArrayList<>(groups.size());
        for (Group group : groups) {
            finished.add(new Batch.ResourceRecords(group.resource, Collections.unmodifiableList(group.records), group.encodedBytes));
        }
        return new Batch(metadata, List.copyOf(finished), acknowledgements, encodedBytes);
    }

    /** The records of one resource so far. */
    private static final class Group {
        private final ContainerResource resource;
        private final List<byte[]> records = new ArrayList<>();
        private long encodedBytes;

        Group(ContainerResource resource) {
            this.resource = resource;
        }
    }
}
