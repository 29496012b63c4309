package io.logpipeline.operator.status;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.logpipeline.api.agent.AgentContract;
import io.logpipeline.api.agent.AgentReport;
import io.logpipeline.api.agent.AgentReportJson;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.jboss.logging.Logger;

/** The node agents' report ConfigMaps (AgentContract), read from the operator's cache. */
public final class AgentReports {

    /**
     * A report older than this is from an agent that stopped (its node left, its pod was deleted): eight report
     * intervals, so a busy API server delaying a few writes does not make a live agent disappear.
     */
    public static final Duration STALE_AFTER = AgentContract.REPORT_INTERVAL.multipliedBy(8);

    private static final Logger LOG = Logger.getLogger(AgentReports.class);

    private AgentReports() {
    }

    public static Optional<AgentReport> parse(ConfigMap configMap) {
        String json = configMap.getData() == null ? null : configMap.getData().get(AgentContract.AGENT_REPORT_KEY);
        if (json == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(AgentReportJson.parse(json));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            LOG.debugf("event=report-unreadable configMap=%s error=%s", configMap.getMetadata().getName(), e.getOriginalMessage());
            return Optional.empty();
        }
    }

    static boolean isStale(AgentReport report, Instant now) {
        return instant(report.reportedAt()).map(at -> at.plus(STALE_AFTER).isBefore(now)).orElse(true);
    }

    static Optional<Instant> instant(String rfc3339) {
        if (rfc3339 == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(java.time.OffsetDateTime.parse(rfc3339).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
