package io.logpipeline.collector.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipeline.api.v1alpha1.BatchSpec;
import io.logpipeline.collector.record.ContainerResource;
import io.logpipeline.collector.record.LogRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RecordBatcherTest {

    /** Keeps a record as its body's bytes: enough to see which records a batch holds, and their sizes. */
    private static final RecordEncoder BODY = record -> record.body().getBytes(StandardCharsets.UTF_8);

    private final AtomicLong fakeNanos = new AtomicLong(1_000);
    private final List<Batch> exported = new ArrayList<>();

    private static ContainerResource container(String namespace, String pod, String container) {
        return new ContainerResource(Map.of("k8s.namespace.name", namespace, "k8s.pod.name", pod, "k8s.container.name", container));
    }

    private static BatchSpec spec(int size, int max, String timeout, List<String> keys, int cardinality) {
        BatchSpec spec = new BatchSpec();
        spec.setSendBatchSize(size);
        spec.setSendBatchMaxSize(max);
        spec.setTimeout(timeout);
        spec.setMetadataKeys(keys);
        spec.setMetadataCardinalityLimit(cardinality);
        return spec;
    }

    private RecordBatcher batcher(BatchSpec spec) {
        return new RecordBatcher(spec, BODY, exported::add, fakeNanos::get);
    }

    @Test
    void aBatchIsSentWhenItReachesSendBatchSizeWithRecordsGroupedByResource() {
        // given
        RecordBatcher batcher = batcher(spec(4, 8, "5s", List.of(), 10));
        ContainerResource a = container("shop", "cart", "app");
        ContainerResource b = container("shop", "cart", "sidecar");
        // when records of two containers interleave
        for (ContainerResource resource : List.of(a, b, a, b, a)) {
            batcher.accept(new LogRecord(0, "line", resource));
        }
        // then one batch of 4 went out, grouped a, b; the fifth waits
        assertThat(exported).hasSize(1);
        Batch batch = exported.get(0);
        assertThat(batch.recordCount()).isEqualTo(4);
        assertThat(batch.resources()).extracting(Batch.ResourceRecords::resource).containsExactly(a, b);
        assertThat(batch.resources()).extracting(group -> group.encodedRecords().size()).containsExactly(2, 2);
        assertThat(batcher.stats().sentForSize.sum()).isEqualTo(1);
    }

    @Test
    void noBatchIsLargerThanSendBatchMaxSize() {
        // given a max below the size (only reachable through the config file, the validator rejects it in specs)
        RecordBatcher batcher = batcher(spec(100, 3, "5s", List.of(), 10));
        // when
        for (int i = 0; i < 10; i++) {
            batcher.accept(new LogRecord(0, "line " + i, container("a", "b", "c")));
        }
        batcher.flushAll();
        // then
        assertThat(exported).extracting(Batch::recordCount).containsExactly(3, 3, 3, 1);
        assertThat(batcher.stats().sentForFlush.sum()).isEqualTo(1);
    }

    @Test
    void aBatchIsSentOnceItsFirstRecordHasWaitedTheTimeout() {
        // given
        RecordBatcher batcher = batcher(spec(1000, 0, "5s", List.of(), 10));
        batcher.accept(new LogRecord(0, "first", container("a", "b", "c")));
        fakeNanos.addAndGet(4_000_000_000L);
        batcher.accept(new LogRecord(0, "second", container("a", "b", "c")));
        // when just before the timeout
        fakeNanos.addAndGet(999_999_999L);
        batcher.flushExpired();
        // then nothing yet
        assertThat(exported).isEmpty();
        // when the first record has waited 5s
        fakeNanos.addAndGet(1);
        batcher.flushExpired();
        // then both records go, and a new batch starts its own timeout
        assertThat(exported).singleElement().extracting(Batch::recordCount).isEqualTo(2);
        assertThat(batcher.stats().sentForTimeout.sum()).isEqualTo(1);
        batcher.accept(new LogRecord(0, "third", container("a", "b", "c")));
        fakeNanos.addAndGet(4_000_000_000L);
        batcher.flushExpired();
        assertThat(exported).hasSize(1);
    }

    @Test
    void recordsAreBatchedSeparatelyPerMetadataKeyValues() {
        // given batches keyed by namespace and pod
        RecordBatcher batcher = batcher(spec(3, 0, "5s", List.of("k8s.namespace.name", "k8s.pod.name"), 10));
        ContainerResource cartApp = container("shop", "cart", "app");
        ContainerResource cartSidecar = container("shop", "cart", "sidecar");
        ContainerResource web = container("shop", "web", "app");
        // when
        batcher.accept(new LogRecord(0, "1", cartApp));
        batcher.accept(new LogRecord(0, "2", web));
        batcher.accept(new LogRecord(0, "3", cartSidecar));
        batcher.accept(new LogRecord(0, "4", cartApp));
        // then the cart batch filled up with both its containers; web still waits
        assertThat(exported).singleElement().satisfies(batch -> {
            assertThat(batch.metadata()).containsExactly(Map.entry("k8s.namespace.name", "shop"), Map.entry("k8s.pod.name", "cart"));
            assertThat(batch.resources()).extracting(Batch.ResourceRecords::resource).containsExactly(cartApp, cartSidecar);
        });
        batcher.flushAll();
        assertThat(exported.get(1).metadata()).containsEntry("k8s.pod.name", "web");
    }

    @Test
    void combinationsBeyondTheCardinalityLimitShareOneOverflowBatchAndAreCounted() {
        // given room for two open batches
        RecordBatcher batcher = batcher(spec(100, 0, "5s", List.of("k8s.pod.name"), 2));
        // when four pods log
        for (String pod : List.of("p1", "p2", "p3", "p4", "p3")) {
            batcher.accept(new LogRecord(0, pod, container("ns", pod, "c")));
        }
        batcher.flushAll();
        // then p1 and p2 have their own batches, p3 and p4 share the overflow batch
        assertThat(exported).hasSize(3);
        assertThat(exported).filteredOn(batch -> batch.metadata().isEmpty()).singleElement()
                .satisfies(batch -> assertThat(batch.recordCount()).isEqualTo(3));
        assertThat(batcher.stats().cardinalityOverflowRecords.sum()).isEqualTo(3);
    }

    @Test
    void aBatchAcknowledgesEachOfItsRecordsExactlyOnce() {
        // given
        RecordBatcher batcher = batcher(spec(2, 0, "5s", List.of(), 10));
        AtomicInteger acks = new AtomicInteger();
        batcher.accept(new LogRecord(0, "a", container("a", "b", "c")).acknowledgement(acks::incrementAndGet));
        batcher.accept(new LogRecord(0, "b", container("a", "b", "d")).acknowledgement(acks::incrementAndGet));
        // when the exporter acknowledges twice (e.g. two backends finishing)
        exported.get(0).acknowledge();
        exported.get(0).acknowledge();
        // then
        assertThat(acks).hasValue(2);
    }

    @Test
    void whatOpenBatchesHoldIsCountedUntilTheyAreSent() {
        // given batches keyed by pod
        RecordBatcher batcher = batcher(spec(2, 0, "5s", List.of("k8s.pod.name"), 10));
        // when one record waits in each of two batches
        batcher.accept(new LogRecord(0, "12345", container("ns", "p1", "c")));
        batcher.accept(new LogRecord(0, "123", container("ns", "p2", "c")));
        // then both are held, encoded
        assertThat(batcher.heldBytes()).isEqualTo(8 + 2 * BatchBuilder.RECORD_OVERHEAD_BYTES);
        // when p1's batch fills and is sent
        batcher.accept(new LogRecord(0, "1", container("ns", "p1", "c")));
        // then only p2's record is held
        assertThat(exported).singleElement().extracting(Batch::encodedBytes).isEqualTo(6L);
        assertThat(batcher.heldBytes()).isEqualTo(3 + BatchBuilder.RECORD_OVERHEAD_BYTES);
        batcher.flushAll();
        assertThat(batcher.heldBytes()).isZero();
    }
}
