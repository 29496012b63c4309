package io.logpipeline.collector.parse;

import io.logpipeline.api.v1alpha1.OnError;

/** Counts a parse failure and says whether the record goes on ({@code send}) or is dropped ({@code drop}). */
final class OnErrorPolicy {

    private final boolean drop;
    private final ParserStats stats;

    OnErrorPolicy(OnError onError, ParserStats stats) {
        this.drop = onError == OnError.DROP;
        this.stats = stats;
    }

    /** @return whether the record goes on */
    boolean failed() {
        if (drop) {
            stats.failedDropped.increment();
            return false;
        }
        stats.failedSent.increment();
        return true;
    }
}
