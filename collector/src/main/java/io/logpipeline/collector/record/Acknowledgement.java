package io.logpipeline.collector.record;

/**
 * Tells the file input that a record is done with, so its offset may be checkpointed.
 *
 * <p>The contract that makes delivery at-least-once: every record the input hands on is
 * acknowledged exactly once, whatever becomes of it — accepted by every backend, rejected
 * permanently, dropped by a filter or parser, or dropped by a full {@code dropNewest} queue.
 * A record that is never acknowledged holds its file's checkpoint back forever.
 */
@FunctionalInterface
public interface Acknowledgement {

    /** An acknowledgement for records that do not come from a checkpointed file (tests, samples). */
    Acknowledgement NONE = () -> { };

    void acknowledge();
}
