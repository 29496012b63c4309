package io.logpipeline.collector.telemetry;

/**
 * The counters the pipeline's stages keep in their own stats (file input, batch, metadata), on {@code /metrics}
 * with the {@code pipeline} label. The pipeline adds to them what its stages counted since the last time
 * (every 50 ms and at stop), so a reloaded pipeline's counts continue those of the one it replaced.
 * Counters get the {@code _total} suffix on {@code /metrics}.
 */
public enum StageCounter {
    LINES_READ("logpipeline_input_read_lines", "", "Lines the file input read (before CRI partials and multiline records are joined)."),
    BYTES_READ("logpipeline_input_read_bytes", "By", "Bytes the file input read from log files."),
    RECORDS_READ("logpipeline_input_records", "", "Records the file input assembled from the lines and handed to the pipeline."),
    MALFORMED_LINES("logpipeline_input_malformed_lines", "",
            "Lines not valid in the file's format (CRI, Docker JSON), passed on raw, or with a body that is not valid UTF-8."),
    DIRECTORY_SCANS("logpipeline_input_directory_scans", "",
            "Times the file input looked for new files: the agent's shared listing, walked or reused (logpipeline_discovery_walks)."),
    BATCH_SIZE_TRIGGER("otelcol_processor_batch_batch_size_trigger_send", "", "Batches sent because they reached sendBatchSize."),
    BATCH_TIMEOUT_TRIGGER("otelcol_processor_batch_timeout_trigger_send", "", "Batches sent because their first record waited batch.timeout."),
    BATCH_FLUSH_TRIGGER("logpipeline_processor_batch_flush_trigger_send", "",
            "Batches sent before their size or timeout: at stop or reload, or because the pipeline was over its memory budget."),
    BATCH_CARDINALITY_OVERFLOW("logpipeline_processor_batch_cardinality_overflow_log_records", "",
            "Records whose batch.metadataKeys values were beyond metadataCardinalityLimit, batched in the shared overflow batch."),
    METADATA_MISSING("logpipeline_metadata_missing_log_records", "",
            "Records sent on with only the metadata of their log path: their pod was not known in time."),
    METADATA_WAITED("logpipeline_metadata_waited_log_records", "", "Records that waited for their pod's metadata and got it.");

    private final String metric;
    private final String unit;
    private final String description;

    StageCounter(String metric, String unit, String description) {
        this.metric = metric;
        this.unit = unit;
        this.description = description;
    }

    String metric() {
        return metric;
    }

    String unit() {
        return unit;
    }

    String description() {
        return description;
    }
}
