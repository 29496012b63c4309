package io.logpipeline.collector.metadata;

import java.util.concurrent.atomic.LongAdder;

/** How records fared in the metadata stage; on {@code /metrics} as {@code logpipeline_metadata_*_log_records_total}. */
public final class MetadataStats {

    /** Records sent on with only the log path's metadata: their pod was not known in time. */
    public final LongAdder missing = new LongAdder();
    /** Records that waited for their pod's metadata and got it. */
    public final LongAdder waitedAndEnriched = new LongAdder();
}
