package io.logpipeline.collector.pipeline;

import io.logpipeline.collector.input.RecordSink;
import io.logpipeline.collector.record.LogRecord;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The bounded queue between the file input's thread and the processing thread. When it is full,
 * {@link #offer} refuses and the input pauses reading: this is how a blocking export queue slows
 * the reader down without losing or buffering more than this many records.
 *
 * <p>A refused reader is woken as soon as half the queue is free again rather than at the end of its pause, so
 * the queue can be short: records are then processed while the reader's writes to them are still in the core's
 * caches (measured, docs/benchmarks.md, "Collector end to end").
 */
final class RecordHandOff implements RecordSink {

    private final BlockingQueue<LogRecord> queue;
    private final int capacity;
    /** The thread whose offer was refused last, until it is woken. */
    private volatile Thread refused;

    RecordHandOff(int capacity) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.capacity = capacity;
    }

    @Override
    public boolean offer(LogRecord record) {
        if (queue.offer(record)) {
            return true;
        }
        refused = Thread.currentThread();
        return false;
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
        Thread reader = refused;
        if (reader != null && queue.size() <= capacity / 2) {
            refused = null;
            // the reader re-checks everything when woken, so an early or extra wake-up is harmless
            LockSupport.unpark(reader);
        }
        return taken;
    }

    int size() {
        return queue.size();
    }
}
