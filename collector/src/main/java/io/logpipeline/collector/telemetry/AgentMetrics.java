package io.logpipeline.collector.telemetry;

import io.logpipeline.collector.input.discovery.SharedFileDiscovery;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongCounterBuilder;
import io.opentelemetry.api.metrics.LongHistogram;
import io.opentelemetry.api.metrics.LongUpDownCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.exporter.prometheus.PrometheusMetricReader;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.resources.Resource;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The agent's one metrics registry, shared by every pipeline it hosts: the instruments are built once
 * with the OpenTelemetry Collector's names, and each pipeline reports through its own
 * {@link CollectorMetrics} view, which adds the {@code pipeline="<namespace>/<name>"} label (plus the
 * collector's own {@code receiver="filelog"} and {@code exporter="otlphttp/<backend>"}). A reloaded
 * pipeline gets the same view back, so its counters continue across the reload.
 *
 * <p>Rendered by {@link TelemetryServer} on {@code /metrics} through the OpenTelemetry Prometheus
 * exporter: counters get the {@code _total} suffix there, so instruments are named without it.
 */
public final class AgentMetrics implements AutoCloseable {

    static final AttributeKey<String> PIPELINE = AttributeKey.stringKey("pipeline");
    /** The OpenTelemetry Collector's label for an exporter instance: {@code otlphttp/<backend>}. */
    static final AttributeKey<String> EXPORTER = AttributeKey.stringKey("exporter");
    /** The OpenTelemetry Collector's label for a receiver instance: {@code filelog}. */
    static final AttributeKey<String> RECEIVER = AttributeKey.stringKey("receiver");
    static final AttributeKey<String> REASON = AttributeKey.stringKey("reason");
    /** The OpenTelemetry Collector's label for a processor instance: {@code filter/<index>}. */
    static final AttributeKey<String> PROCESSOR = AttributeKey.stringKey("processor");
    static final AttributeKey<String> PARSER = AttributeKey.stringKey("parser");
    static final AttributeKey<String> ON_ERROR = AttributeKey.stringKey("on_error");
    static final AttributeKey<String> RULE = AttributeKey.stringKey("rule");

    // The OpenTelemetry Collector's own buckets for otelcol_processor_batch_batch_send_size.
    private static final List<Long> BATCH_SIZE_BUCKETS = List.of(10L, 25L, 50L, 75L, 100L, 250L, 500L, 750L, 1000L,
            2000L, 3000L, 4000L, 5000L, 6000L, 7000L, 8000L, 9000L, 10000L, 20000L, 30000L, 50000L, 100000L);

    private final SdkMeterProvider meterProvider;
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Clock clock;
    private final Map<String, CollectorMetrics> pipelines = new ConcurrentHashMap<>();
    final LongCounter receiverAccepted;
    final LongCounter receiverRefused;
    final LongHistogram batchSendSize;
    final LongUpDownCounter openFiles;
    final LongCounter exporterSent;
    final LongCounter exporterSendFailed;
    final LongCounter exporterEnqueueFailed;
    final LongCounter dropped;
    final LongCounter lostBytes;
    final Map<StageCounter, LongCounter> stageCounters = new EnumMap<>(StageCounter.class);
    final LongCounter parserFailed;
    final LongCounter filterDropped;
    private final Meter meter;

    public AgentMetrics() {
        this(Clock.systemUTC());
    }

    /** @param clock the time of a backend's last error and outage start, as reports show them */
    public AgentMetrics(Clock clock) {
        this.clock = clock;
        PrometheusMetricReader reader = PrometheusMetricReader.builder().setOtelScopeLabelsEnabled(false).build();
        registry.register(reader);
        meterProvider = SdkMeterProvider.builder()
                .setResource(Resource.getDefault().merge(Resource.create(
                        Attributes.of(AttributeKey.stringKey("service.name"), "logpipeline-collector"))))
                .registerMetricReader(reader)
                .build();
        meter = meterProvider.get("io.logpipeline.collector");
        receiverAccepted = meter.counterBuilder("otelcol_receiver_accepted_log_records")
                .setDescription("Log records the file input read and handed to the pipeline.").build();
        receiverRefused = meter.counterBuilder("otelcol_receiver_refused_log_records")
                .setDescription("Log records the file input could not hand to the pipeline.").build();
        batchSendSize = meter.histogramBuilder("otelcol_processor_batch_batch_send_size")
                .setDescription("Number of log records in each batch sent.").ofLongs()
                .setExplicitBucketBoundariesAdvice(BATCH_SIZE_BUCKETS).build();
        openFiles = meter.upDownCounterBuilder("otelcol_fileconsumer_open_files")
                .setDescription("Files the file input has open.").build();
        exporterSent = meter.counterBuilder("otelcol_exporter_sent_log_records")
                .setDescription("Log records a backend accepted.").build();
        exporterSendFailed = meter.counterBuilder("otelcol_exporter_send_failed_log_records")
                .setDescription("Log records a backend rejected or that could not be delivered before giving up.").build();
        exporterEnqueueFailed = meter.counterBuilder("otelcol_exporter_enqueue_failed_log_records")
                .setDescription("Log records dropped because a dropNewest queue was full.").build();
        dropped = meter.counterBuilder("logpipeline_dropped_log_records")
                .setDescription("Log records read but not delivered to a backend, by reason.").build();
        lostBytes = meter.counterBuilder("logpipeline_input_lost_bytes").setUnit("By")
                .setDescription("Bytes written to log files that could not be read before the file was truncated or removed.").build();
        for (StageCounter counter : StageCounter.values()) {
            LongCounterBuilder builder = meter.counterBuilder(counter.metric()).setDescription(counter.description());
            stageCounters.put(counter, (counter.unit().isEmpty() ? builder : builder.setUnit(counter.unit())).build());
        }
        parserFailed = meter.counterBuilder("logpipeline_parser_failed_log_records")
                .setDescription("Records a parser could not parse, by parser and what its onError did with them (send, drop).").build();
        filterDropped = meter.counterBuilder("otelcol_processor_filter_logs_filtered")
                .setDescription("Records a filter processor dropped, by processor and rule.").build();
        // one callback per gauge for every pipeline and backend: a reloaded pipeline's queue replaces the old one
        meter.gaugeBuilder("otelcol_exporter_queue_size").setDescription("Batches waiting in the backend's queue.")
                .ofLongs().buildWithCallback(measurement -> backends().forEach(backend -> backend.observeQueueSize(measurement)));
        meter.gaugeBuilder("otelcol_exporter_queue_capacity").setDescription("Batches the backend's queue holds.")
                .ofLongs().buildWithCallback(measurement -> backends().forEach(backend -> backend.observeQueueCapacity(measurement)));
        meter.gaugeBuilder("logpipeline_exporter_queue_bytes")
                .setDescription("Bytes of request bodies the backend's queue holds, waiting or being sent.")
                .ofLongs().buildWithCallback(measurement -> backends().forEach(backend -> backend.observeQueueBytes(measurement)));
        meter.gaugeBuilder("logpipeline_exporter_queue_capacity_bytes").setDescription("queue.maxBytes of the backend.")
                .ofLongs().buildWithCallback(measurement -> backends().forEach(backend -> backend.observeQueueCapacityBytes(measurement)));
        meter.gaugeBuilder("logpipeline_pipeline_memory_used_bytes")
                .setDescription("Bytes the pipeline holds of records read and not yet delivered: open batches and export queues.")
                .ofLongs().buildWithCallback(measurement -> pipelines.values().forEach(view -> view.observeMemoryUsed(measurement)));
        meter.gaugeBuilder("logpipeline_pipeline_memory_limit_bytes")
                .setDescription("The pipeline's memory budget: its share of the agent's buffer memory.")
                .ofLongs().buildWithCallback(measurement -> pipelines.values().forEach(view -> view.observeMemoryLimit(measurement)));
        jvmAndProcessMetrics(registry);
    }

    /**
     * The JVM's and the process's own metrics, as the Prometheus Java client names them: {@code process_cpu_seconds_total},
     * {@code process_resident_memory_bytes}, {@code jvm_memory_used_bytes} / {@code jvm_memory_max_bytes} by area and
     * pool, {@code jvm_gc_collection_seconds}, threads, classes, buffer pools. Registered once per registry.
     */
    private static void jvmAndProcessMetrics(PrometheusRegistry registry) {
        JvmMetrics.builder().register(registry);
    }

    /**
     * The agent's file discovery, shared by every pipeline, on {@code /metrics} without a pipeline label: its walks,
     * the directory-entry events and overflows of its watch, the directories it watches. Called once.
     */
    public void observeFileDiscovery(SharedFileDiscovery discovery) {
        meter.counterBuilder("logpipeline_discovery_walks")
                .setDescription("Walks of the log directories; one walk serves every pipeline that asks while it is current.")
                .buildWithCallback(measurement -> measurement.record(discovery.walks()));
        meter.counterBuilder("logpipeline_discovery_watch_events")
                .setDescription("Batches of directory entry events (created, deleted, renamed) the directory watch took.")
                .buildWithCallback(measurement -> measurement.record(discovery.watchEvents()));
        meter.counterBuilder("logpipeline_discovery_watch_overflows")
                .setDescription("Times the directory watch lost events (the kernel's queue overflowed); each is answered by a walk.")
                .buildWithCallback(measurement -> measurement.record(discovery.watchOverflows()));
        meter.counterBuilder("logpipeline_discovery_watched_directories")
                .setDescription("Directories registered with the directory watch (a directory created again counts again).")
                .buildWithCallback(measurement -> measurement.record(discovery.watchRegistrations()));
    }

    /** The view of the pipeline {@code <namespace>/<name>}; the same object for the same key until {@link #remove}. */
    public CollectorMetrics pipeline(String key) {
        return pipelines.computeIfAbsent(key, k -> new CollectorMetrics(this, k));
    }

    /** Forgets a removed pipeline: its queue gauges disappear (counters keep their last value, as Prometheus expects). */
    public void remove(String key) {
        pipelines.remove(key);
    }

    Clock clock() {
        return clock;
    }

    private List<ExporterMetrics> backends() {
        Collection<CollectorMetrics> views = pipelines.values();
        return views.stream().flatMap(view -> view.backends().stream()).toList();
    }

    PrometheusRegistry registry() {
        return registry;
    }

    @Override
    public void close() {
        meterProvider.close();
    }
}
