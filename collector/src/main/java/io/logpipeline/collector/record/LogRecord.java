package io.logpipeline.collector.record;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One log record as it moves through the collector: file input, metadata, parsers, processors, then
 * into a batch, which keeps only its encoded form and acknowledgement ({@code batch.BatchBuilder}).
 *
 * <p>Mutable on purpose: each stage edits the record in place instead of copying it, because the
 * chain runs per line at hundreds of thousands of lines a second. A record belongs to one stage at
 * a time. Attribute values are String, Long, Double, Boolean, or nested {@code Map<String,Object>}
 * / {@code List<Object>} (from the json parser).
 */
public final class LogRecord {

    /** Attribute that carries the stream a line was written to: {@code stdout} or {@code stderr}. */
    public static final String ATTR_IOSTREAM = "log.iostream";
    /** Attribute that carries the source file, when the input is asked to add it. */
    public static final String ATTR_FILE_PATH = "log.file.path";

    private long timestampEpochNanos;
    private long observedEpochNanos;
    private String body;
    private int severityNumber;
    private String severityText;
    private final Map<String, Object> attributes = new LinkedHashMap<>(8);
    private ContainerResource resource;
    private Acknowledgement acknowledgement = Acknowledgement.NONE;

    public LogRecord() {
    }

    public LogRecord(long timestampEpochNanos, String body, ContainerResource resource) {
        this.timestampEpochNanos = timestampEpochNanos;
        this.body = body;
        this.resource = resource;
    }

    /** Time the line was written, from the CRI or docker prefix; 0 when unknown. */
    public long timestampEpochNanos() {
        return timestampEpochNanos;
    }

    public LogRecord timestampEpochNanos(long nanos) {
        this.timestampEpochNanos = nanos;
        return this;
    }

    /** Time the collector read the line. */
    public long observedEpochNanos() {
        return observedEpochNanos;
    }

    public LogRecord observedEpochNanos(long nanos) {
        this.observedEpochNanos = nanos;
        return this;
    }

    public String body() {
        return body;
    }

    public LogRecord body(String body) {
        this.body = body;
        return this;
    }

    /** OpenTelemetry severity number (1..24); 0 means unspecified. */
    public int severityNumber() {
        return severityNumber;
    }

    public LogRecord severityNumber(int severityNumber) {
        this.severityNumber = severityNumber;
        return this;
    }

    public String severityText() {
        return severityText;
    }

    public LogRecord severityText(String severityText) {
        this.severityText = severityText;
        return this;
    }

    /** The record's own attributes, editable in place. */
    public Map<String, Object> attributes() {
        return attributes;
    }

    public ContainerResource resource() {
        return resource;
    }

    public LogRecord resource(ContainerResource resource) {
        this.resource = resource;
        return this;
    }

    public Acknowledgement acknowledgement() {
        return acknowledgement;
    }

    public LogRecord acknowledgement(Acknowledgement acknowledgement) {
        this.acknowledgement = acknowledgement;
        return this;
    }

    @Override
    public String toString() {
        return "LogRecord{ts=" + timestampEpochNanos + ", severity=" + severityNumber + ", body=" + body
                + ", attributes=" + attributes + ", resource=" + resource + '}';
    }
}
