package io.logpipeline.collector.agent;

import io.logpipeline.api.agent.AgentContract;
import io.logpipeline.api.agent.AgentReport;
import io.logpipeline.collector.agent.PipelineHost.PipelineState;
import io.logpipeline.collector.lifecycle.Component;
import io.logpipeline.collector.lifecycle.Deadline;
import io.logpipeline.collector.telemetry.CollectorMetrics;
import io.logpipeline.collector.telemetry.DropReason;
import io.logpipeline.collector.telemetry.ExporterMetrics;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Tells the operator what this node runs and delivers (DESIGN §3): builds an {@link AgentReport} from the
 * host's pipelines and their counters, and writes it at most every {@link AgentContract#REPORT_INTERVAL},
 * plus at once when a state changes (a pipeline started, was rejected or removed; a backend started or
 * stopped failing) — the way a kubelet heartbeats. Counts are over the last {@link AgentContract#COUNT_WINDOW}.
 */
public final class AgentReporter implements Component {

    private static final System.Logger LOG = System.getLogger(AgentReporter.class.getName());
    /** How often the state is compared with the last report's; a state change is written within this. */
    private static final long TICK_MILLIS = 1000;

    /** Where reports go. */
    public interface ReportWriter {
        /** Writes the report; throws when it cannot (the next tick tries again). */
        void write(AgentReport report);
    }

    private final String node;
    private final Clock clock;
    private final ReportWriter writer;
    private final CountWindow window = new CountWindow(AgentContract.COUNT_WINDOW);
    private final ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "agent-report");
        thread.setDaemon(true);
        return thread;
    });
    private Supplier<List<PipelineState>> states = List::of;
    private Instant lastWrite;
    private List<Object> lastState;
    private boolean failing;
    private volatile boolean changed;

    public AgentReporter(String node, Clock clock, ReportWriter writer) {
        this.node = node;
        this.clock = clock;
        this.writer = writer;
    }

    /** Where the pipelines' states come from (the host, built after this reporter). */
    public void report(Supplier<List<PipelineState>> states) {
        this.states = states;
    }

    /** Starts the ticks; the first writes the first report. */
    @Override
    public void start() {
        ticks.scheduleWithFixedDelay(this::tick, 0, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** A pipeline started, stopped or was rejected: report at the next tick rather than at the interval. */
    public void stateChanged() {
        changed = true;
    }

    /** Stops the ticks; the last report written stands until the next agent on this node writes its own. */
    @Override
    public void stop(Deadline deadline) {
        ticks.shutdownNow();
        try {
            ticks.awaitTermination(deadline.nanosLeft(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    synchronized void tick() {
        try {
            Instant now = clock.instant();
            List<PipelineState> current = states.get();
            AgentReport report = build(current, now);
            List<Object> state = state(current);
            boolean due = lastWrite == null || !now.isBefore(lastWrite.plus(AgentContract.REPORT_INTERVAL));
            if (!due && !changed && state.equals(lastState)) {
                return;
            }
            changed = false;
            writer.write(report);
            lastWrite = now;
            lastState = state;
            if (failing) {
                failing = false;
                LOG.log(System.Logger.Level.INFO, "event=report_written target=\"{0}\" after=failures", writer);
            }
        } catch (RuntimeException e) {
            if (!failing) {
                failing = true;
                LOG.log(System.Logger.Level.WARNING, "event=report_failed target=\"{0}\" error=\"{1}\" action=retry",
                        writer, e.getMessage());
            }
        }
    }

    /** The report as of {@code now}. */
    synchronized AgentReport build(List<PipelineState> pipelines, Instant now) {
        List<AgentReport.PipelineReport> reports = new ArrayList<>();
        Set<String> counters = new HashSet<>();
        for (PipelineState pipeline : pipelines) {
            CollectorMetrics metrics = pipeline.metrics();
            String key = AgentContract.pipelineKey(pipeline.namespace(), pipeline.name());
            Map<String, Long> dropped = new TreeMap<>();
            Map<String, Long> lostBytes = new TreeMap<>();
            List<AgentReport.BackendReport> backends = new ArrayList<>();
            if (metrics != null) {
                windowed(key + "|dropped|", metrics.droppedTotals(), now, counters, dropped);
                windowed(key + "|lost|", metrics.lostBytesTotals(), now, counters, lostBytes);
                for (ExporterMetrics backend : metrics.backends()) {
                    backends.add(backend(key, backend, now, counters));
                }
            }
            // filtering is what the user asked for: reported apart, so it never reads as a delivery problem
            Long filtered = dropped.remove(DropReason.FILTERED.label());
            reports.add(new AgentReport.PipelineReport(pipeline.namespace(), pipeline.name(), pipeline.runningConfigHash(),
                    pipeline.rejectedConfigHash(), pipeline.rejectedMessage(), dropped, backends, filtered == null ? 0 : filtered,
                    lostBytes));
        }
        window.retain(counters);
        return new AgentReport(node, now.toString(), reports);
    }

    /** Each total's count over the window, into {@code into} when not 0; the counters' names go into {@code counters}. */
    private void windowed(String prefix, Map<String, Long> totals, Instant now, Set<String> counters, Map<String, Long> into) {
        totals.forEach((reason, total) -> {
            String counter = prefix + reason;
            counters.add(counter);
            long count = window.count(counter, total, now);
            if (count > 0) {
                into.put(reason, count);
            }
        });
    }

    private AgentReport.BackendReport backend(String key, ExporterMetrics backend, Instant now, Set<String> counters) {
        String prefix = key + "|" + backend.name() + "|";
        counters.add(prefix + "sent");
        counters.add(prefix + "failed");
        counters.add(prefix + "dropped");
        ExporterMetrics.BackendError error = backend.lastError();
        Instant retryingSince = backend.retryingSince();
        return new AgentReport.BackendReport(backend.name(),
                window.count(prefix + "sent", backend.sentTotal(), now),
                window.count(prefix + "failed", backend.failedTotal(), now),
                window.count(prefix + "dropped", backend.droppedTotal(), now),
                error == null ? null : error.message(), error == null ? null : error.at().toString(),
                backend.rejecting(), retryingSince == null ? null : retryingSince.toString());
    }

    /** What makes a report urgent when it changes: configurations run or refused, and backends failing or not. */
    private static List<Object> state(List<PipelineState> pipelines) {
        List<Object> state = new ArrayList<>();
        for (PipelineState pipeline : pipelines) {
            state.add(List.of(pipeline.namespace(), pipeline.name(), String.valueOf(pipeline.runningConfigHash()),
                    String.valueOf(pipeline.rejectedConfigHash())));
            if (pipeline.metrics() != null) {
                for (ExporterMetrics backend : pipeline.metrics().backends()) {
                    state.add(List.of(backend.name(), backend.retryingSince() != null, backend.rejecting()));
                }
            }
        }
        return state;
    }
}
