package io.logpipeline.operator.status;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.logpipeline.api.agent.AgentContract;
import io.logpipeline.api.agent.AgentReport;
import io.logpipeline.api.agent.AgentReport.PipelineReport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The node agents' reports as one reconciler sees them, parsed once per ConfigMap version, and which pipelines a new
 * version concerns. Measured at 1,000 pipelines (docs/benchmarks.md): every report names every pipeline, so parsing
 * all reports in every reconcile, and reconciling every pipeline on every report write (each node writes every
 * {@link AgentContract#REPORT_INTERVAL}), kept two cores busy with nothing changing.
 */
public final class AgentReportCache {

    /** One report ConfigMap version, parsed (empty when unreadable). */
    private record Parsed(String resourceVersion, Optional<AgentReport> report) {
    }

    private final Map<String, Parsed> parsed = new ConcurrentHashMap<>();
    /** Per report ConfigMap, the report {@link #changedEntries} last compared against. */
    private final Map<String, AgentReport> lastMapped = new ConcurrentHashMap<>();

    /** The report this ConfigMap version holds; parsed on first sight of the version. */
    public Optional<AgentReport> report(ConfigMap configMap) {
        String name = configMap.getMetadata().getName();
        String version = configMap.getMetadata().getResourceVersion();
        Parsed cached = parsed.get(name);
        if (cached != null && version != null && version.equals(cached.resourceVersion())) {
            return cached.report();
        }
        Optional<AgentReport> report = AgentReports.parse(configMap);
        parsed.put(name, new Parsed(version, report));
        return report;
    }

    /** The reports written within {@link AgentReports#STALE_AFTER} of {@code now}; an unreadable one is skipped. */
    public List<AgentReport> fresh(Collection<ConfigMap> configMaps, Instant now) {
        List<AgentReport> fresh = new ArrayList<>();
        for (ConfigMap configMap : configMaps) {
            report(configMap).filter(report -> !AgentReports.isStale(report, now)).ifPresent(fresh::add);
        }
        return fresh;
    }

    /**
     * The pipeline entries a new version of a report ConfigMap adds, changes or drops, compared with the version this
     * method saw last: what an event source maps to reconciles. A heartbeat that repeats every entry concerns none,
     * except entries with a backend retrying (whether it counts as unreachable depends on the time) and all of them
     * when the node's previous report had gone stale. Call from one event source only: each call moves the baseline.
     */
    public List<PipelineReport> changedEntries(ConfigMap configMap, Instant now) {
        Optional<AgentReport> current = report(configMap);
        if (current.isEmpty()) {
            return List.of();
        }
        AgentReport previous = lastMapped.put(configMap.getMetadata().getName(), current.get());
        boolean everyEntry = previous == null || AgentReports.isStale(previous, now)
                || !Objects.equals(previous.node(), current.get().node());
        Map<String, PipelineReport> before = new HashMap<>();
        if (previous != null) {
            previous.pipelines().forEach(entry -> before.put(key(entry), entry));
        }
        List<PipelineReport> changed = new ArrayList<>();
        for (PipelineReport entry : current.get().pipelines()) {
            PipelineReport old = before.remove(key(entry));
            if (everyEntry || !entry.equals(old) || retrying(entry)) {
                changed.add(entry);
            }
        }
        changed.addAll(before.values()); // no longer reported
        return changed;
    }

    private static String key(PipelineReport entry) {
        return AgentContract.pipelineKey(entry.namespace(), entry.name());
    }

    private static boolean retrying(PipelineReport entry) {
        return entry.backends().stream().anyMatch(backend -> backend.retryingSince() != null);
    }
}
