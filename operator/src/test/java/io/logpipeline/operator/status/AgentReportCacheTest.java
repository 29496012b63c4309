package io.logpipeline.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.logpipeline.api.agent.AgentContract;
import io.logpipeline.api.agent.AgentReport;
import io.logpipeline.api.agent.AgentReport.BackendReport;
import io.logpipeline.api.agent.AgentReport.PipelineReport;
import io.logpipeline.api.agent.AgentReportJson;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentReportCacheTest {

    private static final Instant NOW = Instant.parse("2026-12-05T08:00:00Z");

    private final AgentReportCache cache = new AgentReportCache();
    private int version;

    @Test
    void firstReportOfANodeConcernsEveryPipelineInIt() {
        // given
        ConfigMap first = report(NOW, entry("a", "h1", null), entry("b", "h1", null));

        // when
        List<PipelineReport> changed = cache.changedEntries(first, NOW);

        // then
        assertThat(changed).extracting(PipelineReport::name).containsExactly("a", "b");
    }

    @Test
    void heartbeatRepeatingEveryEntryConcernsNone() {
        // given
        cache.changedEntries(report(NOW, entry("a", "h1", null), entry("b", "h1", null)), NOW);

        // when
        List<PipelineReport> changed = cache.changedEntries(report(NOW.plusSeconds(15), entry("a", "h1", null),
                entry("b", "h1", null)), NOW.plusSeconds(15));

        // then
        assertThat(changed).isEmpty();
    }

    @Test
    void changedAddedAndDroppedEntriesAreTheOnesReturned() {
        // given
        cache.changedEntries(report(NOW, entry("a", "h1", null), entry("b", "h1", null), entry("c", "h1", null)), NOW);

        // when: a runs a new hash, b is unchanged, c is gone, d is new
        List<PipelineReport> changed = cache.changedEntries(report(NOW.plusSeconds(15), entry("a", "h2", null),
                entry("b", "h1", null), entry("d", "h1", null)), NOW.plusSeconds(15));

        // then
        assertThat(changed).extracting(PipelineReport::name).containsExactlyInAnyOrder("a", "c", "d");
    }

    @Test
    void anEntryWithABackendRetryingIsReturnedOnEveryReportBecauseUnreachableDependsOnTheTime() {
        // given
        String since = NOW.minusSeconds(30).toString();
        cache.changedEntries(report(NOW, entry("a", "h1", since), entry("b", "h1", null)), NOW);

        // when: 45 s later the same retry crosses the 60 s threshold without any field changing
        List<PipelineReport> changed = cache.changedEntries(report(NOW.plusSeconds(45), entry("a", "h1", since),
                entry("b", "h1", null)), NOW.plusSeconds(45));

        // then
        assertThat(changed).extracting(PipelineReport::name).containsExactly("a");
    }

    @Test
    void aNodeWhoseLastReportHadGoneStaleConcernsEveryPipelineAgain() {
        // given
        cache.changedEntries(report(NOW, entry("a", "h1", null)), NOW);
        Instant later = NOW.plus(AgentReports.STALE_AFTER).plusSeconds(1);

        // when
        List<PipelineReport> changed = cache.changedEntries(report(later, entry("a", "h1", null)), later);

        // then
        assertThat(changed).extracting(PipelineReport::name).containsExactly("a");
    }

    @Test
    void freshParsesEachVersionOnceAndSkipsStaleReports() {
        // given
        ConfigMap current = report(NOW, entry("a", "h1", null));
        ConfigMap stale = new ConfigMapBuilder(report(NOW.minus(AgentReports.STALE_AFTER).minusSeconds(1), entry("b", "h1", null)))
                .editMetadata().withName(AgentContract.agentReportName("node-2")).endMetadata().build();

        // when
        List<AgentReport> first = cache.fresh(List.of(current, stale), NOW);
        List<AgentReport> second = cache.fresh(List.of(current, stale), NOW);

        // then
        assertThat(first).hasSize(1);
        assertThat(second.get(0)).isSameAs(first.get(0));
    }

    private ConfigMap report(Instant at, PipelineReport... entries) {
        AgentReport report = new AgentReport("node-1", at.toString(), List.of(entries));
        return new ConfigMapBuilder()
                .withNewMetadata().withName(AgentContract.agentReportName("node-1")).withNamespace("logpipeline-system")
                .withResourceVersion(Integer.toString(++version)).endMetadata()
                .addToData(AgentContract.AGENT_REPORT_KEY, AgentReportJson.write(report))
                .build();
    }

    private static PipelineReport entry(String name, String hash, String retryingSince) {
        return new PipelineReport("team-a", name, hash, null, null, Map.of(),
                List.of(new BackendReport("backend", 10, 0, 0, null, null, false, retryingSince)));
    }
}
