package io.logpipeline.collector.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipeline.api.agent.AgentReport;
import io.logpipeline.collector.telemetry.AgentMetrics;
import io.logpipeline.collector.telemetry.CollectorMetrics;
import io.logpipeline.collector.telemetry.ExporterMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** When the agent writes its report (every 15 s at most, plus state changes) and what the counts in it cover (5 minutes). */
class AgentReporterTest {

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-04T12:00:00Z"));
    private final Clock clock = new Clock() {
        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };
    private final AgentMetrics metrics = new AgentMetrics(clock);
    private final CollectorMetrics pipeline = metrics.pipeline("team-a/a");
    private final ExporterMetrics backend = pipeline.backend("loki");
    private final List<AgentReport> written = new ArrayList<>();
    private final AgentReporter reporter = new AgentReporter("node-1", clock, written::add);
    private List<PipelineHost.PipelineState> states = List.of(new PipelineHost.PipelineState("team-a", "a", "hash-1", null, null, pipeline));

    @AfterEach
    void close() {
        metrics.close();
    }

    private void advance(Duration duration) {
        now.set(now.get().plus(duration));
    }

    @Test
    void writesAtMostEvery15SecondsUnlessAStateChanges() {
        // given
        reporter.report(() -> states);

        // when: ticks every second for 20 s with only counts changing
        for (int second = 0; second < 20; second++) {
            backend.sent(10);
            reporter.tick();
            advance(Duration.ofSeconds(1));
        }

        // then: the first tick and the one 15 s later wrote
        assertThat(written).hasSize(2);

        // when: a backend starts failing, and then a configuration is rejected
        backend.error("connection refused", false);
        reporter.tick();
        advance(Duration.ofSeconds(1));
        states = List.of(new PipelineHost.PipelineState("team-a", "a", "hash-1", "hash-2", "batch.timeout: bad", pipeline));
        reporter.tick();

        // then: each is written at once
        assertThat(written).hasSize(4);
        assertThat(written.get(2).pipelines().get(0).backends().get(0).retryingSince()).isEqualTo("2026-12-04T12:00:20Z");
        assertThat(written.get(3).pipelines().get(0).rejectedConfigHash()).isEqualTo("hash-2");
    }

    @Test
    void countsCoverTheLastFiveMinutes() {
        // given
        reporter.report(() -> states);

        // when: 100 sent in the first minute, then 7 failed and 3 dropped six minutes later
        backend.sent(100);
        reporter.tick();
        advance(Duration.ofMinutes(6));
        backend.sendFailed(7);
        backend.enqueueFailed(3);
        reporter.tick();

        // then: the 100 are out of the window, the failures and drops are in, with their reasons
        AgentReport.PipelineReport report = written.get(written.size() - 1).pipelines().get(0);
        assertThat(report.backends().get(0)).satisfies(b -> {
            assertThat(b.sent()).isZero();
            assertThat(b.failed()).isEqualTo(7);
            assertThat(b.dropped()).isEqualTo(3);
        });
        assertThat(report.droppedByReason()).containsEntry("rejected", 7L).containsEntry("queue_full", 3L);
        assertThat(written.get(0).pipelines().get(0).backends().get(0).sent()).isEqualTo(100);
    }

    @Test
    void aRejectionIsReportedAtOnceAndEndsWhenTheBackendAcceptsAgain() {
        // given
        reporter.report(() -> states);
        backend.sent(10);
        reporter.tick();
        advance(Duration.ofSeconds(1));

        // when: the backend refuses a batch (a revoked token), then accepts the next one (the token fixed)
        backend.sendFailed(5);
        backend.error("HTTP 401: unauthorized", true);
        reporter.tick();
        advance(Duration.ofSeconds(1));
        backend.sent(10);
        reporter.tick();

        // then: both changes are written at once; the rejection ends, the last error and the refused records stay
        assertThat(written).hasSize(3);
        assertThat(written.get(1).pipelines().get(0).backends().get(0).lastErrorPermanent()).isTrue();
        assertThat(written.get(2).pipelines().get(0).backends().get(0)).satisfies(b -> {
            assertThat(b.lastErrorPermanent()).isFalse();
            assertThat(b.lastError()).isEqualTo("HTTP 401: unauthorized");
            assertThat(b.failed()).isEqualTo(5);
        });
    }

    @Test
    void filteredRecordsAndLostBytesAreReportedApartFromDeliveryDrops() {
        // given
        reporter.report(() -> states);

        // when: a filter drops 40 records, a parser drops 2, and 900 bytes of a truncated file could not be read
        pipeline.dropped(io.logpipeline.collector.telemetry.DropReason.FILTERED, 40);
        pipeline.dropped(io.logpipeline.collector.telemetry.DropReason.PARSE_ERROR, 2);
        pipeline.lostBytes(io.logpipeline.collector.input.FileInputStats.LossReason.TRUNCATED, 900);
        reporter.tick();

        // then: filtering is not a delivery problem (the operator sums droppedByReason into RecordsDropped)
        AgentReport.PipelineReport report = written.get(written.size() - 1).pipelines().get(0);
        assertThat(report.filtered()).isEqualTo(40);
        assertThat(report.droppedByReason()).containsExactly(java.util.Map.entry("parse_error", 2L));
        assertThat(report.lostBytesByReason()).containsExactly(java.util.Map.entry("truncated", 900L));
    }
}
