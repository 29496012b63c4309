package io.logpipeline.collector.input;

import io.logpipeline.collector.input.checkpoint.CheckpointStore;
import io.logpipeline.collector.input.checkpoint.Fingerprint;
import io.logpipeline.collector.input.discovery.CreatedFiles;
import io.logpipeline.collector.input.discovery.FileDiscovery;
import io.logpipeline.collector.input.discovery.PodLogPath;
import io.logpipeline.collector.input.rotation.RotatedFiles;
import io.logpipeline.collector.input.tail.FileTailer;
import io.logpipeline.collector.input.tail.TailContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static java.lang.System.Logger.Level.DEBUG;
import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

/**
 * File tracking: which files the input reads, and from where. Matches what discovery finds to the files it
 * knows (by path, then by fingerprint), settles the known files a walk did not find (rotated, truncated,
 * deleted), has its {@link RotationFollower} follow files to their rotations, starts new files from their
 * checkpoint or startAt, and queues them with the {@link ReadScheduler} for a slot. Input thread only.
 */
final class FileTracker {

    private static final System.Logger LOG = System.getLogger(FileInput.class.getName());

    private final FileInputSettings settings;
    private final FileInputStats stats;
    private final TailContext context;
    private final FileDiscovery discovery;
    private final ReadScheduler scheduler;
    private final RotationFollower rotations;
    private final List<TrackedFile> tracked = new ArrayList<>();
    // Files the last walk found empty: not tracked until they have a first byte to identify them by.
    private final List<Path> emptyFiles = new ArrayList<>();
    private final WalkHistory history = new WalkHistory();
    private final RestoredCheckpoints restored = new RestoredCheckpoints();
    private int pollCount;
    // Whether the last walk left nothing in transition: every file found is tracked and open.
    private boolean settled;
    // Whether a file was tracked since the last checkpoint: see takeFoundNew.
    private boolean foundNew;

    FileTracker(FileInputSettings settings, FileInputStats stats, TailContext context, FileDiscovery discovery,
                ReadScheduler scheduler) {
        this.settings = settings;
        this.stats = stats;
        this.context = context;
        this.discovery = discovery;
        this.scheduler = scheduler;
        this.rotations = new RotationFollower(this, scheduler, restored, history);
    }

    /** The checkpoints loaded at start; each applies to the file it was taken for, found at the first walk. */
    void restore(List<CheckpointStore.Entry> entries) {
        restored.restore(entries);
    }

    /** The checkpoints of the files read to their end lately: see {@link RotationFollower#readToEnd}. */
    List<CheckpointStore.Entry> readToEndCheckpoints() {
        return rotations.readToEndCheckpoints();
    }

    /** Every known file, open or not, in the order they were found. */
    List<TrackedFile> files() {
        return tracked;
    }

    /**
     * Whether a file was tracked since the last call: its checkpoint is written at once, so a crash
     * before the next regular one still restarts from it (and from it finds its rotations).
     */
    boolean takeFoundNew() {
        boolean found = foundNew;
        foundNew = false;
        return found;
    }

    /** How many walks there were. */
    int pollCount() {
        return pollCount;
    }

    /** Whether walking the directories now could change what is read: see {@link FileInput}. */
    boolean walkNeeded(boolean requested, boolean safetyNetDue) {
        if (pollCount == 0 || !settled || requested || scheduler.hasWaiting() || safetyNetDue) {
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

    /** Reads what is left through the open handle, hands on joined records, and lets the file go. */
    void finish(TrackedFile file) {
        try {
            file.tailer.finish();
        } catch (IOException e) {
            LOG.log(WARNING, "event=file_read_failed path=" + file.tailer.path() + " error=\"" + e + "\"");
        }
        file.finishing = true;
        file.tailer.closeChannel();
        rotations.readToEnd(file.tailer);
        LOG.log(DEBUG, "event=file_done path=" + file.tailer.path() + " offset=" + file.tailer.offset());
    }

    /** Counts and logs what was written to the file but not read, for {@code reason}. */
    void countLost(FileTailer tailer, FileInputStats.LossReason reason) {
        long lost = tailer.lastSeenSize() - tailer.offset();
        if (lost > 0) {
            stats.lostBytes(reason, lost);
            LOG.log(WARNING, "event=log_bytes_lost path=" + tailer.path() + " reason=" + reason.label()
                    + " lost_bytes=" + lost + " offset=" + tailer.offset());
        }
    }

    /**
     * Walks the directories and matches the files on disk to the known ones: same path and same content
     * first, then by fingerprint for moved files, then checkpoints and startAt for new ones.
     */
    void poll() {
        pollCount++;
        history.walkStarted();
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
                history.foundEmpty(f.fileKey());
            } else if (!matchAtPath(f, byPath.get(f.path()))) {
                unmatched.add(f);
            }
        }
        for (FileDiscovery.Found f : unmatched) {
            matchByFingerprint(f, byDirectory);
        }
        settleUnseen();
        settleCreatedFiles(byDirectory);
        rotations.resumeRotatedCheckpoints();
        restored.forgetUnclaimed(); // checkpoints of files not found at the first poll are gone for good
    }

    // Whether the known file at this path is still there, the same file with at least its content; false
    // when it is another file (or none is known there) and must be matched by fingerprint.
    private boolean matchAtPath(FileDiscovery.Found f, TrackedFile file) {
        if (file == null || !Objects.equals(file.tailer.fileKey(), f.fileKey())) {
            return false;
        }
        try {
            Fingerprint now = currentFingerprint(file.tailer, f);
            if (now.sameFileAs(file.tailer.fingerprint()) && f.size() >= file.tailer.offset()) {
                markSeen(file, now, f.size());
                return true;
            }
        } catch (NoSuchFileException e) {
            settled = false;
            return true; // gone meanwhile: nothing to match
        } catch (IOException e) {
            settled = false;
            throw new UncheckedIOException(e);
        }
        // Truncated in place (copy-truncate): the path holds new content now.
        file.truncatedAt = f.path();
        LOG.log(INFO, "event=file_truncated path=" + f.path() + " offset=" + file.tailer.offset()
                + " size=" + f.size());
        return false;
    }

    // A file not known at its path: a known file moved here, a copy of one, or a new file to track.
    private void matchByFingerprint(FileDiscovery.Found f, Map<Path, List<TrackedFile>> byDirectory) {
        Fingerprint fingerprint;
        try {
            fingerprint = readFingerprint(f);
        } catch (NoSuchFileException e) {
            settled = false;
            return;
        } catch (IOException e) {
            LOG.log(WARNING, "event=file_open_failed path=" + f.path() + " error=\"" + e + "\"");
            settled = false;
            return;
        }
        if (fingerprint.isEmpty()) {
            settled = false;
            return;
        }
        TrackedFile known = findByFingerprint(byDirectory.getOrDefault(f.path().getParent(), List.of()),
                fingerprint, f.path());
        if (known != null && known.seen) {
            // The same content as a file still at its own path: a copy (a copy-truncate in
            // progress). Reading it would duplicate records; if the original is truncated, the
            // next poll moves the known file here.
            settled = false;
            return;
        }
        if (known != null) {
            LOG.log(INFO, "event=file_moved from=" + known.tailer.path() + " to=" + f.path());
            known.tailer.moveTo(f.path(), f.fileKey());
            markSeen(known, fingerprint, f.size());
            return;
        }
        TrackedFile file = track(f, fingerprint, restored.claim(fingerprint, f.path()));
        byDirectory.computeIfAbsent(f.path().getParent(), dir -> new ArrayList<>(2)).add(file);
        if (pollCount > 1) {
            // A new file at a known path: what the path held since the last file seen there may have
            // been rotated away unseen (created and copy-truncated, or truncated twice, between walks).
            rotations.trackUnreadRotations(f.path());
        }
    }

    // The known files this walk did not find at their path: rotated, truncated, deleted, or still being read.
    private void settleUnseen() {
        // A copy: following a file to its rotation may track newer rotations found there (they are seen, so
        // this loop would skip them anyway); adding to the list being iterated failed the whole cycle.
        for (TrackedFile file : List.copyOf(tracked)) {
            if (file.seen || file.finishing) {
                continue;
            }
            if (file.truncatedAt != null) {
                // Truncated in place: the handle shows the new content and must not be read. The old
                // content is read on in logrotate's copy (0.log.1) if there is one; the copy may appear
                // just after this scan, so it is looked for once more at the next poll.
                file.tailer.closeChannel();
                RotatedFiles.Rotated copy = rotations.followRotation(file);
                if (copy != null) {
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
            } else if (rotations.followRotation(file) != null) {
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

    /** Whether a file with this key is being read (not done). */
    boolean isTracked(Object fileKey) {
        for (TrackedFile file : tracked) {
            if (fileKey != null && fileKey.equals(file.tailer.fileKey()) && !file.finishing) {
                return true;
            }
        }
        return false;
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
        return readFingerprint(f);
    }

    // The fingerprint of the file the walk found at its path. A file renamed away and replaced between the
    // walk's look and this read would pair the old file's key with the new file's head, and the old file
    // would pass for tracked when followed to its rotation (its lines lost): then this path is let be until
    // the next walk (NoSuchFileException, as for a file deleted meanwhile).
    static Fingerprint readFingerprint(FileDiscovery.Found f) throws IOException {
        Fingerprint fingerprint = Fingerprint.read(f.path());
        if (f.fileKey() != null && !f.fileKey().equals(fileKeyAt(f.path()))) {
            throw new NoSuchFileException(f.path().toString(), null, "replaced since the walk looked");
        }
        return fingerprint;
    }

    private void markSeen(TrackedFile file, Fingerprint fingerprint, long size) {
        file.seen = true;
        file.gonePoll = -1;
        file.tailer.observed(fingerprint, size);
        // A file with nothing to read yet is opened only while slots are free: open, its growth is seen
        // by the reads of every poll, without walking the directories.
        if (size > file.tailer.offset() || scheduler.hasFreeSlot()) {
            scheduler.enqueue(file);
        }
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

    /** Starts tracking a file found: from its checkpoint, else from startAt at the first walk, else from its start. */
    TrackedFile track(FileDiscovery.Found f, Fingerprint fingerprint, CheckpointStore.Entry checkpoint) {
        long start;
        if (checkpoint != null && checkpoint.offset() <= f.size()) {
            start = checkpoint.offset();
        } else if (checkpoint == null && pollCount == 1 && settings.startAt() == FileInputSettings.StartAt.END
                && !restored.hadCheckpoint(f.path())) {
            start = f.size();
        } else {
            start = 0;
        }
        TrackedFile file = new TrackedFile(new FileTailer(context, f.path(), f.fileKey(), fingerprint, start,
                PodLogPath.resourceOf(f.path())));
        file.seen = true;
        file.tailer.observed(fingerprint, f.size());
        tracked.add(file);
        foundNew = true;
        if (f.size() > start || scheduler.hasFreeSlot()) {
            scheduler.enqueue(file);
        }
        LOG.log(DEBUG, "event=file_found path=" + f.path() + " offset=" + start
                + " from=" + (checkpoint != null ? "checkpoint" : pollCount == 1 ? "startAt" : "beginning"));
        return file;
    }
}
