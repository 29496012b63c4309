package io.logpipeline.collector.input;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of the file input, updated by the input thread; the pipeline moves them to {@code /metrics}
 * ({@code logpipeline_input_*}, {@code otelcol_fileconsumer_open_files}, {@code logpipeline_dropped_log_records{reason="truncated"}}).
 */
public final class FileInputStats {

    /** Why bytes written to a file were never read; the {@code reason} label on /metrics. */
    public enum LossReason {
        /** The file was truncated in place (copy-truncate) and no copy of its old content was found. */
        TRUNCATED("truncated"),
        /** The file was deleted, or rotated away beyond its rotations, before it was read. */
        REMOVED_BEFORE_READ("removed_before_read");

        private final String label;

        LossReason(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    private final LongAdder linesRead = new LongAdder();
    private final LongAdder bytesRead = new LongAdder();
    private final LongAdder recordsHandedOn = new LongAdder();
    private final LongAdder parseErrors = new LongAdder();
    private final LongAdder truncatedRecords = new LongAdder();
    private final LongAdder[] lostBytes = {new LongAdder(), new LongAdder()};
    private final AtomicInteger openFiles = new AtomicInteger();
    private final LongAdder directoryScans = new LongAdder();

    /** Lines read from files (before joining partials and multiline records). */
    public long linesRead() {
        return linesRead.sum();
    }

    /** Bytes consumed from files. */
    public long bytesRead() {
        return bytesRead.sum();
    }

    /** Records the sink accepted. */
    public long recordsHandedOn() {
        return recordsHandedOn.sum();
    }

    /** Lines that were not valid for the file's format (passed on raw) or bodies that were not valid UTF-8. */
    public long parseErrors() {
        return parseErrors.sum();
    }

    /** Records cut at maxLogSize. */
    public long truncatedRecords() {
        return truncatedRecords.sum();
    }

    /** Bytes that were written to a file but could not be read before it was truncated or deleted. */
    public long lostBytes() {
        return lostBytes[0].sum() + lostBytes[1].sum();
    }

    /** Bytes lost for one reason. */
    public long lostBytes(LossReason reason) {
        return lostBytes[reason.ordinal()].sum();
    }

    /** Files open right now. */
    public int openFiles() {
        return openFiles.get();
    }

    /** Walks of the include directories: one at start, then only when something may have changed. */
    public long directoryScans() {
        return directoryScans.sum();
    }

    /** Adds what one read turn of one file consumed. */
    public void addRead(long lines, long bytes) {
        linesRead.add(lines);
        bytesRead.add(bytes);
    }

    public void recordsHandedOn(long records) {
        recordsHandedOn.add(records);
    }

    public void parseError() {
        parseErrors.increment();
    }

    public void truncatedRecord() {
        truncatedRecords.increment();
    }

    public void lostBytes(LossReason reason, long bytes) {
        lostBytes[reason.ordinal()].add(bytes);
    }

    public void directoryScanned() {
        directoryScans.increment();
    }

    public void fileOpened() {
        openFiles.incrementAndGet();
    }

    public void fileClosed() {
        openFiles.decrementAndGet();
    }
}
