package io.logpipeline.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipeline.api.agent.AgentReport;
import io.logpipeline.api.agent.AgentReport.BackendReport;
import io.logpipeline.api.agent.AgentReport.PipelineReport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A backend the agents report retrying turns the pipeline {@code BackendUnreachable} once it has retried for 60 s: the
 * reconciler is asked to come back then, without waiting for the next report (up to 15 s later).
 */
class PipelineHealthTest {

    private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");

    @Test
    void aBackendRetryingFor50SecondsAsksForAReconcileWhenItCrosses60Seconds() {
        // when
        PipelineHealth.Outcome outcome = apply(NOW.minusSeconds(50));

        // then: still delivering as far as status goes, and due again just past the threshold
        assertThat(outcome.recheckAfter()).contains(Duration.ofSeconds(11));
    }

    @Test
    void onceUnreachableOrWhenNothingRetriesNoExtraReconcileIsAsked() {
        assertThat(apply(NOW.minusSeconds(120)).recheckAfter()).isEmpty();
        assertThat(apply(null).recheckAfter()).isEmpty();
    }

    private static PipelineHealth.Outcome apply(Instant retryingSince) {
        ConditionList conditions = new ConditionList(List.of(), Clock.fixed(NOW, ZoneOffset.UTC), 1);
        BackendReport backend = new BackendReport("victorialogs", 0, 0, 0, retryingSince == null ? null : "connection refused",
                retryingSince == null ? null : NOW.toString(), false, retryingSince == null ? null : retryingSince.toString());
        AgentReport report = new AgentReport("node-a", NOW.toString(),
                List.of(new PipelineReport("shop", "logs", "h1", null, null, Map.of(), List.of(backend))));
        return PipelineHealth.apply(conditions, "shop", "logs", "h1", List.of("victorialogs"), Optional.empty(), List.of(report), NOW);
    }
}
