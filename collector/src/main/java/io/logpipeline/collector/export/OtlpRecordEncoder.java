package io.logpipeline.collector.export;

import io.logpipeline.collector.batch.RecordEncoder;
import io.logpipeline.collector.record.LogRecord;

/**
 * Encodes a record as it enters its batch, to an OTLP protobuf {@code LogRecord} message framed as a {@code ScopeLogs}
 * {@code log_records} field (tag and length in front), so {@link OtlpProtobufWriter} copies it into the request as it
 * is and sizes a group of them by their summed lengths. Reuses one buffer, so one thread at a time: the batcher
 * calls it under its lock.
 */
public final class OtlpRecordEncoder implements RecordEncoder {

    private final OtlpProtobufWriter.Scratch scratch = new OtlpProtobufWriter.Scratch();

    @Override
    public byte[] encode(LogRecord record) {
        return OtlpProtobufWriter.encode(record, scratch);
    }
}
