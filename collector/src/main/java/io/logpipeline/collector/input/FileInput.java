package io.logpipeline.collector.input;

import io.logpipeline.collector.input.discovery.FileDiscovery;
import io.logpipeline.collector.input.discovery.SharedFileDiscovery;
import io.logpipeline.collector.input.tail.TailContext;

import java.time.Clock;
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
    private static final long BLOCKED_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    private static final long SHUTDOWN_DRAIN_NANOS = TimeUnit.SECONDS.toNanos(2);
    // A walk at least this often even when nothing asks for one: a safety net for changes that
    // directory notification does not report (e.g. a file system without inotify support).
    static final int FULL_SCAN_INTERVAL_SECONDS = 5;
    private static final long FULL_SCAN_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(FULL_SCAN_INTERVAL_SECONDS);

    private final FileInputSettings settings;
    private final FileInputStats stats = new FileInputStats();
    private final TailContext context;
    private final FileDiscovery discovery;
    private final ReadScheduler scheduler;
    private final FileTracker tracker;
    private final CheckpointWriter checkpoints;
    private final RecordSink sink;
    private volatile boolean rescanRequested;
    private volatile boolean running;
    private Thread thread;

    /** An input with a directory walk and watch of its own (one pipeline alone, tests). */
    public FileInput(FileInputSettings settings, RecordSink sink, Clock clock) {
        this(settings, sink, clock, new FileDiscovery(settings));
    }

    /** An input that takes its files from the agent's walk and watch, shared with the other pipelines. */
    public FileInput(FileInputSettings settings, RecordSink sink, Clock clock, SharedFileDiscovery sharedDiscovery) {
        this(settings, sink, clock, new FileDiscovery(settings, sharedDiscovery));
    }

    private FileInput(FileInputSettings settings, RecordSink sink, Clock clock, FileDiscovery discovery) {
        this.settings = settings;
        this.sink = sink;
        this.context = new TailContext(settings, sink, clock, stats);
        this.discovery = discovery;
        this.scheduler = new ReadScheduler(settings, stats, this::rescan);
        this.tracker = new FileTracker(settings, stats, context, discovery, scheduler);
        this.checkpoints = settings.checkpointDirectory() == null ? null
                : new CheckpointWriter(settings.checkpointDirectory());
    }

    public FileInputStats stats() {
        return stats;
    }

    /** Why checkpoints cannot be written (naming the directory and the fix), or null when they can or are off. */
    public String checkpointProblem() {
        return checkpoints == null ? null : checkpoints.problem();
    }

    /** Loads the checkpoints and starts the input thread. */
    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("the file input was started already");
        }
        if (checkpoints != null) {
            tracker.restore(checkpoints.load());
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
        if (checkpoints != null && thread != null) {
            checkpoints.write(tracker);
        }
    }

    private void run() {
        long pollIntervalNanos = settings.pollInterval().toNanos();
        long nextPoll = System.nanoTime();
        long lastScan = nextPoll;
        while (running) {
            try {
                long now = System.nanoTime();
                if (now - nextPoll >= 0) {
                    if (tracker.walkNeeded(rescanRequested, now - lastScan >= FULL_SCAN_INTERVAL_NANOS)) {
                        rescanRequested = false;
                        tracker.poll();
                        lastScan = now;
                        if (tracker.takeFoundNew() && checkpoints != null) {
                            checkpoints.writeSoon(); // see FileTracker.takeFoundNew
                        }
                    }
                    // Counted from the end of the scan, so a slow scan of many files cannot crowd out reading.
                    nextPoll = System.nanoTime() + pollIntervalNanos;
                }
                ReadScheduler.Cycle cycle = scheduler.readCycle(tracker);
                if (cycle != ReadScheduler.Cycle.MORE) {
                    sink.readingPaused(); // about to wait: what was read goes on now
                }
                if (checkpoints != null) {
                    checkpoints.writeIfDue(tracker);
                }
                if (cycle == ReadScheduler.Cycle.IDLE) {
                    LockSupport.parkNanos(Math.max(0, nextPoll - System.nanoTime()));
                } else if (cycle == ReadScheduler.Cycle.BLOCKED) {
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

    // Gives records already read a short chance to reach the sink, then closes every file.
    private void shutDownTailers() {
        long deadline = System.nanoTime() + SHUTDOWN_DRAIN_NANOS;
        boolean drained;
        do {
            drained = true;
            for (TrackedFile file : tracker.files()) {
                drained &= file.tailer.drainOutbox();
            }
            sink.readingPaused();
            if (!drained) {
                LockSupport.parkNanos(BLOCKED_PAUSE_NANOS);
            }
        } while (!drained && System.nanoTime() - deadline < 0);
        for (TrackedFile file : tracker.files()) {
            file.tailer.closeChannel();
        }
    }
}
