package io.logpipeline.collector.input;

import io.logpipeline.collector.input.checkpoint.CheckpointStore;
import io.logpipeline.collector.input.checkpoint.Fingerprint;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Checkpoint writing for one input: the committed offset (what every backend acknowledged) and fingerprint
 * of every file being read and of those read to their end lately, written atomically once a second when it
 * changed, at once when a file was found (so a crash before the next regular write still restarts from it),
 * and a last time at stop.
 */
final class CheckpointWriter {

    private static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final CheckpointStore store;
    private List<CheckpointStore.Entry> lastWritten = List.of();
    private long nextWriteNanos;

    CheckpointWriter(Path directory) {
        this.store = new CheckpointStore(directory);
    }

    /** The checkpoints of the last run; written back at once, which tells readiness whether the directory is writable. */
    List<CheckpointStore.Entry> load() {
        lastWritten = store.load();
        store.tryWrite(lastWritten);
        nextWriteNanos = System.nanoTime() + INTERVAL_NANOS;
        return lastWritten;
    }

    /** Why checkpoints cannot be written (naming the directory and the fix), or null when they can. */
    String problem() {
        return store.problem();
    }

    /** Makes the next {@link #writeIfDue} write at once. */
    void writeSoon() {
        nextWriteNanos = System.nanoTime();
    }

    /** Writes the files' checkpoints if a second passed and they changed (also retried unchanged while the write fails, so readiness sees it recover). */
    void writeIfDue(FileTracker tracker) {
        if (System.nanoTime() - nextWriteNanos < 0) {
            return;
        }
        List<CheckpointStore.Entry> entries = entries(tracker);
        if ((!entries.equals(lastWritten) || store.problem() != null) && store.tryWrite(entries)) {
            lastWritten = entries;
        }
        nextWriteNanos = System.nanoTime() + INTERVAL_NANOS;
    }

    /** Writes the files' checkpoints now. */
    void write(FileTracker tracker) {
        List<CheckpointStore.Entry> entries = entries(tracker);
        if (store.tryWrite(entries)) {
            lastWritten = entries;
        }
    }

    // The checkpoint of every file being read, then of those read to their end lately: what was acknowledged of it.
    private static List<CheckpointStore.Entry> entries(FileTracker tracker) {
        List<CheckpointStore.Entry> entries = new ArrayList<>(tracker.files().size());
        for (TrackedFile file : tracker.files()) {
            if (!file.finishing) {
                Fingerprint fingerprint = file.tailer.fingerprint();
                entries.add(new CheckpointStore.Entry(file.tailer.committedOffset(), fingerprint.length(),
                        fingerprint.hash(), file.tailer.path().toString()));
            }
        }
        entries.addAll(tracker.readToEndCheckpoints());
        return entries;
    }
}
