package io.logpipeline.collector.chain;

import io.logpipeline.collector.record.LogRecord;

/** One compiled parser or processor: edits a record in place, or asks the chain to drop it. */
@FunctionalInterface
public interface RecordStage {

    /**
     * @return false when the record is to be dropped; the chain then acknowledges it, the stage never does
     */
    boolean apply(LogRecord record);
}
