package io.logpipeline.collector.pipeline;

import io.logpipeline.collector.input.RecordSink;
import io.logpipeline.collector.record.LogRecord;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * The bounded queue between the file input's thread and the processing thread. When it is full,
 * {@link #offer} refuses and the input pauses reading: this is how a blocking export queue slows
 * the reader down without losing or buffering more than this many records.
 *
 * <p>A refused reader is woken as soon as half the queue is free again rather than at the end of its pause, so
 * the queue can be short: records are then processed while the reader's writes to them are still in the core's
 * caches (measured, docs/benchmarks.md, "Collector end to end").
 *
 * <p>The waiting processing thread is woken once per read cycle ({@link #readingPaused}) or after every
 * {@value #WAKE_AT} records handed on, not for every record: a reader that hands on a few records at a time would
 * otherwise wake it (a futex call and a context switch each, costly in a VM) hundreds of times a second per
 * pipeline on a quiet node (measured, docs/benchmarks.md, "Node agent, 10 pipelines").
 */
final class RecordHandOff implements RecordSink {

    /** Records that wake a waiting processing thread before the read cycle ends; its chunk, so it takes them at once. */
    static final int WAKE_AT = 256;

    private final BlockingQueue<LogRecord> queue;
    private final int capacity;
    /** The thread whose offer was refused last, until it is woken. */
    private volatile Thread refused;
    /** The processing thread while it waits for records, else null. */
    private volatile Thread waiting;
    /** Records handed on since the processing thread was last woken; the input thread's only. */
    private int handedOnSinceWake;

    RecordHandOff(int capacity) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.capacity = capacity;
    }

    @Override
    public boolean offer(LogRecord record) {
        if (queue.offer(record)) {
            // counted here rather than asking the queue its size, which takes its lock for every record
            if (++handedOnSinceWake >= WAKE_AT) {
                wakeProcessing();
            }
            return true;
        }
        refused = Thread.currentThread();
        wakeProcessing();
        return false;
    }

    @Override
    public void readingPaused() {
        if (!queue.isEmpty()) {
            wakeProcessing();
        }
    }

    // The input thread's: offer and readingPaused.
    private void wakeProcessing() {
        handedOnSinceWake = 0;
        Thread processing = waiting;
        if (processing != null) {
            waiting = null;
            LockSupport.unpark(processing);
        }
    }

    /**
     * Moves up to {@code max} records into {@code into}, waiting up to {@code waitNanos} for the reader to hand
     * some on (see the class comment for when it wakes this thread).
     */
    int take(List<LogRecord> into, int max, long waitNanos) throws InterruptedException {
        int taken = queue.drainTo(into, max);
        if (taken == 0 && waitNanos > 0) {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            waiting = Thread.currentThread();
            // Checked again after announcing the wait: records the reader handed on before it saw the
            // announcement are taken now instead of waiting for the next wake-up.
            if (queue.isEmpty()) {
                LockSupport.parkNanos(this, waitNanos);
            }
            waiting = null;
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            taken = queue.drainTo(into, max);
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
