package io.logpipeline.collector.input;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** Counters of the file input, updated by the input thread and read by the metrics export. */
public final class FileInputStats {

    private final LongAdder linesRead = new LongAdder();
    private final LongAdder bytesRead = new LongAdder();
    private final LongAdder recordsHandedOn = new LongAdder();
    private final LongAdder parseErrors = new LongAdder();
    private final LongAdder truncatedRecords = new LongAdder();
    private final LongAdder lostBytes = new LongAdder();
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
        return lostBytes.sum();
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

    public void lostBytes(long bytes) {
        lostBytes.add(bytes);
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
