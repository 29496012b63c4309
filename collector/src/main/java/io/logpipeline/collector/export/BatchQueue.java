package io.logpipeline.collector.export;

import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One backend's queue, bounded twice, like the OpenTelemetry Collector's {@code sending_queue} with its
 * {@code requests} and {@code bytes} sizers: at most {@code capacity} batches waiting, and at most
 * {@code maxBytes} of request bodies held from queueing until the backend is done with them (waiting or in
 * flight). A batch that alone is larger than {@code maxBytes} is taken when nothing is held, so it cannot
 * block the queue forever.
 *
 * <p>The queue also knows how many senders wait on it: a batch queued while none is idle calls {@code onUnserved}
 * (after the lock is released), which is how the backend starts another sender only when one is needed.
 */
final class BatchQueue {

    private final int capacity;
    private final long maxBytes;
    private final ArrayDeque<Entry> waiting = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition room = lock.newCondition();
    private final Runnable onUnserved;
    /** Bytes of the batches waiting or being sent; guarded by {@link #lock}. */
    private long heldBytes;
    /** Senders blocked in {@link #take} for a batch; guarded by {@link #lock}. */
    private int idleTakers;
    /** Senders started that have not called {@link #take} yet: they will take a batch too; guarded by {@link #lock}. */
    private int startingTakers;
    /** Guarded by {@link #lock}. */
    private boolean closed;

    /** A queued batch and the bytes it holds in this queue (its body in this backend's format). */
    record Entry(PendingBatch batch, long bytes) {
    }

    /** @param onUnserved run when a batch is queued while no sender is waiting for one */
    BatchQueue(int capacity, long maxBytes, Runnable onUnserved) {
        this.capacity = capacity;
        this.maxBytes = maxBytes;
        this.onUnserved = onUnserved;
    }

    /** Queues the entry when there is room; never waits. */
    boolean offer(Entry entry) {
        boolean served;
        lock.lock();
        try {
            if (!fits(entry)) {
                return false;
            }
            served = add(entry);
        } finally {
            lock.unlock();
        }
        if (!served) {
            onUnserved.run();
        }
        return true;
    }

    /** Queues the entry, waiting for room. */
    void put(Entry entry) throws InterruptedException {
        boolean served;
        lock.lockInterruptibly();
        try {
            while (!fits(entry)) {
                room.await();
            }
            served = add(entry);
        } finally {
            lock.unlock();
        }
        if (!served) {
            onUnserved.run();
        }
    }

    /**
     * The next batch to send, waiting for one without polling; null when the queue is closed and empty, or when
     * nothing came within {@code idleNanos} (then the sender may leave). Its bytes stay held until {@link #done}.
     */
    Entry take(long idleNanos, boolean firstTake) throws InterruptedException {
        long nanos = idleNanos;
        lock.lock();
        try {
            if (firstTake) {
                startingTakers--;
            }
            while (waiting.isEmpty()) {
                if (closed || nanos <= 0) {
                    return null;
                }
                idleTakers++;
                try {
                    nanos = notEmpty.awaitNanos(nanos);
                } finally {
                    idleTakers--;
                }
            }
            Entry entry = waiting.poll();
            room.signalAll();
            return entry;
        } finally {
            lock.unlock();
        }
    }

    /** A sender is starting: until its first {@link #take}, batches queued count on it rather than asking for another. */
    void senderStarting() {
        lock.lock();
        try {
            startingTakers++;
        } finally {
            lock.unlock();
        }
    }

    /** No more batches come: senders waiting in {@link #take} return null once the queue is empty. */
    void close() {
        lock.lock();
        try {
            closed = true;
            notEmpty.signalAll();
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

    /** Senders waiting in {@link #take} for a batch now. */
    int idleTakers() {
        lock.lock();
        try {
            return idleTakers;
        } finally {
            lock.unlock();
        }
    }

    private boolean fits(Entry entry) {
        return waiting.size() < capacity && (heldBytes == 0 || heldBytes + entry.bytes() <= maxBytes);
    }

    /** @return whether a waiting (or starting) sender will take it: more of them than batches already waiting */
    private boolean add(Entry entry) {
        boolean served = idleTakers + startingTakers > waiting.size();
        waiting.add(entry);
        heldBytes += entry.bytes();
        notEmpty.signal();
        return served;
    }
}
