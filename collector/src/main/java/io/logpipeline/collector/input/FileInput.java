package io.logpipeline.collector.input;

import io.logpipeline.collector.input.checkpoint.CheckpointStore;
import io.logpipeline.collector.input.discovery.FileDiscovery;
import io.logpipeline.collector.input.tail.FileTailer;
import io.logpipeline.collector.input.tail.FileTailer.TurnResult;
import io.logpipeline.collector.input.tail.TailContext;

import java.io.IOException;
import java.time.Clock;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static java.lang.System.Logger.Level.WARNING;

/**
 * The file input: discovers log files, tails up to {@code maxConcurrentFiles} of them at a time on
 * one thread, hands records to the {@link RecordSink}, and checkpoints acknowledged offsets.
 *
 * <p>Files are known by fingerprint, not by path: a file renamed within the globs keeps its
 * offset, a renamed or deleted file that is open is read to its end through its handle, a file
 * truncated in place is read again from its start (what was not read before is counted as lost).
 *
 * <p>Open files are read at every poll. The directories are walked again only when walking could
 * find something new: an entry changed in a watched directory, a file is in transition (rotated
 * away, truncated, waiting for a slot, not identifiable yet), a read found a truncation, {@link
 * #rescan()} was called, or {@value #FULL_SCAN_INTERVAL_SECONDS} s passed since the last walk. With
 * 64 busy files the walk was most of the input's cost at a steady rate (docs/benchmarks.md).
 */
public final class FileInput implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(FileInput.class.getName());
    // Bytes one file may read per turn before the others get theirs.
    private static final long TURN_BUDGET_BYTES = 1024 * 1024;
    private static final long CHECKPOINT_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long BLOCKED_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    private static final long SHUTDOWN_DRAIN_NANOS = TimeUnit.SECONDS.toNanos(2);
    // A walk at least this often even when nothing asks for one: a safety net for changes that
    // directory notification does not report (e.g. a file system without inotify support).
    static final int FULL_SCAN_INTERVAL_SECONDS = 5;
    private static final long FULL_SCAN_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(FULL_SCAN_INTERVAL_SECONDS);
    // What a read cycle found: nothing to do until the next poll, more to read now, or a full sink.
    private static final int CYCLE_IDLE = 0;
    private static final int CYCLE_MORE = 1;
    private static final int CYCLE_BLOCKED = 2;

    private final FileInputSettings settings;
    private final FileInputStats stats = new FileInputStats();
    private final TailContext context;
    private final FileDiscovery discovery;
    private final CheckpointStore checkpointStore;
    private final FileTracker tracker;
    private List<CheckpointStore.Entry> lastWritten = List.of();
    private volatile boolean rescanRequested;
    private long nextCheckpointNanos;
    private volatile boolean running;
    private Thread thread;

    public FileInput(FileInputSettings settings, RecordSink sink, Clock clock) {
        this.settings = settings;
        this.context = new TailContext(settings, sink, clock, stats);
        this.discovery = new FileDiscovery(settings);
        this.tracker = new FileTracker(settings, stats, context, discovery);
        this.checkpointStore = settings.checkpointDirectory() == null ? null
                : new CheckpointStore(settings.checkpointDirectory());
    }

    public FileInputStats stats() {
        return stats;
    }

    /** Why checkpoints cannot be written (naming the directory and the fix), or null when they can or are off. */
    public String checkpointProblem() {
        return checkpointStore == null ? null : checkpointStore.problem();
    }

    /** Loads the checkpoints and starts the input thread. */
    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("the file input was started already");
        }
        if (checkpointStore != null) {
            lastWritten = checkpointStore.load();
            tracker.restore(lastWritten);
            checkpointStore.tryWrite(lastWritten); // tells readiness at once whether the directory is writable
        }
        running = true;
        thread = new Thread(this::run, "file-input");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Asks for a walk of the directories at the next poll, e.g. because a pod's labels changed and the
     * podSelector may admit other files now. Safe from any thread.
     */
    public void rescan() {
        rescanRequested = true;
    }

    /**
     * Stops reading: records already read are offered to the sink for a short while, records still
     * being joined are left unread (the next run reads them again from the checkpoint), files are closed.
     */
    public synchronized void stopReading() {
        if (thread == null || !running) {
            return;
        }
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops reading and writes the final checkpoint of what was acknowledged until now. */
    @Override
    public synchronized void close() {
        stopReading();
        if (checkpointStore != null && thread != null) {
            writeCheckpoint();
        }
    }

    private void run() {
        long pollIntervalNanos = settings.pollInterval().toNanos();
        long nextPoll = System.nanoTime();
        long lastScan = nextPoll;
        nextCheckpointNanos = nextPoll + CHECKPOINT_INTERVAL_NANOS;
        while (running) {
            try {
                long now = System.nanoTime();
                if (now - nextPoll >= 0) {
                    if (tracker.walkNeeded(rescanRequested, now - lastScan >= FULL_SCAN_INTERVAL_NANOS)) {
                        rescanRequested = false;
                        tracker.poll();
                        lastScan = now;
                        if (tracker.takeFoundNew()) {
                            nextCheckpointNanos = now; // see FileTracker.takeFoundNew
                        }
                    }
                    // Counted from the end of the scan, so a slow scan of many files cannot crowd out reading.
                    nextPoll = System.nanoTime() + pollIntervalNanos;
                }
                int cycle = readCycle();
                if (checkpointStore != null && System.nanoTime() - nextCheckpointNanos >= 0) {
                    writeCheckpointIfChanged();
                    nextCheckpointNanos = System.nanoTime() + CHECKPOINT_INTERVAL_NANOS;
                }
                if (cycle == CYCLE_IDLE) {
                    LockSupport.parkNanos(Math.max(0, nextPoll - System.nanoTime()));
                } else if (cycle == CYCLE_BLOCKED) {
                    LockSupport.parkNanos(Math.min(BLOCKED_PAUSE_NANOS, Math.max(0, nextPoll - System.nanoTime())));
                }
            } catch (RuntimeException e) {
                LOG.log(WARNING, "event=input_cycle_failed error=\"" + e + "\"");
                LockSupport.parkNanos(pollIntervalNanos);
            }
        }
        shutDownTailers();
        discovery.close();
    }

    // Free slots go to waiting files in arrival order, then every open file gets one turn.
    private int readCycle() {
        boolean more = false;
        boolean blocked = false;
        tracker.openWaitingFiles();
        for (Iterator<TrackedFile> it = tracker.files().iterator(); it.hasNext(); ) {
            TrackedFile file = it.next();
            FileTailer tailer = file.tailer;
            if (!tailer.drainOutbox()) {
                blocked = true;
                continue;
            }
            if (file.finishing) {
                tailer.closeChannel();
                it.remove();
                continue;
            }
            if (!tailer.isOpen()) {
                if (tailer.hasPendingRecords()) {
                    tailer.flushExpiredNow();
                }
                continue;
            }
            TurnResult result;
            try {
                result = tailer.readTurn(TURN_BUDGET_BYTES);
            } catch (IOException e) {
                LOG.log(WARNING, "event=file_read_failed path=" + tailer.path() + " error=\"" + e + "\"");
                tailer.closeChannel();
                continue;
            }
            switch (result) {
                case MORE -> more = true;
                case BLOCKED -> blocked = true;
                case TRUNCATED -> {
                    // The walk looks for logrotate's copy of the old content, else counts what was lost.
                    // (Also for a file already taken for rotated away: a walk that met the path empty, just
                    // truncated, cannot tell the two apart.)
                    file.truncatedAt = tailer.path();
                    rescanRequested = true;
                }
                case END_OF_FILE -> {
                    if (file.gone() && tracker.pollCount() > file.gonePoll) {
                        tracker.finish(file);
                    }
                }
            }
            if (tracker.hasWaiting() && !file.gone() && !file.finishing && result != TurnResult.BLOCKED) {
                // Others wait for a slot: give this one up and queue behind them if data is left.
                tailer.closeChannel();
                if (result == TurnResult.MORE) {
                    tracker.enqueue(file);
                }
            }
        }
        if (tracker.hasWaiting() && stats.openFiles() < settings.maxConcurrentFiles()) {
            more = true;
        }
        return blocked ? CYCLE_BLOCKED : more ? CYCLE_MORE : CYCLE_IDLE;
    }

    // Also retried unchanged while the directory is unwritable, so readiness sees it recover.
    private void writeCheckpointIfChanged() {
        List<CheckpointStore.Entry> entries = tracker.checkpointEntries();
        if ((!entries.equals(lastWritten) || checkpointStore.problem() != null) && checkpointStore.tryWrite(entries)) {
            lastWritten = entries;
        }
    }

    private synchronized void writeCheckpoint() {
        List<CheckpointStore.Entry> entries = tracker.checkpointEntries();
        if (checkpointStore.tryWrite(entries)) {
            lastWritten = entries;
        }
    }

    // Gives records already read a short chance to reach the sink, then closes every file.
    private void shutDownTailers() {
        long deadline = System.nanoTime() + SHUTDOWN_DRAIN_NANOS;
        boolean drained;
        do {
            drained = true;
            for (TrackedFile file : tracker.files()) {
                drained &= file.tailer.drainOutbox();
            }
            if (!drained) {
                LockSupport.parkNanos(BLOCKED_PAUSE_NANOS);
            }
        } while (!drained && System.nanoTime() - deadline < 0);
        for (TrackedFile file : tracker.files()) {
            file.tailer.closeChannel();
        }
    }
}
