package io.logpipeline.collector.export;

import io.logpipeline.collector.record.LogRecord;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Acknowledges a batch's records once, after the last backend is done with it. */
final class BatchCompletion {

    private final List<LogRecord> records;
    private final AtomicInteger backendsLeft;

    BatchCompletion(List<LogRecord> records, int backends) {
        this.records = records;
        this.backendsLeft = new AtomicInteger(backends);
    }

    /** One backend accepted, rejected permanently, gave up on or dropped the batch. */
    void backendDone() {
        if (backendsLeft.decrementAndGet() == 0) {
            for (LogRecord record : records) {
                record.acknowledgement().acknowledge();
            }
        }
    }
}
