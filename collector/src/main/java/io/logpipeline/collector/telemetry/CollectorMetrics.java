package io.logpipeline.collector.telemetry;

import io.logpipeline.collector.input.FileInputStats;
import io.logpipeline.collector.memory.MemoryBudget;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.ObservableLongMeasurement;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * One pipeline's metrics, a view of the agent's {@link AgentMetrics} whose series all carry
 * {@code pipeline="<namespace>/<name>"}. Stages call it directly:
 * <ul>
 *   <li>file input: {@link #receiverAccepted(long)} for records handed on, {@link #receiverRefused(long)}
 *       for records it could not hand on, {@link #fileOpened()} / {@link #fileClosed()} around each open file;</li>
 *   <li>batch: {@link #batchSent(long)} with the record count of every batch it emits;</li>
 *   <li>export: {@link #backend(String)} gives the per-backend counters, queue gauges and delivery health;</li>
 *   <li>every record read and not delivered: {@link #dropped(DropReason, long)}.</li>
 * </ul>
 * All methods are thread-safe and cheap (an atomic add); they never block.
 */
public final class CollectorMetrics {

    private final AgentMetrics agent;
    private final String pipeline;
    private final Attributes pipelineAttributes;
    private final Attributes receiverAttributes;
    private final Map<String, ExporterMetrics> backends = new ConcurrentHashMap<>();
    private final Map<DropReason, LongAdder> droppedTotals = new ConcurrentHashMap<>();
    private final Map<DropReason, Attributes> droppedAttributes = new ConcurrentHashMap<>();
    private final Map<FileInputStats.LossReason, LongAdder> lostBytesTotals = new ConcurrentHashMap<>();
    private volatile MemoryBudget memory;

    CollectorMetrics(AgentMetrics agent, String pipeline) {
        this.agent = agent;
        this.pipeline = pipeline;
        this.pipelineAttributes = Attributes.of(AgentMetrics.PIPELINE, pipeline);
        this.receiverAttributes = Attributes.of(AgentMetrics.PIPELINE, pipeline, AgentMetrics.RECEIVER, "filelog");
        // series exist at 0 from the start, so rate() and "> 0" alerts work before the first event
        agent.receiverAccepted.add(0, receiverAttributes);
        agent.receiverRefused.add(0, receiverAttributes);
        agent.openFiles.add(0, pipelineAttributes);
    }

    /** {@code <namespace>/<name>}, the value of the {@code pipeline} label. */
    public String pipeline() {
        return pipeline;
    }

    public void receiverAccepted(long records) {
        agent.receiverAccepted.add(records, receiverAttributes);
    }

    public void receiverRefused(long records) {
        agent.receiverRefused.add(records, receiverAttributes);
    }

    public void batchSent(long records) {
        agent.batchSendSize.record(records, pipelineAttributes);
    }

    public void fileOpened() {
        agent.openFiles.add(1, pipelineAttributes);
    }

    public void fileClosed() {
        agent.openFiles.add(-1, pipelineAttributes);
    }

    /**
     * Bytes written to a log file that could not be read before it was truncated or removed, on
     * {@code logpipeline_input_lost_bytes_total{pipeline, reason}}. Bytes, since content that is gone cannot be
     * split into lines any more.
     */
    public void lostBytes(FileInputStats.LossReason reason, long bytes) {
        if (bytes > 0) {
            agent.lostBytes.add(bytes, Attributes.of(AgentMetrics.PIPELINE, pipeline, AgentMetrics.REASON, reason.label()));
            lostBytesTotals.computeIfAbsent(reason, r -> new LongAdder()).add(bytes);
        }
    }

    /** Bytes lost since the pipeline was first loaded, by reason label. */
    public Map<String, Long> lostBytesTotals() {
        Map<String, Long> totals = new TreeMap<>();
        lostBytesTotals.forEach((reason, count) -> totals.put(reason.label(), count.sum()));
        return totals;
    }

    /** Reports the pipeline's memory budget, used and limit, at each scrape; a reloaded pipeline's replaces the last. */
    public void observeMemory(MemoryBudget budget) {
        this.memory = budget;
    }

    void observeMemoryUsed(ObservableLongMeasurement measurement) {
        MemoryBudget budget = memory;
        if (budget != null) {
            measurement.record(budget.used(), pipelineAttributes);
        }
    }

    void observeMemoryLimit(ObservableLongMeasurement measurement) {
        MemoryBudget budget = memory;
        if (budget != null && budget.limit() != MemoryBudget.UNLIMITED) {
            measurement.record(budget.limit(), pipelineAttributes);
        }
    }

    /** Adds what a stage counted since the last call to its counter (see {@link StageCounter}). */
    public void add(StageCounter counter, long count) {
        if (count > 0) {
            agent.stageCounters.get(counter).add(count, pipelineAttributes);
        }
    }

    /**
     * Records a parser failed on, on {@code logpipeline_parser_failed_log_records{pipeline, parser, on_error}}.
     *
     * @param parser {@code <type>/<index>} of the parser in {@code input.parsers}, e.g. {@code regex/0}
     * @param dropped whether its {@code onError} dropped them ({@code drop}) or sent them on unchanged ({@code send})
     */
    public void parserFailed(String parser, boolean dropped, long records) {
        if (records > 0) {
            agent.parserFailed.add(records, Attributes.of(AgentMetrics.PIPELINE, pipeline, AgentMetrics.PARSER, parser,
                    AgentMetrics.ON_ERROR, dropped ? "drop" : "send"));
        }
    }

    /**
     * Records a filter rule dropped, on {@code otelcol_processor_filter_logs_filtered{pipeline, processor, rule}}.
     *
     * @param processor {@code filter/<index>} of the processor in {@code processors}
     * @param rule the rule's name, or its index in {@code drop} when it has none
     */
    public void filterDropped(String processor, String rule, long records) {
        if (records > 0) {
            agent.filterDropped.add(records, Attributes.of(AgentMetrics.PIPELINE, pipeline, AgentMetrics.PROCESSOR, processor,
                    AgentMetrics.RULE, rule));
        }
    }

    /** Records read that will not reach a backend, on {@code logpipeline_dropped_log_records{reason}} and in the status report. */
    public void dropped(DropReason reason, long records) {
        if (records <= 0) {
            return;
        }
        agent.dropped.add(records, droppedAttributes.computeIfAbsent(reason,
                r -> Attributes.of(AgentMetrics.PIPELINE, pipeline, AgentMetrics.REASON, r.label())));
        droppedTotals.computeIfAbsent(reason, r -> new LongAdder()).add(records);
    }

    /** Records dropped since the pipeline was first loaded, by reason label. */
    public Map<String, Long> droppedTotals() {
        Map<String, Long> totals = new TreeMap<>();
        droppedTotals.forEach((reason, count) -> totals.put(reason.label(), count.sum()));
        return totals;
    }

    /** The metrics of one backend; the same object for the same name, so a reload continues its counts. */
    public ExporterMetrics backend(String backend) {
        return backends.computeIfAbsent(backend, name -> new ExporterMetrics(this, agent,
                Attributes.of(AgentMetrics.PIPELINE, pipeline, AgentMetrics.EXPORTER, "otlphttp/" + name), name));
    }

    /** Every backend this pipeline has had, by name. */
    public List<ExporterMetrics> backends() {
        return List.copyOf(backends.values());
    }

    /** Forgets backends a reloaded configuration no longer has, so reports and gauges show only the current ones. */
    public void retainBackends(java.util.Set<String> names) {
        backends.keySet().retainAll(names);
    }
}
