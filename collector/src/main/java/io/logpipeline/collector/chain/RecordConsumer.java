package io.logpipeline.collector.chain;

import io.logpipeline.collector.record.LogRecord;

/**
 * The next stage of the record chain: always takes the record, with ownership of it and of its
 * acknowledgement. Unlike the file input's {@link io.logpipeline.collector.input.RecordSink}, it
 * cannot refuse; back-pressure reaches the input only through the hand-off queue in front of the chain.
 */
@FunctionalInterface
public interface RecordConsumer {

    void accept(LogRecord record);
}
