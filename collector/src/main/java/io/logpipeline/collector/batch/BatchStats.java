package io.logpipeline.collector.batch;

import java.util.concurrent.atomic.LongAdder;

/** Why the batch stage sent its batches (on {@code /metrics}: {@code *_trigger_send_total}); the records per batch are {@code otelcol_processor_batch_batch_send_size}. */
public final class BatchStats {

    /** Batches sent because they reached sendBatchSize (or sendBatchMaxSize). */
    public final LongAdder sentForSize = new LongAdder();
    /** Batches sent because their first record waited the timeout. */
    public final LongAdder sentForTimeout = new LongAdder();
    /** Batches sent by a final flush (shutdown). */
    public final LongAdder sentForFlush = new LongAdder();
    /** Records whose metadataKeys combination was beyond metadataCardinalityLimit and went to the shared overflow batch. */
    public final LongAdder cardinalityOverflowRecords = new LongAdder();
}
