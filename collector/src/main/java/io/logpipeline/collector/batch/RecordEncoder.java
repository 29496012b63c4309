package io.logpipeline.collector.batch;

import io.logpipeline.collector.record.LogRecord;

/**
 * Turns a record into the bytes a {@link Batch} holds for it, as it enters the batch: the export stage's wire form
 * of one record (an OTLP protobuf {@code LogRecord} with its field tag and length, {@code export.OtlpRecordEncoder}),
 * which the exporters then copy into their requests as it is. Called by one thread at a time (the batcher's lock), so it may reuse buffers.
 */
@FunctionalInterface
public interface RecordEncoder {

    byte[] encode(LogRecord record);
}
