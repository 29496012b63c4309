package io.logpipeline.collector.export;

import io.logpipeline.collector.batch.Batch;
import io.logpipeline.collector.memory.MemoryBudget;
import io.logpipeline.collector.record.Acknowledgement;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A batch on its way to every backend: encoded once per request format the backends use, and
 * acknowledged once, after the last backend is done with it.
 *
 * <p>Holds the finished request bodies (compressed when the backends compress) and the
 * acknowledgements, not the records: a queue full of batches during an outage then costs the
 * compressed size of the logs rather than the records' object graphs. Those bodies are what it counts against
 * the pipeline's {@link MemoryBudget} and the backends' queue bytes.
 */
final class PendingBatch {

    private final Map<OtlpPayload.Format, OtlpPayload> payloads = new HashMap<>(4);
    /** Every record's acknowledgement, once (the batch's): the batch's encoded records are not kept. */
    private final Acknowledgement acknowledgement;
    private final int size;
    /** Per request: the object, the acknowledgement array and the payload map; small beside the bodies. */
    private static final long OVERHEAD_BYTES = 256;
    /** A reference to an acknowledgement (the acknowledgement objects themselves belong to the file input). */
    private static final long BYTES_PER_RECORD = 8;

    private final AtomicInteger backendsLeft;
    private final long bytes;
    private volatile MemoryBudget budget;

    PendingBatch(Batch batch, Collection<OtlpPayload.Format> formats, int backends) {
        byte[] protobuf = OtlpProtobufWriter.write(batch);
        for (OtlpPayload.Format format : formats) {
            payloads.put(format, OtlpPayload.of(protobuf, format));
        }
        this.acknowledgement = batch.acknowledgement();
        this.size = batch.recordCount();
        this.backendsLeft = new AtomicInteger(backends);
        long total = OVERHEAD_BYTES + BYTES_PER_RECORD * size;
        for (OtlpPayload payload : payloads.values()) {
            total += payload.body().length;
        }
        this.bytes = total;
    }

    /** What this batch holds in memory: its request bodies in every format, and its acknowledgements. */
    long bytes() {
        return bytes;
    }

    /** The bytes one backend's queue holds for it: the body in that backend's format. */
    long bytes(OtlpPayload.Format format) {
        return payloads.get(format).body().length;
    }

    /** The batch was admitted into {@code budget}: it is released there once every backend is done. */
    void admittedInto(MemoryBudget budget) {
        this.budget = budget;
    }

    int size() {
        return size;
    }

    OtlpPayload payload(OtlpPayload.Format format) {
        return payloads.get(format);
    }

    /** One backend accepted, rejected permanently, gave up on or dropped the batch. */
    void backendDone() {
        if (backendsLeft.decrementAndGet() == 0) {
            MemoryBudget admitted = budget;
            if (admitted != null) {
                admitted.release(bytes);
            }
            acknowledgement.acknowledge();
        }
    }
}
