package io.logpipeline.collector.export;

import io.logpipeline.collector.record.Acknowledgement;
import io.logpipeline.collector.record.LogRecord;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A batch on its way to every backend: encoded once per request format the backends use, and
 * acknowledged once, after the last backend is done with it.
 *
 * <p>Holds the finished request bodies (compressed when the backends compress) and the
 * acknowledgements, not the records: a queue full of batches during an outage then costs the
 * compressed size of the logs rather than the records' object graphs.
 */
final class PendingBatch {

    private final Map<OtlpPayload.Format, OtlpPayload> payloads = new HashMap<>(4);
    private final Acknowledgement[] acknowledgements;
    private final AtomicInteger backendsLeft;

    PendingBatch(List<LogRecord> records, Collection<OtlpPayload.Format> formats, int backends) {
        byte[] protobuf = OtlpProtobufWriter.write(records);
        for (OtlpPayload.Format format : formats) {
            payloads.put(format, OtlpPayload.of(protobuf, format));
        }
        this.acknowledgements = new Acknowledgement[records.size()];
        for (int i = 0; i < acknowledgements.length; i++) {
            acknowledgements[i] = records.get(i).acknowledgement();
        }
        this.backendsLeft = new AtomicInteger(backends);
    }

    int size() {
        return acknowledgements.length;
    }

    OtlpPayload payload(OtlpPayload.Format format) {
        return payloads.get(format);
    }

    /** One backend accepted, rejected permanently, gave up on or dropped the batch. */
    void backendDone() {
        if (backendsLeft.decrementAndGet() == 0) {
            for (Acknowledgement acknowledgement : acknowledgements) {
                acknowledgement.acknowledge();
            }
        }
    }
}
