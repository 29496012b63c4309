package io.logpipeline.collector.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.logpipeline.collector.record.LogRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

class RecordHandOffTest {

    @Test
    void aRefusedReaderIsWokenOnceHalfTheQueueIsFreeAndNothingIsLostOrReordered() throws Exception {
        // given a full hand-off and a reader that was refused and paused for far longer than this test
        RecordHandOff handOff = new RecordHandOff(4);
        List<LogRecord> written = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            LogRecord record = new LogRecord(i, "line " + i, null);
            written.add(record);
            assertThat(handOff.offer(record)).isTrue();
        }
        LogRecord fifth = new LogRecord(4, "line 4", null);
        AtomicBoolean refused = new AtomicBoolean();
        AtomicBoolean woken = new AtomicBoolean();
        Thread reader = new Thread(() -> {
            refused.set(!handOff.offer(fifth));
            LockSupport.parkNanos(TimeUnit.MINUTES.toNanos(5));
            woken.set(true);
        });
        reader.start();
        await().atMost(Duration.ofSeconds(10)).untilTrue(refused);

        // when the processing thread takes records
        List<LogRecord> taken = new ArrayList<>();
        int first = handOff.take(taken, 2, 0);

        // then the reader is woken, and what it offers next follows what was taken
        await().atMost(Duration.ofSeconds(30)).untilTrue(woken);
        reader.join();
        assertThat(handOff.offer(fifth)).isTrue();
        handOff.take(taken, 10, 0);
        written.add(fifth);
        assertThat(first).isEqualTo(2);
        assertThat(taken).containsExactlyElementsOf(written);
    }

    @Test
    void aWaitingProcessingThreadIsWokenWhenTheReaderPausesNotForEachRecord() throws Exception {
        // given the processing thread waiting for records for far longer than this test
        RecordHandOff handOff = new RecordHandOff(1024);
        List<LogRecord> taken = new ArrayList<>();
        AtomicInteger takenCount = new AtomicInteger(-1);
        Thread processing = waitingProcessingThread(handOff, taken, takenCount);

        // when the reader hands on three records, still reading
        for (int i = 0; i < 3; i++) {
            assertThat(handOff.offer(new LogRecord(i, "line " + i, null))).isTrue();
        }

        // then the processing thread sleeps on
        Thread.sleep(200);
        assertThat(processing.getState()).isEqualTo(Thread.State.TIMED_WAITING);
        assertThat(takenCount).hasValue(-1);

        // and when the reader's cycle ends, it takes all three at once
        handOff.readingPaused();
        processing.join(TimeUnit.SECONDS.toMillis(30));
        assertThat(takenCount).hasValue(3);
        assertThat(taken).extracting(LogRecord::body).containsExactly("line 0", "line 1", "line 2");
    }

    @Test
    void aChunkOfRecordsWakesTheProcessingThreadBeforeTheReaderPauses() throws Exception {
        // given the processing thread waiting for records
        RecordHandOff handOff = new RecordHandOff(1024);
        List<LogRecord> taken = new ArrayList<>();
        AtomicInteger takenCount = new AtomicInteger(-1);
        Thread processing = waitingProcessingThread(handOff, taken, takenCount);

        // when a fast reader hands on a chunk's worth without pausing
        for (int i = 0; i < RecordHandOff.WAKE_AT; i++) {
            assertThat(handOff.offer(new LogRecord(i, "line " + i, null))).isTrue();
        }

        // then the processing thread takes them
        processing.join(TimeUnit.SECONDS.toMillis(30));
        assertThat(takenCount.get()).isGreaterThanOrEqualTo(1);
        assertThat(handOff.size() + takenCount.get()).isEqualTo(RecordHandOff.WAKE_AT);
    }

    /** A processing thread waiting in {@code take} for far longer than a test; {@code takenCount} is -1 until it returns. */
    private static Thread waitingProcessingThread(RecordHandOff handOff, List<LogRecord> taken, AtomicInteger takenCount) {
        Thread processing = new Thread(() -> {
            try {
                takenCount.set(handOff.take(taken, 512, TimeUnit.MINUTES.toNanos(5)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        processing.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> processing.getState() == Thread.State.TIMED_WAITING);
        return processing;
    }
}
