package io.logpipeline.collector.input;

import io.logpipeline.collector.input.checkpoint.CheckpointStore;
import io.logpipeline.collector.input.checkpoint.Fingerprint;
import io.logpipeline.collector.input.discovery.CreatedFiles;
import io.logpipeline.collector.input.discovery.FileDiscovery;
import io.logpipeline.collector.input.discovery.PodLogPath;
import io.logpipeline.collector.input.rotation.RotatedFiles;
import io.logpipeline.collector.input.tail.FileTailer;
import io.logpipeline.collector.input.tail.FileTailer.TurnResult;
import io.logpipeline.collector.input.tail.TailContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static java.lang.System.Logger.Level.DEBUG;
import static java.lang.System.Logger.Level.INFO;
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

    /** A file the input knows, open or waiting for a slot. */
    private static final class TrackedFile {
        final FileTailer tailer;
        boolean seen;
        boolean waiting;
        boolean finishing;
        // Poll at which the file was last missing from discovery; -1 while it is found.
        int gonePoll = -1;
        // The path at which this file was truncated in place; never matched to it again.
        Path truncatedAt;

        TrackedFile(FileTailer tailer) {
            this.tailer = tailer;
        }

        boolean gone() {
            return gonePoll >= 0;
        }
    }

    private final FileInputSettings settings;
    private final FileInputStats stats = new FileInputStats();
    private final TailContext context;
    private final FileDiscovery discovery;
    private final CheckpointStore checkpointStore;
    private final List<TrackedFile> tracked = new ArrayList<>();
    private final ArrayDeque<TrackedFile> waiting = new ArrayDeque<>();
    // Files the last walk found empty: not tracked until they have a first byte to identify them by.
    private final List<Path> emptyFiles = new ArrayList<>();
    private List<CheckpointStore.Entry> restored = List.of();
    // The live files (0.log, not its rotations) that had a checkpoint at start: a new file there is
    // read from its start whatever startAt says, since the old one rotated away while we were down.
    private Set<Path> checkpointedLiveFiles = Set.of();
    private List<CheckpointStore.Entry> lastWritten = List.of();
    private int pollCount;
    // Whether the last walk left nothing in transition: every file found is tracked and open.
    private boolean settled;
    private volatile boolean rescanRequested;
    private long nextCheckpointNanos;
    private volatile boolean running;
    private Thread thread;

    public FileInput(FileInputSettings settings, RecordSink sink, Clock clock) {
        this.settings = settings;
        this.context = new TailContext(settings, sink, clock, stats);
        this.discovery = new FileDiscovery(settings);
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
            restored = new ArrayList<>(checkpointStore.load());
            lastWritten = List.copyOf(restored);
            checkpointedLiveFiles = new HashSet<>();
            for (CheckpointStore.Entry entry : restored) {
                checkpointedLiveFiles.add(RotatedFiles.livePath(Path.of(entry.path())));
            }
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
                    if (scanNeeded(now - lastScan)) {
                        rescanRequested = false;
                        poll();
                        lastScan = now;
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

    // Whether walking the directories now could change what is read: see the class comment.
    private boolean scanNeeded(long sinceLastScan) {
        if (pollCount == 0 || !settled || rescanRequested || !waiting.isEmpty()
                || sinceLastScan >= FULL_SCAN_INTERVAL_NANOS) {
            discovery.changedSinceLastAsked(); // the walk sees whatever was reported until now
            return true;
        }
        for (TrackedFile file : tracked) {
            if (!file.tailer.isOpen() || file.gone() || file.truncatedAt != null || file.finishing) {
                return true;
            }
        }
        for (Path empty : emptyFiles) {
            try {
                if (Files.size(empty) > 0) {
                    return true;
                }
            } catch (IOException e) {
                return true; // gone, or not readable any more: the walk settles it
            }
        }
        return discovery.changedSinceLastAsked();
    }

    // Free slots go to waiting files in arrival order, then every open file gets one turn.
    private int readCycle() {
        boolean more = false;
        boolean blocked = false;
        openWaitingFiles();
        for (Iterator<TrackedFile> it = tracked.iterator(); it.hasNext(); ) {
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
                    if (file.gone()) {
                        countLost(tailer, FileInputStats.LossReason.TRUNCATED);
                        finish(file);
                    } else {
                        rescanRequested = true; // the walk tells a copy-truncate from a truncate
                    }
                }
                case END_OF_FILE -> {
                    if (file.gone() && pollCount > file.gonePoll) {
                        finish(file);
                    }
                }
            }
            if (!waiting.isEmpty() && !file.gone() && !file.finishing && result != TurnResult.BLOCKED) {
                // Others wait for a slot: give this one up and queue behind them if data is left.
                tailer.closeChannel();
                if (result == TurnResult.MORE) {
                    enqueue(file);
                }
            }
        }
        if (!waiting.isEmpty() && stats.openFiles() < settings.maxConcurrentFiles()) {
            more = true;
        }
        return blocked ? CYCLE_BLOCKED : more ? CYCLE_MORE : CYCLE_IDLE;
    }

    private void openWaitingFiles() {
        while (stats.openFiles() < settings.maxConcurrentFiles() && !waiting.isEmpty()) {
            TrackedFile file = waiting.pollFirst();
            file.waiting = false;
            if (file.finishing || file.tailer.isOpen()) {
                continue;
            }
            try {
                file.tailer.open();
            } catch (NoSuchFileException e) {
                // gone since discovery; the next poll settles it
            } catch (IOException e) {
                LOG.log(WARNING, "event=file_open_failed path=" + file.tailer.path() + " error=\"" + e + "\"");
            }
        }
    }

    private void enqueue(TrackedFile file) {
        if (!file.waiting && !file.finishing && !file.tailer.isOpen()) {
            file.waiting = true;
            waiting.addLast(file);
        }
    }

    // Reads what is left through the open handle, hands on joined records, and lets the file go.
    private void finish(TrackedFile file) {
        try {
            file.tailer.finish();
        } catch (IOException e) {
            LOG.log(WARNING, "event=file_read_failed path=" + file.tailer.path() + " error=\"" + e + "\"");
        }
        file.finishing = true;
        file.tailer.closeChannel();
        LOG.log(DEBUG, "event=file_done path=" + file.tailer.path() + " offset=" + file.tailer.offset());
    }

    private void countLost(FileTailer tailer, FileInputStats.LossReason reason) {
        long lost = tailer.lastSeenSize() - tailer.offset();
        if (lost > 0) {
            stats.lostBytes(reason, lost);
            LOG.log(WARNING, "event=log_bytes_lost path=" + tailer.path() + " reason=" + reason.label()
                    + " lost_bytes=" + lost + " offset=" + tailer.offset());
        }
    }

    // Matches the files on disk to the known ones: same path and same content first, then by
    // fingerprint for moved files, then checkpoints and startAt for new ones.
    private void poll() {
        pollCount++;
        stats.directoryScanned();
        settled = true;
        emptyFiles.clear();
        List<FileDiscovery.Found> found = discovery.scan();
        Map<Path, TrackedFile> byPath = new HashMap<>();
        Map<Path, List<TrackedFile>> byDirectory = new HashMap<>();
        for (TrackedFile file : tracked) {
            file.seen = false;
            if (file.finishing) {
                continue;
            }
            // A file truncated in place no longer owns its path; the new content there is another file.
            if (!file.tailer.path().equals(file.truncatedAt)) {
                byPath.put(file.tailer.path(), file);
            }
            byDirectory.computeIfAbsent(file.tailer.path().getParent(), dir -> new ArrayList<>(2)).add(file);
        }
        List<FileDiscovery.Found> unmatched = new ArrayList<>();
        for (FileDiscovery.Found f : found) {
            if (f.size() == 0) {
                emptyFiles.add(f.path()); // nothing to identify it by yet; watched for its first bytes
                continue;
            }
            TrackedFile file = byPath.get(f.path());
            if (file != null && Objects.equals(file.tailer.fileKey(), f.fileKey())) {
                try {
                    Fingerprint now = currentFingerprint(file.tailer, f);
                    if (now.sameFileAs(file.tailer.fingerprint()) && f.size() >= file.tailer.offset()) {
                        markSeen(file, now, f.size());
                        continue;
                    }
                } catch (NoSuchFileException e) {
                    settled = false;
                    continue;
                } catch (IOException e) {
                    settled = false;
                    throw new UncheckedIOException(e);
                }
                // Truncated in place (copy-truncate): the path holds new content now.
                file.truncatedAt = f.path();
                LOG.log(INFO, "event=file_truncated path=" + f.path() + " offset=" + file.tailer.offset()
                        + " size=" + f.size());
            }
            unmatched.add(f);
        }
        for (FileDiscovery.Found f : unmatched) {
            Fingerprint fingerprint;
            try {
                fingerprint = Fingerprint.read(f.path());
            } catch (NoSuchFileException e) {
                settled = false;
                continue;
            } catch (IOException e) {
                LOG.log(WARNING, "event=file_open_failed path=" + f.path() + " error=\"" + e + "\"");
                settled = false;
                continue;
            }
            if (fingerprint.isEmpty()) {
                settled = false;
                continue;
            }
            TrackedFile known = findByFingerprint(byDirectory.getOrDefault(f.path().getParent(), List.of()),
                    fingerprint, f.path());
            if (known != null && known.seen) {
                // The same content as a file still at its own path: a copy (a copy-truncate in
                // progress). Reading it would duplicate records; if the original is truncated, the
                // next poll moves the known file here.
                settled = false;
                continue;
            }
            if (known != null) {
                TrackedFile moved = known;
                LOG.log(INFO, "event=file_moved from=" + moved.tailer.path() + " to=" + f.path());
                moved.tailer.moveTo(f.path(), f.fileKey());
                markSeen(moved, fingerprint, f.size());
                continue;
            }
            TrackedFile file = track(f, fingerprint, claimCheckpoint(fingerprint, f.path()));
            byDirectory.computeIfAbsent(f.path().getParent(), dir -> new ArrayList<>(2)).add(file);
        }
        for (TrackedFile file : tracked) {
            if (file.seen || file.finishing) {
                continue;
            }
            if (file.truncatedAt != null) {
                // Truncated in place: the handle shows the new content and must not be read. The old
                // content is read on in logrotate's copy (0.log.1) if there is one; the copy may appear
                // just after this scan, so it is looked for once more at the next poll.
                file.tailer.closeChannel();
                if (followRotation(file)) {
                    file.truncatedAt = null;
                } else if (!file.gone()) {
                    file.gonePoll = pollCount;
                } else if (pollCount > file.gonePoll) {
                    countLost(file.tailer, FileInputStats.LossReason.TRUNCATED);
                    file.tailer.flushAll();
                    file.finishing = true;
                }
            } else if (file.tailer.isOpen()) {
                if (!file.gone()) {
                    // Rotated away or deleted: read on through the handle to the end.
                    file.gonePoll = pollCount;
                }
            } else if (followRotation(file)) {
                // rotated (and maybe compressed) before it got a slot: read on there
            } else if (!file.gone()) {
                // Not open and not found: give a rename that the scan just missed one more poll.
                file.gonePoll = pollCount;
            } else if (pollCount > file.gonePoll) {
                countLost(file.tailer, FileInputStats.LossReason.REMOVED_BEFORE_READ);
                file.tailer.flushAll();
                file.finishing = true;
            }
        }
        settleCreatedFiles(byDirectory);
        resumeRotatedCheckpoints();
        restored = List.of(); // checkpoints of files not found at the first poll are gone for good
    }

    // Checkpointed files that were rotated (renamed, compressed) while the input was down: found by
    // fingerprint among their rotations and read on from the checkpoint to their end.
    private void resumeRotatedCheckpoints() {
        for (CheckpointStore.Entry entry : List.copyOf(restored)) {
            RotatedFiles.Rotated rotated = RotatedFiles.find(Path.of(entry.path()), entry::matches);
            if (rotated == null || isTracked(rotated.fileKey())) {
                continue;
            }
            restored.remove(entry);
            LOG.log(INFO, "event=file_moved from=" + entry.path() + " to=" + rotated.path() + " while=stopped");
            TrackedFile file = track(new FileDiscovery.Found(rotated.path(), rotated.size(), rotated.fileKey()),
                    rotated.fingerprint(), entry);
            file.gonePoll = pollCount; // written no more: read to its end, then let go
        }
    }

    // New files held open since their creation was reported: most were found by this walk (the handle
    // is let go); one renamed or deleted before any walk saw it is read to its end through the handle.
    private void settleCreatedFiles(Map<Path, List<TrackedFile>> byDirectory) {
        for (CreatedFiles.Created created : discovery.takeCreated()) {
            if (isTracked(created.fileKey())) {
                created.close();
                continue;
            }
            if (created.fileKey().equals(fileKeyAt(created.path()))) {
                discovery.giveBack(created); // still at its path, empty or not walked yet
                continue;
            }
            Fingerprint fingerprint;
            try {
                fingerprint = Fingerprint.read(created.channel());
            } catch (IOException e) {
                created.close();
                continue;
            }
            Path directory = created.path().getParent();
            if (fingerprint.isEmpty()
                    || findByFingerprint(byDirectory.getOrDefault(directory, List.of()), fingerprint, created.path()) != null) {
                created.close();
                continue;
            }
            RotatedFiles.Rotated rotated = RotatedFiles.find(created.path(), fingerprint::sameFileAs);
            Path path = rotated != null ? rotated.path() : created.path();
            LOG.log(INFO, "event=file_found_after_rename created=" + created.path() + " now=" + path);
            TrackedFile file = new TrackedFile(new FileTailer(context, path, created.fileKey(), fingerprint, 0,
                    PodLogPath.resourceOf(created.path())));
            file.tailer.adopt(created.channel());
            file.seen = true;
            file.gonePoll = pollCount; // written no more: read to its end, then let go
            tracked.add(file);
        }
    }

    private static Object fileKeyAt(Path path) {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class).fileKey();
        } catch (IOException e) {
            return null;
        }
    }

    private boolean isTracked(Object fileKey) {
        for (TrackedFile file : tracked) {
            if (fileKey != null && fileKey.equals(file.tailer.fileKey()) && !file.finishing) {
                return true;
            }
        }
        return false;
    }

    // A file that left its path without being read to its end, found again by fingerprint among its
    // rotations (0.log.<timestamp>, its .gz, logrotate's copy) and read on there; false if there is none.
    private boolean followRotation(TrackedFile file) {
        RotatedFiles.Rotated rotated = RotatedFiles.find(file.tailer.path(), file.tailer.fingerprint()::sameFileAs);
        if (rotated == null) {
            return false;
        }
        if (!rotated.path().equals(file.tailer.path())) {
            LOG.log(INFO, "event=file_moved from=" + file.tailer.path() + " to=" + rotated.path());
            file.tailer.moveTo(rotated.path(), rotated.fileKey());
        }
        file.tailer.observed(rotated.fingerprint(), rotated.size());
        if (!file.gone()) {
            file.gonePoll = pollCount;
        }
        enqueue(file);
        return true;
    }

    private Fingerprint currentFingerprint(FileTailer tailer, FileDiscovery.Found f) throws IOException {
        if (tailer.isOpen()) {
            return tailer.readFingerprint();
        }
        if (!tailer.identityInDoubt()
                && (f.size() == tailer.lastSeenSize() || tailer.fingerprint().length() == Fingerprint.SIZE)) {
            // Unchanged, or nothing left to learn from its head: spare the open. A file truncated
            // and rewritten meanwhile is still caught, by the fingerprint check of open and readTurn.
            return tailer.fingerprint();
        }
        return Fingerprint.read(f.path());
    }

    private void markSeen(TrackedFile file, Fingerprint fingerprint, long size) {
        file.seen = true;
        file.gonePoll = -1;
        file.tailer.observed(fingerprint, size);
        if (size > file.tailer.offset() || hasFreeSlot()) {
            enqueue(file);
        }
    }

    // A file with nothing to read yet is opened only while slots are free: open, its growth is seen
    // by the reads of every poll, without walking the directories.
    private boolean hasFreeSlot() {
        return stats.openFiles() + waiting.size() < settings.maxConcurrentFiles();
    }

    // A known file with this content in the same directory (rotation never leaves it; containers
    // that wrote the same first bytes live in different ones), preferring one not found at its own
    // path this poll.
    private static TrackedFile findByFingerprint(List<TrackedFile> sameDirectory, Fingerprint fingerprint, Path path) {
        TrackedFile seen = null;
        for (TrackedFile file : sameDirectory) {
            if (!file.finishing && !path.equals(file.truncatedAt)
                    && file.tailer.fingerprint().sameFileAs(fingerprint)) {
                if (!file.seen) {
                    return file;
                }
                seen = file;
            }
        }
        return seen;
    }

    private TrackedFile track(FileDiscovery.Found f, Fingerprint fingerprint, CheckpointStore.Entry checkpoint) {
        long start;
        if (checkpoint != null && checkpoint.offset() <= f.size()) {
            start = checkpoint.offset();
        } else if (checkpoint == null && pollCount == 1 && settings.startAt() == FileInputSettings.StartAt.END
                && !checkpointedLiveFiles.contains(f.path())) {
            start = f.size();
        } else {
            start = 0;
        }
        TrackedFile file = new TrackedFile(new FileTailer(context, f.path(), f.fileKey(), fingerprint, start,
                PodLogPath.resourceOf(f.path())));
        file.seen = true;
        file.tailer.observed(fingerprint, f.size());
        tracked.add(file);
        if (f.size() > start || hasFreeSlot()) {
            enqueue(file);
        }
        LOG.log(DEBUG, "event=file_found path=" + f.path() + " offset=" + start
                + " from=" + (checkpoint != null ? "checkpoint" : pollCount == 1 ? "startAt" : "beginning"));
        return file;
    }

    // The checkpoint of this file, taken in the same directory, preferring one taken at the same
    // path; each is used once.
    private CheckpointStore.Entry claimCheckpoint(Fingerprint fingerprint, Path path) {
        CheckpointStore.Entry match = null;
        for (CheckpointStore.Entry entry : restored) {
            if (Objects.equals(Path.of(entry.path()).getParent(), path.getParent()) && entry.matches(fingerprint)) {
                if (entry.path().equals(path.toString())) {
                    match = entry;
                    break;
                }
                if (match == null) {
                    match = entry;
                }
            }
        }
        if (match != null) {
            restored.remove(match);
        }
        return match;
    }

    // Also retried unchanged while the directory is unwritable, so readiness sees it recover.
    private void writeCheckpointIfChanged() {
        List<CheckpointStore.Entry> entries = checkpointEntries();
        if ((!entries.equals(lastWritten) || checkpointStore.problem() != null) && checkpointStore.tryWrite(entries)) {
            lastWritten = entries;
        }
    }

    private synchronized void writeCheckpoint() {
        List<CheckpointStore.Entry> entries = checkpointEntries();
        if (checkpointStore.tryWrite(entries)) {
            lastWritten = entries;
        }
    }

    private List<CheckpointStore.Entry> checkpointEntries() {
        List<CheckpointStore.Entry> entries = new ArrayList<>(tracked.size());
        for (TrackedFile file : tracked) {
            if (!file.finishing) {
                Fingerprint fingerprint = file.tailer.fingerprint();
                entries.add(new CheckpointStore.Entry(file.tailer.committedOffset(), fingerprint.length(),
                        fingerprint.hash(), file.tailer.path().toString()));
            }
        }
        return entries;
    }

    // Gives records already read a short chance to reach the sink, then closes every file.
    private void shutDownTailers() {
        long deadline = System.nanoTime() + SHUTDOWN_DRAIN_NANOS;
        boolean drained;
        do {
            drained = true;
            for (TrackedFile file : tracked) {
                drained &= file.tailer.drainOutbox();
            }
            if (!drained) {
                LockSupport.parkNanos(BLOCKED_PAUSE_NANOS);
            }
        } while (!drained && System.nanoTime() - deadline < 0);
        for (TrackedFile file : tracked) {
            file.tailer.closeChannel();
        }
    }
}
