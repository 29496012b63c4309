package io.logpipeline.collector.input.tail;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class AckWindowTest {

    @Test
    void commitsOnlyThePrefixAcknowledgedInOrder() {
        // given three records handed on, ending at 10, 20 and 30
        AckWindow window = new AckWindow(0);
        AckWindow.Slot a = window.reserve(10);
        AckWindow.Slot b = window.reserve(20);
        AckWindow.Slot c = window.reserve(30);

        // when the later ones are acknowledged first
        c.acknowledge();
        b.acknowledge();

        // then nothing moves until the first is acknowledged too
        assertThat(window.committedOffset()).isZero();
        a.acknowledge();
        assertThat(window.committedOffset()).isEqualTo(30);
        assertThat(window.isDrained()).isTrue();
    }

    @Test
    void aRecordStillBeingJoinedHoldsTheOffsetBack() {
        // given a record reserved (its first line read) and a later one acknowledged
        AckWindow window = new AckWindow(5);
        AckWindow.Slot joining = window.reserve();
        window.reserve(50).acknowledge();

        // when / then
        assertThat(window.committedOffset()).isEqualTo(5);
        assertThat(window.isDrained()).isFalse();
        joining.end(40);
        joining.acknowledge();
        joining.acknowledge();
        assertThat(window.committedOffset()).isEqualTo(50);
    }

    @Test
    void skippedLinesMoveTheOffsetOnlyBehindPendingRecords() {
        // given
        AckWindow window = new AckWindow(0);
        window.skip(7);
        assertThat(window.committedOffset()).isEqualTo(7);
        AckWindow.Slot pending = window.reserve();

        // when a filtered line follows a record not yet acknowledged
        window.skip(20);

        // then
        assertThat(window.committedOffset()).isEqualTo(7);
        pending.end(12);
        pending.acknowledge();
        assertThat(window.committedOffset()).isEqualTo(20);
    }

    @Test
    void acknowledgementsFromManyThreadsInAnyOrderAcrossChunksCommitEverything() throws InterruptedException {
        // given more records in flight than one chunk holds, acknowledged in random order by 4 threads
        AckWindow window = new AckWindow(0);
        List<AckWindow.Slot> slots = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            slots.add(window.reserve((i + 1) * 10L));
        }
        AckWindow.Slot first = slots.remove(0);
        Collections.shuffle(slots, new Random(3));
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            List<AckWindow.Slot> share = slots.subList(t * slots.size() / 4, (t + 1) * slots.size() / 4);
            threads.add(new Thread(() -> share.forEach(AckWindow.Slot::acknowledge)));
        }

        // when
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join();
        }

        // then the first record still holds everything back, until it is acknowledged
        assertThat(window.committedOffset()).isZero();
        first.acknowledge();
        assertThat(window.committedOffset()).isEqualTo(50_000);
        assertThat(window.isDrained()).isTrue();
    }
}
