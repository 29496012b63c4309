package io.logpipeline.operator.status;

import io.logpipeline.api.agent.AgentContract;
import io.logpipeline.api.agent.AgentReport;
import io.logpipeline.api.agent.AgentReport.PipelineReport;
import io.logpipeline.operator.status.BackendDelivery.NodeBackend;
import io.logpipeline.operator.status.Conditions.Reasons;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** A LogBackend's Reachable condition, from the node agents' reports of every pipeline in its namespace that sends to it. */
public final class BackendHealth {

    private BackendHealth() {
    }

    public static void apply(ConditionList conditions, String namespace, String name, List<AgentReport> reports, Instant now) {
        Map<String, List<NodeBackend>> byPipeline = new TreeMap<>();
        for (AgentReport report : reports) {
            for (PipelineReport pipeline : report.pipelines()) {
                if (!Objects.equals(pipeline.namespace(), namespace)) {
                    continue;
                }
                pipeline.backends().stream().filter(b -> name.equals(b.name())).forEach(b -> byPipeline
                        .computeIfAbsent(pipeline.name(), p -> new ArrayList<>()).add(new NodeBackend(report.node(), b)));
            }
        }
        if (byPipeline.isEmpty()) {
            conditions.set(Conditions.REACHABLE, Conditions.UNKNOWN, Reasons.NO_REPORTS,
                    "No node agent has reported sending to this backend yet.");
            return;
        }
        List<BackendDelivery> deliveries = new ArrayList<>();
        List<String> unreachable = new ArrayList<>();
        List<String> rejecting = new ArrayList<>();
        byPipeline.forEach((pipeline, nodes) -> {
            BackendDelivery delivery = BackendDelivery.of(name, nodes, now);
            deliveries.add(delivery);
            if (delivery.unreachableNodes() > 0) {
                unreachable.add(pipeline);
            } else if (delivery.rejectingNodes() > 0) {
                rejecting.add(pipeline);
            }
        });
        BackendDelivery all = BackendDelivery.of(name, byPipeline.values().stream().flatMap(List::stream).toList(), now);
        if (!unreachable.isEmpty()) {
            conditions.set(Conditions.REACHABLE, Conditions.FALSE, Reasons.BACKEND_UNREACHABLE, "Unreachable for over "
                    + AgentContract.UNREACHABLE_AFTER.toSeconds() + "s from " + all.unreachableNodes() + " node(s), for LogPipeline "
                    + String.join(", ", unreachable) + all.lastErrorSentence());
        } else if (!rejecting.isEmpty()) {
            conditions.set(Conditions.REACHABLE, Conditions.FALSE, Reasons.BACKEND_REJECTING, "Rejects records from " + all.rejectingNodes()
                    + " node(s), for LogPipeline " + String.join(", ", rejecting) + all.lastErrorSentence());
        } else {
            conditions.set(Conditions.REACHABLE, Conditions.TRUE, Reasons.REACHABLE, "Accepted " + all.sent() + " record(s) in the last "
                    + AgentContract.COUNT_WINDOW.toMinutes() + "m for LogPipeline " + String.join(", ", byPipeline.keySet()) + ".");
        }
    }
}
