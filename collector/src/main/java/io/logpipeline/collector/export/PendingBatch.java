package io.logpipeline.collector.export;

import io.logpipeline.collector.record.LogRecord;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A batch on its way to every backend: written to protobuf once, by the first sender that needs it,
 * and acknowledged once, after the last backend is done with it.
 */
final class PendingBatch {

    private final List<LogRecord> records;
    private final AtomicInteger backendsLeft;
    private byte[] protobuf;

    PendingBatch(List<LogRecord> records, int backends) {
        this.records = records;
        this.backendsLeft = new AtomicInteger(backends);
    }

    int size() {
        return records.size();
    }

    /** The batch as an OTLP ExportLogsServiceRequest in protobuf; written on a sender thread, not the pipeline's. */
    synchronized byte[] protobuf() {
        if (protobuf == null) {
            protobuf = OtlpProtobufWriter.write(records);
        }
        return protobuf;
    }

    /** One backend accepted, rejected permanently, gave up on or dropped the batch. */
    void backendDone() {
        if (backendsLeft.decrementAndGet() == 0) {
            for (LogRecord record : records) {
                record.acknowledgement().acknowledge();
            }
        }
    }
}
