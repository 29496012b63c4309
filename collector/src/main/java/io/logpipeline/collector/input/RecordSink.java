package io.logpipeline.collector.input;

import io.logpipeline.collector.record.LogRecord;

/**
 * The stage after the file input. It takes a record or refuses it; on refusal the input keeps the
 * record, stops reading that file and offers the same record again later, so nothing is read that
 * cannot be handed on.
 *
 * <p>Called from the input's single thread. The sink owns a record it accepted and must make sure
 * its {@link LogRecord#acknowledgement()} is called exactly once, whatever becomes of it.
 */
@FunctionalInterface
public interface RecordSink {

    /** Takes {@code record} and returns true, or returns false (without keeping it) when it cannot take more now. */
    boolean offer(LogRecord record);

    /**
     * The input has read what there was for now (the end of a read cycle) and is about to wait for its next poll.
     * A sink that lets records gather before it wakes its consumer passes them on now.
     */
    default void readingPaused() {
    }
}
