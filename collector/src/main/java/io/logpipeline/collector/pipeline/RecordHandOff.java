package io.logpipeline.collector.pipeline;

import io.logpipeline.collector.input.RecordSink;
import io.logpipeline.collector.record.LogRecord;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The bounded queue between the file input's thread and the processing thread. When it is full,
 * {@link #offer} refuses and the input pauses reading: this is how a blocking export queue slows
 * the reader down without losing or buffering more than this many records.
 */
final class RecordHandOff implements RecordSink {

    private final BlockingQueue<LogRecord> queue;

    RecordHandOff(int capacity) {
        this.queue = new ArrayBlockingQueue<>(capacity);
    }

    @Override
    public boolean offer(LogRecord record) {
        return queue.offer(record);
    }

    /** Moves up to {@code max} records into {@code into}, waiting up to {@code waitNanos} for the first. */
    int take(List<LogRecord> into, int max, long waitNanos) throws InterruptedException {
        int taken = queue.drainTo(into, max);
        if (taken == 0 && waitNanos > 0) {
            LogRecord first = queue.poll(waitNanos, TimeUnit.NANOSECONDS);
            if (first != null) {
                into.add(first);
                taken = 1 + queue.drainTo(into, max - 1);
            }
        }
        return taken;
    }

    int size() {
        return queue.size();
    }
}
