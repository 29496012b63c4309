package io.logpipeline.collector.export;

import static io.logpipeline.collector.export.ExportFixtures.backend;
import static io.logpipeline.collector.export.ExportFixtures.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.logpipeline.api.config.ExporterConfig;
import io.logpipeline.collector.export.ExportFixtures.AckedRecords;
import io.logpipeline.collector.export.ExportFixtures.Telemetry;
import io.logpipeline.collector.export.OtlpSink.Reply;
import io.logpipeline.collector.lifecycle.Deadline;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A backend's senders: started as the queue needs them, up to numConsumers, and gone when idle or stopped. */
class SenderPoolTest {

    private Telemetry telemetry;
    private OtlpSink sink;
    private final AtomicBoolean backendDown = new AtomicBoolean();
    private final List<BackendExporter> exporters = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        telemetry = new Telemetry();
        sink = OtlpSink.http();
        sink.replying(n -> backendDown.get() ? Reply.status(503) : Reply.OK);
    }

    @AfterEach
    void stop() throws Exception {
        for (BackendExporter exporter : exporters) {
            exporter.close(System.nanoTime());
        }
        sink.close();
        telemetry.close();
    }

    private BackendExporter exporter(String name, int numConsumers, Duration keepAlive) {
        ExporterConfig config = backend(name, sink.endpoint());
        config.getQueue().setNumConsumers(numConsumers);
        BackendExporter exporter = new BackendExporter(config, "exporters[0]", telemetry.metrics.backend(name), Map.of(),
                keepAlive);
        exporters.add(exporter);
        exporter.start();
        return exporter;
    }

    private static PendingBatch pending(BackendExporter exporter, AckedRecords records) {
        return new PendingBatch(records.batch(), List.of(exporter.format()), 1);
    }

    /** The first record's body of every request the sink saw: one value per distinct batch sent. */
    private Set<String> batchesSeen() {
        return sink.received().stream()
                .map(r -> r.request().getResourceLogs(0).getScopeLogs(0).getLogRecords(0).getBody().getStringValue())
                .collect(Collectors.toSet());
    }

    private static long threadsNamed(String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().startsWith(prefix) && thread.isAlive()).count();
    }

    @Test
    void oneSenderWhileItKeepsUpMoreUpToNumConsumersWhileEverySenderIsBusy() throws Exception {
        // given a backend allowed three concurrent requests
        BackendExporter exporter = exporter("grows", 3, Duration.ofSeconds(60));
        assertThat(exporter.senderCount()).isEqualTo(1);

        // when batches come one after the other, each once the sender waits again, to a backend that answers at once
        for (int i = 0; i < 5; i++) {
            await().until(() -> exporter.idleSenderCount() == 1);
            AckedRecords records = new AckedRecords(1, resource("ns", "pod"), "quick-" + i);
            exporter.enqueue(pending(exporter, records));
            await().until(() -> records.acknowledged() == 1);
        }

        // then one sender did it all
        assertThat(exporter.senderCount()).isEqualTo(1);
        assertThat(threadsNamed("export-grows-")).isEqualTo(1);

        // when the backend fails and five batches wait: each sender holds one batch in its retries
        backendDown.set(true);
        List<AckedRecords> held = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            AckedRecords records = new AckedRecords(1, resource("ns", "pod"), "held-" + i);
            held.add(records);
            exporter.enqueue(pending(exporter, records));
        }

        // then three requests are retried side by side, never more
        await().until(() -> batchesSeen().stream().filter(body -> body.startsWith("held-")).count() == 3);
        assertThat(exporter.senderCount()).isEqualTo(3);
        Thread.sleep(300);
        assertThat(batchesSeen().stream().filter(body -> body.startsWith("held-"))).hasSize(3);

        // and when it recovers, every batch is delivered and acknowledged once
        backendDown.set(false);
        await().until(() -> held.stream().allMatch(records -> records.acknowledged() == 1));
        assertThat(held).allMatch(AckedRecords::eachAcknowledgedOnce);
        assertThat(sink.acceptedRecords().stream().map(r -> r.getBody().getStringValue()).filter(b -> b.startsWith("held-")))
                .hasSize(5);
    }

    @Test
    void extraSendersLeaveWhenIdleAndTheLastOneStaysAndSends() throws Exception {
        // given three senders busy with a failing backend
        BackendExporter exporter = exporter("shrinks", 3, Duration.ofMillis(200));
        backendDown.set(true);
        List<AckedRecords> held = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            AckedRecords records = new AckedRecords(1, resource("ns", "pod"), "held-" + i);
            held.add(records);
            exporter.enqueue(pending(exporter, records));
        }
        await().until(() -> exporter.senderCount() == 3);

        // when the backend recovers and nothing more comes
        backendDown.set(false);
        await().until(() -> held.stream().allMatch(records -> records.acknowledged() == 1));

        // then the extra senders leave after their keep-alive, and the last one stays
        await().until(() -> exporter.senderCount() == 1 && threadsNamed("export-shrinks-") == 1);
        Thread.sleep(600);
        assertThat(exporter.senderCount()).isEqualTo(1);

        // and still sends
        AckedRecords later = new AckedRecords(2, resource("ns", "pod"), "later");
        exporter.enqueue(pending(exporter, later));
        await().until(() -> later.acknowledged() == 2);
    }

    @Test
    void stoppingIdleSendersEndsTheirThreadsWithoutWaitingForTheDeadline() throws Exception {
        // given a fan-out with two backends whose senders wait for work
        ExporterConfig first = backend("idle-a", sink.endpoint());
        ExporterConfig second = backend("idle-b", sink.endpoint());
        ExportFanOut fanOut = new ExportFanOut(List.of(first, second), telemetry.metrics, Map.of());
        fanOut.start();
        AckedRecords records = new AckedRecords(1, resource("ns", "pod"), "one");
        fanOut.submit(records.batch());
        await().until(() -> records.acknowledged() == 1);
        assertThat(threadsNamed("export-idle-")).isEqualTo(2);

        // when
        long startedNanos = System.nanoTime();
        fanOut.stop(Deadline.after(Duration.ofSeconds(30)));

        // then no sender is left, and stopping did not wait out the deadline
        assertThat(threadsNamed("export-idle-")).isZero();
        assertThat(Duration.ofNanos(System.nanoTime() - startedNanos)).isLessThan(Duration.ofSeconds(30));
    }
}
