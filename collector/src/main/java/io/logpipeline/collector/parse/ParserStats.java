package io.logpipeline.collector.parse;

import java.util.concurrent.atomic.LongAdder;

/** What one parser could not parse: records sent on unchanged and records dropped ({@code onError}); on {@code /metrics} as {@code logpipeline_parser_failed_log_records_total}. */
public final class ParserStats {

    /** Records the parser failed on and sent on unchanged ({@code onError: send}). */
    public final LongAdder failedSent = new LongAdder();
    /** Records the parser failed on and dropped ({@code onError: drop}). */
    public final LongAdder failedDropped = new LongAdder();
}
