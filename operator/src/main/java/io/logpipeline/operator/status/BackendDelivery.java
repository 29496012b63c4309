package io.logpipeline.operator.status;

import io.logpipeline.api.agent.AgentContract;
import io.logpipeline.api.agent.AgentReport.BackendReport;
import io.logpipeline.api.v1alpha1.BackendStatus;
import java.time.Instant;
import java.util.List;

/**
 * One backend of one pipeline over every node's report: counts summed over the last 5 minutes, the newest error,
 * and on how many nodes the backend is unreachable (retrying for over {@link AgentContract#UNREACHABLE_AFTER}) or
 * rejecting (the last error was permanent).
 */
public record BackendDelivery(String name, long sent, long failed, long dropped, String lastError, String lastErrorTime,
        String lastErrorNode, int unreachableNodes, int rejectingNodes) {

    /** One node's report of a backend. */
    public record NodeBackend(String node, BackendReport report) {
    }

    public static BackendDelivery of(String name, List<NodeBackend> nodes, Instant now) {
        long sent = 0;
        long failed = 0;
        long dropped = 0;
        int unreachable = 0;
        int rejecting = 0;
        NodeBackend newest = null;
        Instant newestAt = Instant.MIN;
        for (NodeBackend node : nodes) {
            BackendReport report = node.report();
            sent += report.sent();
            failed += report.failed();
            dropped += report.dropped();
            boolean retryingTooLong = AgentReports.instant(report.retryingSince())
                    .map(since -> since.plus(AgentContract.UNREACHABLE_AFTER).isBefore(now)).orElse(false);
            if (retryingTooLong) {
                unreachable++;
            } else if (report.lastErrorPermanent()) {
                rejecting++;
            }
            if (report.lastError() != null) {
                Instant at = AgentReports.instant(report.lastErrorTime()).orElse(Instant.MIN.plusSeconds(1));
                if (newest == null || at.isAfter(newestAt)) {
                    newest = node;
                    newestAt = at;
                }
            }
        }
        return new BackendDelivery(name, sent, failed, dropped,
                newest == null ? null : newest.report().lastError(),
                newest == null ? null : newest.report().lastErrorTime(),
                newest == null ? null : newest.node(), unreachable, rejecting);
    }

    public BackendStatus toStatus() {
        return new BackendStatus(name, sent, failed, dropped, lastError, lastErrorTime);
    }

    /** "last error: HTTP 401 Unauthorized (node worker-1, 2026-…)" or "" when none. */
    public String lastErrorSentence() {
        return lastError == null ? "" : "; last error: " + lastError + " (node " + lastErrorNode
                + (lastErrorTime == null ? "" : ", " + lastErrorTime) + ")";
    }
}
