package io.logpipeline.collector.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.logpipeline.collector.record.LogRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
}
