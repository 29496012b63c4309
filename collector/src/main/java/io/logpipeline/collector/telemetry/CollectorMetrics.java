package io.logpipeline.collector.telemetry;

import io.logpipeline.collector.input.FileInputStats;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongHistogram;
import io.opentelemetry.api.metrics.LongUpDownCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.exporter.prometheus.PrometheusMetricReader;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.resources.Resource;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.ArrayList;
import java.util.List;

/**
 * The collector's own metrics, named as the OpenTelemetry Collector names them so its dashboards work.
 *
 * <p>One instance per process, built for one pipeline; every series carries {@code pipeline}, and the
 * exporter series also {@code backend}. Stages call it directly:
 * <ul>
 *   <li>file input: {@link #receiverAccepted(long)} for records handed on, {@link #receiverRefused(long)}
 *       for records it could not hand on (e.g. over the size cap and dropped), {@link #fileOpened()} /
 *       {@link #fileClosed()} around each open file;</li>
 *   <li>batch: {@link #batchSent(long)} with the record count of every batch it emits;</li>
 *   <li>export: {@link #backend(String)} gives the per-backend counters and queue gauges.</li>
 * </ul>
 * All methods are thread-safe and cheap (an atomic add); they never block.
 * Rendered by {@link TelemetryServer} on {@code /metrics} through the OpenTelemetry Prometheus
 * exporter: counters get the {@code _total} suffix there, so instruments are named without it.
 */
public final class CollectorMetrics implements AutoCloseable {

    static final AttributeKey<String> PIPELINE = AttributeKey.stringKey("pipeline");
    static final AttributeKey<String> BACKEND = AttributeKey.stringKey("backend");
    static final AttributeKey<String> REASON = AttributeKey.stringKey("reason");

    // The OpenTelemetry Collector's own buckets for otelcol_processor_batch_batch_send_size.
    private static final List<Long> BATCH_SIZE_BUCKETS = List.of(10L, 25L, 50L, 75L, 100L, 250L, 500L, 750L, 1000L,
            2000L, 3000L, 4000L, 5000L, 6000L, 7000L, 8000L, 9000L, 10000L, 20000L, 30000L, 50000L, 100000L);

    private final String pipeline;
    private final Attributes pipelineAttributes;
    private final SdkMeterProvider meterProvider;
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Meter meter;
    private final LongCounter receiverAccepted;
    private final LongCounter receiverRefused;
    private final LongHistogram batchSendSize;
    private final LongUpDownCounter openFiles;
    private final LongCounter exporterSent;
    private final LongCounter exporterSendFailed;
    private final LongCounter exporterEnqueueFailed;

    public CollectorMetrics(String pipeline) {
        this.pipeline = pipeline;
        this.pipelineAttributes = Attributes.of(PIPELINE, pipeline);
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
        // series exist at 0 from the start, so rate() and "> 0" alerts work before the first event
        receiverAccepted.add(0, pipelineAttributes);
        receiverRefused.add(0, pipelineAttributes);
        openFiles.add(0, pipelineAttributes);
    }

    public void receiverAccepted(long records) {
        receiverAccepted.add(records, pipelineAttributes);
    }

    public void receiverRefused(long records) {
        receiverRefused.add(records, pipelineAttributes);
    }

    public void batchSent(long records) {
        batchSendSize.record(records, pipelineAttributes);
    }

    public void fileOpened() {
        openFiles.add(1, pipelineAttributes);
    }

    public void fileClosed() {
        openFiles.add(-1, pipelineAttributes);
    }

    /**
     * Exports the file input's lost bytes as {@code logpipeline_input_lost_bytes_total{pipeline, reason}}:
     * bytes written to a log file that could not be read before it was truncated or removed. Bytes, since
     * content that is gone cannot be split into lines any more.
     */
    public void observeInputLosses(FileInputStats stats) {
        List<Attributes> byReason = new ArrayList<>();
        for (FileInputStats.LossReason reason : FileInputStats.LossReason.values()) {
            byReason.add(Attributes.of(PIPELINE, pipeline, REASON, reason.label()));
        }
        meter.counterBuilder("logpipeline_input_lost_bytes").setUnit("By")
                .setDescription("Bytes written to log files that could not be read before the file was truncated or removed.")
                .buildWithCallback(measurement -> {
                    for (FileInputStats.LossReason reason : FileInputStats.LossReason.values()) {
                        measurement.record(stats.lostBytes(reason), byReason.get(reason.ordinal()));
                    }
                });
    }

    /** The metrics of one backend; call once per backend. */
    public ExporterMetrics backend(String backend) {
        Attributes attributes = Attributes.of(PIPELINE, pipeline, BACKEND, backend);
        return new ExporterMetrics(meter, attributes, exporterSent, exporterSendFailed, exporterEnqueueFailed);
    }

    PrometheusRegistry registry() {
        return registry;
    }

    @Override
    public void close() {
        meterProvider.close();
    }
}
