package io.logpipeline.collector.export;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A backend's sender threads: one from the start, another whenever a batch is queued while every sender is busy
 * (up to {@code queue.numConsumers}), and the extra ones leave after {@code keepAlive} without work.
 *
 * <p>Why not a fixed pool: an agent hosts many pipelines, each with its backends, and {@code numConsumers} senders
 * per backend that all wait on their queue cost a thread stack each and, when they polled, woke a thousand times a
 * second on an idle node (docs/benchmarks.md, "Node agent, 10 pipelines"). A backend that answers in milliseconds
 * needs one sender; a slow or failing one grows to {@code numConsumers} concurrent requests, as before.
 */
final class SenderPool {

    /** What a sender runs; returns when it leaves (closed queue, interrupted, or idle and allowed to retire). */
    interface Sender {
        void run(SenderPool pool);
    }

    private final String name;
    private final int maxSenders;
    private final Sender sender;
    private final Runnable onStarting;
    private final List<Thread> running = new ArrayList<>();
    private int started;
    private boolean closed;

    /** @param onStarting told before a sender starts, so that batches queued meanwhile count on it */
    SenderPool(String backendName, int maxSenders, Runnable onStarting, Sender sender) {
        this.name = backendName;
        this.maxSenders = maxSenders;
        this.onStarting = onStarting;
        this.sender = sender;
    }

    /** Starts the first sender. */
    void start() {
        grow();
    }

    /** Starts another sender unless {@code numConsumers} run already or the pool is closing. */
    synchronized void grow() {
        if (closed || running.size() >= maxSenders) {
            return;
        }
        Thread thread = new Thread(this::runSender, "export-" + name + "-" + started++);
        thread.setDaemon(true);
        running.add(thread);
        onStarting.run();
        thread.start();
    }

    /**
     * Called by a sender that waited {@code keepAlive} for work: it may leave unless it is the last one, which
     * stays so that a queued batch always has a sender. Deciding and leaving are one step, so two idle senders
     * cannot both leave the last place.
     */
    synchronized boolean retire() {
        if (running.size() > 1 && !closed) {
            running.remove(Thread.currentThread());
            return true;
        }
        return false;
    }

    synchronized int size() {
        return running.size();
    }

    private void runSender() {
        try {
            sender.run(this);
        } finally {
            synchronized (this) {
                running.remove(Thread.currentThread());
            }
        }
    }

    /** Waits for the senders to finish until the deadline, then interrupts those still sending. */
    void close(long deadlineNanos) throws InterruptedException {
        List<Thread> senders;
        synchronized (this) {
            closed = true;
            senders = List.copyOf(running);
        }
        for (Thread thread : senders) {
            long left = deadlineNanos - System.nanoTime();
            if (left > 0) {
                TimeUnit.NANOSECONDS.timedJoin(thread, left);
            }
            thread.interrupt();
        }
        for (Thread thread : senders) {
            thread.join(1000);
        }
    }
}
