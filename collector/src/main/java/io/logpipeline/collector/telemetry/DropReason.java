package io.logpipeline.collector.telemetry;

/** Why a record that was read did not reach a backend: the {@code reason} label and the status report's key. */
public enum DropReason {
    /** A filter processor's rule dropped the record: on purpose, so not a failure (the report keeps it apart). */
    FILTERED("filtered"),
    /** A parser failed on the record and its onError policy drops it. */
    PARSE_ERROR("parse_error"),
    /** A stage threw on the record; it is acknowledged so its file's checkpoint can advance. */
    PROCESSING_ERROR("processing_error"),
    /** The record was longer than input.maxLogSize and its rest was cut off. */
    TRUNCATED("truncated"),
    /** A backend's dropNewest queue was full. */
    QUEUE_FULL("queue_full"),
    /** A backend refused the records permanently, or they were given up after retries. */
    REJECTED("rejected");

    private final String label;

    DropReason(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
