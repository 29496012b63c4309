package io.logpipeline.collector.input;

import io.logpipeline.collector.record.LogRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

/** A test consumer: keeps what it accepts, acknowledges what the test says, refuses while told to. */
final class CollectingSink implements RecordSink {

    private final List<LogRecord> records = new ArrayList<>();
    private final AtomicBoolean refusing = new AtomicBoolean();
    private final Predicate<LogRecord> acknowledgeWhen;
    private volatile int maxOpenFilesSeen;
    private volatile int capacity = Integer.MAX_VALUE;
    private FileInputStats stats;

    /** Acknowledges every record as soon as it is accepted. */
    CollectingSink() {
        this(record -> true);
    }

    /** Acknowledges on acceptance only the records {@code acknowledgeWhen} selects. */
    CollectingSink(Predicate<LogRecord> acknowledgeWhen) {
        this.acknowledgeWhen = acknowledgeWhen;
    }

    /** Watch the input's open-file count at every record. */
    void watch(FileInputStats inputStats) {
        this.stats = inputStats;
    }

    @Override
    public boolean offer(LogRecord record) {
        if (refusing.get() || size() >= capacity) {
            return false;
        }
        if (stats != null) {
            maxOpenFilesSeen = Math.max(maxOpenFilesSeen, stats.openFiles());
        }
        synchronized (records) {
            records.add(record);
        }
        if (acknowledgeWhen.test(record)) {
            record.acknowledgement().acknowledge();
        }
        return true;
    }

    void refuse(boolean refuse) {
        refusing.set(refuse);
    }

    /** Accepts records until it holds {@code records} of them, then refuses. */
    void capacity(int records) {
        capacity = records;
    }

    List<LogRecord> records() {
        synchronized (records) {
            return new ArrayList<>(records);
        }
    }

    List<String> bodies() {
        return records().stream().map(LogRecord::body).toList();
    }

    int size() {
        synchronized (records) {
            return records.size();
        }
    }

    int maxOpenFilesSeen() {
        return maxOpenFilesSeen;
    }
}
