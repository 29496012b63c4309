package io.logpipeline.collector.input.tail;

/**
 * The records of one file that were handed on but not yet all acknowledged, in file order, and the
 * committed offset: the end of the longest run of acknowledged records from the start.
 *
 * <p>A record takes its slot when its first line is read (so a record still being joined holds the
 * offset back) and gets its end offset when it is handed on. Acknowledgements arrive from other
 * threads and in any order; the committed offset only moves past a record when every record before
 * it is acknowledged too, which is what makes restarts at-least-once.
 */
public final class AckWindow {

    private static final byte RESERVED = 0;
    private static final byte HANDED_ON = 1;
    private static final byte ACKNOWLEDGED = 2;

    private long[] endOffsets = new long[64];
    private byte[] states = new byte[64];
    private long head;
    private long tail;
    private long committedOffset;

    public AckWindow(long committedOffset) {
        this.committedOffset = committedOffset;
    }

    /** Takes the next slot, for a record whose first line was just read. */
    public synchronized long reserve() {
        if (tail - head == endOffsets.length) {
            grow();
        }
        int index = index(tail);
        states[index] = RESERVED;
        endOffsets[index] = 0;
        return tail++;
    }

    /** Takes the next slot for a record that is complete already and ends at {@code endOffset}. */
    public synchronized long reserve(long endOffset) {
        long slot = reserve();
        handedOn(slot, endOffset);
        return slot;
    }

    /** Marks the record in {@code slot} as handed on; it ends at {@code endOffset}. */
    public synchronized void handedOn(long slot, long endOffset) {
        if (slot >= head) {
            int index = index(slot);
            endOffsets[index] = endOffset;
            states[index] = HANDED_ON;
        }
    }

    /** Acknowledges the record in {@code slot}; a repeated acknowledgement is ignored. */
    public synchronized void acknowledge(long slot) {
        if (slot < head || slot >= tail) {
            return;
        }
        states[index(slot)] = ACKNOWLEDGED;
        while (head < tail && states[index(head)] == ACKNOWLEDGED) {
            committedOffset = Math.max(committedOffset, endOffsets[index(head)]);
            head++;
        }
    }

    /** Records that lines up to {@code endOffset} produced nothing to hand on (filtered out). */
    public synchronized void skip(long endOffset) {
        if (head == tail) {
            committedOffset = Math.max(committedOffset, endOffset);
            return;
        }
        long slot = reserve();
        handedOn(slot, endOffset);
        acknowledge(slot);
    }

    /** Offset after the last record of the acknowledged prefix: where a restart resumes. */
    public synchronized long committedOffset() {
        return committedOffset;
    }

    /** Whether every record taken is acknowledged. */
    public synchronized boolean isDrained() {
        return head == tail;
    }

    private int index(long slot) {
        return (int) (slot & (endOffsets.length - 1));
    }

    private void grow() {
        int size = endOffsets.length;
        long[] newOffsets = new long[size * 2];
        byte[] newStates = new byte[size * 2];
        for (long slot = head; slot < tail; slot++) {
            int from = (int) (slot & (size - 1));
            int to = (int) (slot & (size * 2 - 1));
            newOffsets[to] = endOffsets[from];
            newStates[to] = states[from];
        }
        endOffsets = newOffsets;
        states = newStates;
    }
}
