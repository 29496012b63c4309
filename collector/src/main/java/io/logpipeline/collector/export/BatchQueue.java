package io.logpipeline.collector.export;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One backend's queue, bounded twice, like the OpenTelemetry Collector's {@code sending_queue} with its
 * {@code requests} and {@code bytes} sizers: at most {@code capacity} batches waiting, and at most
 * {@code maxBytes} of request bodies held from queueing until the backend is done with them (waiting or in
 * flight). A batch that alone is larger than {@code maxBytes} is taken when nothing is held, so it cannot
 * block the queue forever.
 */
final class BatchQueue {

    private final int capacity;
    private final long maxBytes;
    private final ArrayDeque<Entry> waiting = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition room = lock.newCondition();
    /** Bytes of the batches waiting or being sent; guarded by {@link #lock}. */
    private long heldBytes;

    /** A queued batch and the bytes it holds in this queue (its body in this backend's format). */
    record Entry(PendingBatch batch, long bytes) {
    }

    BatchQueue(int capacity, long maxBytes) {
        this.capacity = capacity;
        this.maxBytes = maxBytes;
    }

    /** Queues the entry when there is room; never waits. */
    boolean offer(Entry entry) {
        lock.lock();
        try {
            if (!fits(entry)) {
                return false;
            }
            add(entry);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Queues the entry, waiting for room. */
    void put(Entry entry) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (!fits(entry)) {
                room.await();
            }
            add(entry);
        } finally {
            lock.unlock();
        }
    }

    /** The next batch to send, or null when none came within the wait; its bytes stay held until {@link #done}. */
    Entry poll(long timeout, TimeUnit unit) throws InterruptedException {
        long nanos = unit.toNanos(timeout);
        lock.lockInterruptibly();
        try {
            while (waiting.isEmpty()) {
                if (nanos <= 0) {
                    return null;
                }
                nanos = notEmpty.awaitNanos(nanos);
            }
            Entry entry = waiting.poll();
            room.signalAll();
            return entry;
        } finally {
            lock.unlock();
        }
    }

    /** The backend is done with a batch it took (sent, rejected or given up): its bytes are free. */
    void done(Entry entry) {
        lock.lock();
        try {
            heldBytes -= entry.bytes();
            room.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Batches waiting (not those being sent). */
    int size() {
        lock.lock();
        try {
            return waiting.size();
        } finally {
            lock.unlock();
        }
    }

    /** Bytes held: the batches waiting and those being sent. */
    long heldBytes() {
        lock.lock();
        try {
            return heldBytes;
        } finally {
            lock.unlock();
        }
    }

    boolean isEmpty() {
        return size() == 0;
    }

    private boolean fits(Entry entry) {
        return waiting.size() < capacity && (heldBytes == 0 || heldBytes + entry.bytes() <= maxBytes);
    }

    private void add(Entry entry) {
        waiting.add(entry);
        heldBytes += entry.bytes();
        notEmpty.signal();
    }
}
