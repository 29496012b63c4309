package io.logpipeline.collector.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logpipeline.collector.record.ContainerResource;
import io.logpipeline.collector.record.LogRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BatchBuilderTest {

    /** Keeps a record as its body's bytes, so a batch shows which records it holds and their sizes. */
    private static final RecordEncoder BODY = record -> record.body().getBytes(StandardCharsets.UTF_8);

    private static ContainerResource container(String pod) {
        return new ContainerResource(Map.of("k8s.namespace.name", "shop", "k8s.pod.name", pod));
    }

    private static String decoded(byte[] encoded) {
        return new String(encoded, StandardCharsets.UTF_8);
    }

    @Test
    void recordsAreGroupedByResourceInstanceInTheOrderResourcesFirstArrive() {
        // given two containers, and a third resource equal to the first but another instance (another file)
        ContainerResource web = container("web");
        ContainerResource db = container("db");
        ContainerResource webAgain = container("web");
        BatchBuilder builder = new BatchBuilder(Map.of("k8s.namespace.name", "shop"), BODY);
        // when their records interleave, one without a resource
        builder.add(new LogRecord(0, "w1", web));
        builder.add(new LogRecord(0, "d1", db));
        builder.add(new LogRecord(0, "w2", web));
        builder.add(new LogRecord(0, "n1", null));
        builder.add(new LogRecord(0, "x1", webAgain));
        builder.add(new LogRecord(0, "d2", db));
        Batch batch = builder.build();
        // then one group per instance, records in arrival order within each
        assertThat(batch.metadata()).containsExactly(Map.entry("k8s.namespace.name", "shop"));
        assertThat(batch.resources()).extracting(Batch.ResourceRecords::resource).containsExactly(web, db, null, webAgain);
        assertThat(batch.resources()).extracting(group -> group.encodedRecords().stream().map(BatchBuilderTest::decoded).toList())
                .containsExactly(List.of("w1", "w2"), List.of("d1", "d2"), List.of("n1"), List.of("x1"));
        assertThat(batch.resources()).extracting(Batch.ResourceRecords::encodedBytes).containsExactly(4L, 4L, 2L, 2L);
        assertThat(batch.recordCount()).isEqualTo(6);
    }

    @Test
    void sizesCountEachRecordsEncodedBytesAndItsOverhead() {
        // given
        BatchBuilder builder = new BatchBuilder(Map.of(), BODY);
        assertThat(builder.isEmpty()).isTrue();
        assertThat(builder.heldBytes()).isZero();
        // when records of 5 and 2 bytes (the second is one character, two bytes of UTF-8) are added
        long first = builder.add(new LogRecord(0, "hello", container("a")));
        long second = builder.add(new LogRecord(0, "ü", container("b")));
        // then each add says what it holds, and the builder and the batch add them up
        assertThat(first).isEqualTo(5 + BatchBuilder.RECORD_OVERHEAD_BYTES);
        assertThat(second).isEqualTo(2 + BatchBuilder.RECORD_OVERHEAD_BYTES);
        assertThat(builder.heldBytes()).isEqualTo(first + second);
        assertThat(builder.recordCount()).isEqualTo(2);
        Batch batch = builder.build();
        assertThat(batch.encodedBytes()).isEqualTo(7);
        assertThat(batch.recordCount()).isEqualTo(2);
    }

    @Test
    void theRecordIsLeftWholeAndOnlyItsEncodedFormIsKept() {
        // given a record another stage (the live tail) may still read
        LogRecord record = new LogRecord(0, "body", container("a")).severityText("INFO");
        record.attributes().put("k", "v");
        BatchBuilder builder = new BatchBuilder(Map.of(), BODY);
        // when
        builder.add(record);
        // then
        assertThat(record.body()).isEqualTo("body");
        assertThat(record.severityText()).isEqualTo("INFO");
        assertThat(record.attributes()).containsExactly(Map.entry("k", "v"));
        assertThat(builder.build().resources().get(0).encodedRecords()).singleElement().extracting(BatchBuilderTest::decoded)
                .isEqualTo("body");
    }

    @Test
    void everyRecordIsAcknowledgedExactlyOnceHoweverOftenAndFromWhereverTheBatchIsAcknowledged() throws Exception {
        // given a batch of 100 records, each counting its acknowledgements
        BatchBuilder builder = new BatchBuilder(Map.of(), BODY);
        List<AtomicInteger> acks = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            AtomicInteger ack = new AtomicInteger();
            acks.add(ack);
            builder.add(new LogRecord(0, "r" + i, container("p" + i % 3)).acknowledgement(ack::incrementAndGet));
        }
        Batch batch = builder.build();
        assertThat(acks).allMatch(ack -> ack.get() == 0);
        // when the batch and its detached acknowledgement are acknowledged from 4 threads at once, twice each
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread thread = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                batch.acknowledge();
                batch.acknowledgement().acknowledge();
            });
            thread.start();
            threads.add(thread);
        }
        go.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        // then
        assertThat(acks).allMatch(ack -> ack.get() == 1);
    }

    @Test
    void aBuiltBatchTakesNoMoreRecords() {
        // given
        BatchBuilder builder = new BatchBuilder(Map.of(), BODY);
        builder.add(new LogRecord(0, "a", container("a")));
        Batch batch = builder.build();
        // when / then
        assertThatThrownBy(() -> builder.add(new LogRecord(0, "b", container("a"))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("new BatchBuilder");
        assertThatThrownBy(builder::build).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> batch.resources().get(0).encodedRecords().add(new byte[0]))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(batch.recordCount()).isEqualTo(1);
    }
}
