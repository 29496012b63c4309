package io.logpipeline.collector.chain;

import io.logpipeline.collector.record.LogRecord;

/** The next stage of the record chain: takes ownership of a record (and of its acknowledgement). */
@FunctionalInterface
public interface RecordSink {

    void accept(LogRecord record);
}
