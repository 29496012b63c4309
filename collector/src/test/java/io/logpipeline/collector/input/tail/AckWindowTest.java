package io.logpipeline.collector.input.tail;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AckWindowTest {

    @Test
    void commitsOnlyThePrefixAcknowledgedInOrder() {
        // given three records handed on, ending at 10, 20 and 30
        AckWindow window = new AckWindow(0);
        long a = window.reserve();
        long b = window.reserve();
        long c = window.reserve();
        window.handedOn(a, 10);
        window.handedOn(b, 20);
        window.handedOn(c, 30);

        // when the later ones are acknowledged first
        window.acknowledge(c);
        window.acknowledge(b);

        // then nothing moves until the first is acknowledged too
        assertThat(window.committedOffset()).isZero();
        window.acknowledge(a);
        assertThat(window.committedOffset()).isEqualTo(30);
        assertThat(window.isDrained()).isTrue();
    }

    @Test
    void aRecordStillBeingJoinedHoldsTheOffsetBack() {
        // given a record reserved (its first line read) and a later one acknowledged
        AckWindow window = new AckWindow(5);
        long joining = window.reserve();
        long later = window.reserve();
        window.handedOn(later, 50);
        window.acknowledge(later);

        // when / then
        assertThat(window.committedOffset()).isEqualTo(5);
        window.handedOn(joining, 40);
        window.acknowledge(joining);
        assertThat(window.committedOffset()).isEqualTo(50);
    }

    @Test
    void skippedLinesMoveTheOffsetOnlyBehindPendingRecords() {
        // given
        AckWindow window = new AckWindow(0);
        window.skip(7);
        assertThat(window.committedOffset()).isEqualTo(7);
        long pending = window.reserve();

        // when a filtered line follows a record not yet acknowledged
        window.skip(20);

        // then
        assertThat(window.committedOffset()).isEqualTo(7);
        window.handedOn(pending, 12);
        window.acknowledge(pending);
        window.acknowledge(pending);
        assertThat(window.committedOffset()).isEqualTo(20);
    }

    @Test
    void growsPastItsInitialCapacityKeepingOrder() {
        // given more records in flight than the initial 64 slots
        AckWindow window = new AckWindow(0);
        long[] slots = new long[1000];
        for (int i = 0; i < slots.length; i++) {
            slots[i] = window.reserve();
            window.handedOn(slots[i], (i + 1) * 10L);
        }

        // when all but the first are acknowledged, then the first
        for (int i = slots.length - 1; i >= 1; i--) {
            window.acknowledge(slots[i]);
        }
        assertThat(window.committedOffset()).isZero();
        window.acknowledge(slots[0]);

        // then
        assertThat(window.committedOffset()).isEqualTo(10_000);
    }
}
