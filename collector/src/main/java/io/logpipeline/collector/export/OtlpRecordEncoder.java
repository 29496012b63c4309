package io.logpipeline.collector.export;

import io.logpipeline.collector.batch.RecordEncoder;
import io.logpipeline.collector.record.LogRecord;

/**
 * Encodes a record to its OTLP protobuf {@code LogRecord} message as it enters its batch; {@link OtlpProtobufWriter}
 * copies that form into the request as it is. Reuses one buffer, so one thread at a time: the batcher calls it under
 * its lock.
 */
public final class OtlpRecordEncoder implements RecordEncoder {

    private final OtlpProtobufWriter.Scratch scratch = new OtlpProtobufWriter.Scratch();

    @Override
    public byte[] encode(LogRecord record) {
        return OtlpProtobufWriter.encode(record, scratch);
    }
}
