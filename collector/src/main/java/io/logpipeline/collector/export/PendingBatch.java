package io.logpipeline.collector.export;

import io.logpipeline.collector.record.Acknowledgement;
import io.logpipeline.collector.record.LogRecord;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A batch on its way to every backend: written to protobuf once, and acknowledged once, after the
 * last backend is done with it.
 *
 * <p>Holds the encoded bytes and the acknowledgements, not the records: a queue full of batches
 * during an outage then costs ~220 bytes per record (docs/benchmarks.md) instead of the records'
 * object graphs.
 */
final class PendingBatch {

    private final byte[] protobuf;
    private final Acknowledgement[] acknowledgements;
    private final AtomicInteger backendsLeft;

    PendingBatch(List<LogRecord> records, int backends) {
        this.protobuf = OtlpProtobufWriter.write(records);
        this.acknowledgements = new Acknowledgement[records.size()];
        for (int i = 0; i < acknowledgements.length; i++) {
            acknowledgements[i] = records.get(i).acknowledgement();
        }
        this.backendsLeft = new AtomicInteger(backends);
    }

    int size() {
        return acknowledgements.length;
    }

    /** The batch as an OTLP ExportLogsServiceRequest in protobuf. */
    byte[] protobuf() {
        return protobuf;
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
