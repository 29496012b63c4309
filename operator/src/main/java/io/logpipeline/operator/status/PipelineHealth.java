package io.logpipeline.operator.status;

import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.logpipeline.api.agent.AgentContract;
import io.logpipeline.api.agent.AgentReport;
import io.logpipeline.api.agent.AgentReport.PipelineReport;
import io.logpipeline.api.v1alpha1.BackendStatus;
import io.logpipeline.api.v1alpha1.CollectorsStatus;
import io.logpipeline.operator.status.BackendDelivery.NodeBackend;
import io.logpipeline.operator.status.Conditions.Reasons;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A LogPipeline's CollectorReady and Delivering conditions, its agent counts and its per-backend counts, from the
 * agent DaemonSet's status and the node agents' reports (DESIGN §3 "Status from the agents").
 */
public final class PipelineHealth {

    /** What status.collectors and status.backends show. */
    /**
     * @param recheckAfter when a backend that agents report retrying will have retried for
     *     {@link AgentContract#UNREACHABLE_AFTER}: the reconcile to run then, so {@code BackendUnreachable} shows on
     *     time rather than with the next report (up to {@link AgentContract#REPORT_INTERVAL} later)
     */
    public record Outcome(CollectorsStatus collectors, List<BackendStatus> backends, Optional<java.time.Duration> recheckAfter) {
    }

    /** One node's report of this pipeline. */
    record NodePipeline(String node, PipelineReport report) {
    }

    private PipelineHealth() {
    }

    /**
     * Sets CollectorReady and Delivering on {@code conditions}.
     *
     * @param configHash the configuration the agents should run; null when none was ever rendered
     * @param backendNames the pipeline's backendRefs, in order
     */
    public static Outcome apply(ConditionList conditions, String namespace, String name, String configHash, List<String> backendNames,
            Optional<DaemonSet> daemonSet, List<AgentReport> reports, Instant now) {
        List<NodePipeline> nodes = new ArrayList<>();
        for (AgentReport report : reports) {
            report.pipelines().stream()
                    .filter(p -> Objects.equals(p.namespace(), namespace) && Objects.equals(p.name(), name))
                    .findFirst()
                    .ifPresent(p -> nodes.add(new NodePipeline(report.node(), p)));
        }
        CollectorsStatus collectors = collectorReady(conditions, configHash, daemonSet, nodes);
        List<BackendDelivery> backends = backendNames.stream().map(backend -> BackendDelivery.of(backend, nodes.stream()
                .flatMap(node -> node.report().backends().stream()
                        .filter(b -> backend.equals(b.name()))
                        .map(b -> new NodeBackend(node.node(), b)))
                .toList(), now)).toList();
        delivering(conditions, nodes, backends);
        return new Outcome(collectors, backends.stream().map(BackendDelivery::toStatus).toList(), unreachableThreshold(nodes, now));
    }

    /** How long until the first retrying backend, not yet unreachable, crosses the unreachable threshold. */
    private static Optional<java.time.Duration> unreachableThreshold(List<NodePipeline> nodes, Instant now) {
        return nodes.stream()
                .flatMap(node -> node.report().backends().stream())
                .flatMap(backend -> AgentReports.instant(backend.retryingSince()).stream())
                .map(since -> since.plus(AgentContract.UNREACHABLE_AFTER))
                .filter(threshold -> !threshold.isBefore(now))
                .min(Instant::compareTo)
                // one second past it: BackendDelivery counts a backend unreachable once strictly past the threshold
                .map(threshold -> java.time.Duration.between(now, threshold).plusSeconds(1));
    }

    private static CollectorsStatus collectorReady(ConditionList conditions, String configHash, Optional<DaemonSet> daemonSet,
            List<NodePipeline> nodes) {
        if (configHash == null) {
            conditions.set(Conditions.COLLECTOR_READY, Conditions.UNKNOWN, Reasons.NOT_RENDERED,
                    "No node agent has a configuration of this pipeline yet: it is compiled once the spec is accepted and its backends resolve.");
            return null;
        }
        Integer scheduled = daemonSet.map(DaemonSet::getStatus).map(s -> s.getDesiredNumberScheduled()).orElse(null);
        int running = (int) nodes.stream().filter(n -> n.report().runningConfigHash() != null).count();
        int updated = (int) nodes.stream().filter(n -> configHash.equals(n.report().runningConfigHash())).count();
        if (scheduled == null) {
            conditions.set(Conditions.COLLECTOR_READY, Conditions.UNKNOWN, Reasons.PENDING, "Waiting for the node-agent DaemonSet "
                    + AgentContract.DAEMONSET_NAME + " to be scheduled.");
            return null;
        }
        CollectorsStatus counts = CollectorsStatus.of(scheduled, running, updated);
        List<NodePipeline> rejected = nodes.stream().filter(n -> configHash.equals(n.report().rejectedConfigHash())).toList();
        if (scheduled == 0) {
            conditions.set(Conditions.COLLECTOR_READY, Conditions.FALSE, Reasons.NO_NODES, "No node runs a node agent: no schedulable node"
                    + " matches the chart values collector.nodeSelector and collector.tolerations.");
        } else if (!rejected.isEmpty()) {
            NodePipeline first = rejected.get(0);
            conditions.set(Conditions.COLLECTOR_READY, Conditions.FALSE, Reasons.CONFIG_REJECTED, "The node agent on " + first.node()
                    + (rejected.size() > 1 ? " (and " + (rejected.size() - 1) + " more)" : "") + " refused configuration " + configHash
                    + ": " + first.report().rejectedMessage());
        } else if (updated < scheduled) {
            conditions.set(Conditions.COLLECTOR_READY, Conditions.FALSE, Reasons.UPDATING, updated + "/" + scheduled
                    + " node agents run configuration " + configHash + "; " + (running - updated) + " run an older one.");
        } else {
            conditions.set(Conditions.COLLECTOR_READY, Conditions.TRUE, Reasons.RUNNING, updated + "/" + scheduled
                    + " node agents run configuration " + configHash + ".");
        }
        return counts;
    }

    private static void delivering(ConditionList conditions, List<NodePipeline> nodes, List<BackendDelivery> backends) {
        if (nodes.isEmpty()) {
            conditions.set(Conditions.DELIVERING, Conditions.UNKNOWN, Reasons.NO_REPORTS, "No node agent has reported on this pipeline yet.");
            return;
        }
        Optional<BackendDelivery> unreachable = backends.stream().filter(b -> b.unreachableNodes() > 0).findFirst();
        Optional<BackendDelivery> rejecting = backends.stream().filter(b -> b.rejectingNodes() > 0).findFirst();
        // A backend's failed and dropped records are also in the pipeline's droppedByReason (as rejected and
        // queue_full): they are counted once, per backend, with the backend's name.
        Map<String, Long> droppedByReason = sumOver(nodes, n -> n.report().droppedByReason());
        droppedByReason.keySet().removeAll(BACKEND_DROP_REASONS);
        Map<String, Long> lostBytesByReason = sumOver(nodes, n -> n.report().lostBytesByReason());
        long notDelivered = backends.stream().mapToLong(b -> b.failed() + b.dropped()).sum()
                + droppedByReason.values().stream().mapToLong(Long::longValue).sum();
        if (unreachable.isPresent()) {
            BackendDelivery b = unreachable.get();
            conditions.set(Conditions.DELIVERING, Conditions.FALSE, Reasons.BACKEND_UNREACHABLE, "LogBackend \"" + b.name()
                    + "\" has been unreachable for over " + AgentContract.UNREACHABLE_AFTER.toSeconds() + "s from " + b.unreachableNodes()
                    + " node(s); the agents retry and keep the records" + b.lastErrorSentence());
        } else if (rejecting.isPresent()) {
            BackendDelivery b = rejecting.get();
            conditions.set(Conditions.DELIVERING, Conditions.FALSE, Reasons.BACKEND_REJECTING, "LogBackend \"" + b.name()
                    + "\" rejects records on " + b.rejectingNodes() + " node(s); fix the backend's endpoint, headers or credentials"
                    + b.lastErrorSentence());
        } else if (notDelivered > 0 || !lostBytesByReason.isEmpty()) {
            List<String> parts = new ArrayList<>();
            backends.stream().filter(b -> b.failed() + b.dropped() > 0).forEach(b -> parts.add("LogBackend \"" + b.name() + "\" failed "
                    + b.failed() + ", dropped " + b.dropped() + b.lastErrorSentence()));
            droppedByReason.forEach((reason, count) -> parts.add(reason + " " + count));
            lostBytesByReason.forEach((reason, bytes) -> parts.add(bytes + " byte(s) of log files lost before they were read (" + reason + ")"));
            conditions.set(Conditions.DELIVERING, Conditions.FALSE, Reasons.RECORDS_DROPPED, notDelivered + " record(s) not delivered in the last "
                    + AgentContract.COUNT_WINDOW.toMinutes() + "m on " + nodes.size() + " node(s): " + String.join("; ", parts));
        } else {
            long sent = backends.stream().mapToLong(BackendDelivery::sent).sum();
            conditions.set(Conditions.DELIVERING, Conditions.TRUE, Reasons.DELIVERING, sent + " record(s) delivered in the last "
                    + AgentContract.COUNT_WINDOW.toMinutes() + "m on " + nodes.size() + " node(s), none failed or dropped.");
        }
    }

    /** Drop reasons the agents count per backend too (BackendReport.failed, .dropped). */
    private static final java.util.Set<String> BACKEND_DROP_REASONS = java.util.Set.of("rejected", "queue_full");

    private static Map<String, Long> sumOver(List<NodePipeline> nodes, java.util.function.Function<NodePipeline, Map<String, Long>> counts) {
        Map<String, Long> sum = new TreeMap<>();
        nodes.forEach(n -> counts.apply(n).forEach((reason, count) -> sum.merge(reason, count, Long::sum)));
        sum.values().removeIf(count -> count <= 0);
        return sum;
    }
}
