package io.logpipeline.collector.input.tail;

import io.logpipeline.collector.record.Acknowledgement;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The records of one file that were handed on but not yet all acknowledged, in file order, and the
 * committed offset: the end of the longest run of acknowledged records from the start.
 *
 * <p>A record takes its slot when its first line is read (so a record still being joined holds the
 * offset back) and gets its end offset when it is handed on. Acknowledgements arrive from any
 * thread and in any order; the committed offset only moves past a record when every record before
 * it is acknowledged too, which is what makes restarts at-least-once.
 *
 * <p>Slots live in fixed chunks that are never copied, so an acknowledgement is a single release
 * store into its chunk, without a lock: two monitor operations per record were a fifth of the
 * reader's time in FileTailerBenchmark. Only the input thread reserves slots and moves the
 * committed offset.
 */
public final class AckWindow {

    private static final int CHUNK_SLOTS = 1024;
    private static final byte OPEN = 0;
    private static final byte ACKNOWLEDGED = 1;
    private static final VarHandle STATES = MethodHandles.arrayElementVarHandle(byte[].class);

    /** A run of consecutive slots. */
    private static final class Chunk {
        final long[] endOffsets = new long[CHUNK_SLOTS];
        final byte[] states = new byte[CHUNK_SLOTS];
        Chunk next;
    }

    private Chunk headChunk = new Chunk();
    private int headIndex;
    private Chunk tailChunk = headChunk;
    private int tailIndex;
    private long committedOffset;

    public AckWindow(long committedOffset) {
        this.committedOffset = committedOffset;
    }

    /** A record that is handed on (or being joined); its end offset is set now or by {@link #end}. */
    public static final class Slot implements Acknowledgement {
        private final Chunk chunk;
        private final int index;

        private Slot(Chunk chunk, int index) {
            this.chunk = chunk;
            this.index = index;
        }

        /** Sets the offset after the record's last line. */
        public void end(long endOffset) {
            chunk.endOffsets[index] = endOffset;
        }

        /** Marks the record done with; safe from any thread, repeated calls change nothing. */
        @Override
        public void acknowledge() {
            STATES.setRelease(chunk.states, index, ACKNOWLEDGED);
        }
    }

    /** Takes the next slot, for a record whose first line was just read (input thread only). */
    public Slot reserve() {
        if (tailIndex == CHUNK_SLOTS) {
            Chunk next = new Chunk();
            tailChunk.next = next;
            tailChunk = next;
            tailIndex = 0;
        }
        return new Slot(tailChunk, tailIndex++);
    }

    /** Takes the next slot for a record that is complete already and ends at {@code endOffset}. */
    public Slot reserve(long endOffset) {
        Slot slot = reserve();
        slot.end(endOffset);
        return slot;
    }

    /** Records that lines up to {@code endOffset} produced nothing to hand on (filtered out). */
    public void skip(long endOffset) {
        Slot slot = reserve(endOffset);
        slot.acknowledge();
    }

    /** Offset after the last record of the acknowledged prefix: where a restart resumes (input thread only). */
    public long committedOffset() {
        while (true) {
            if (headIndex == CHUNK_SLOTS) {
                if (headChunk.next == null) {
                    break;
                }
                headChunk = headChunk.next;
                headIndex = 0;
            }
            if (headChunk == tailChunk && headIndex >= tailIndex
                    || (byte) STATES.getAcquire(headChunk.states, headIndex) != ACKNOWLEDGED) {
                break;
            }
            committedOffset = Math.max(committedOffset, headChunk.endOffsets[headIndex]);
            headIndex++;
        }
        return committedOffset;
    }

    /** Whether every record taken is acknowledged (input thread only). */
    public boolean isDrained() {
        committedOffset();
        return headChunk == tailChunk && headIndex == tailIndex;
    }
}
