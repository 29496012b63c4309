package io.logpipeline.collector.input;

import io.logpipeline.collector.input.checkpoint.CheckpointStore;
import io.logpipeline.collector.input.checkpoint.Fingerprint;
import io.logpipeline.collector.input.discovery.FileDiscovery;
import io.logpipeline.collector.input.rotation.RotatedFiles;
import io.logpipeline.collector.input.tail.FileTailer;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import static java.lang.System.Logger.Level.INFO;

/**
 * The part of file tracking that follows files to their rotations: a file that left its path found again by
 * fingerprint among its rotations (0.log.&lt;timestamp&gt;, its .gz, logrotate's copy), checkpointed files
 * rotated while the input was down, and the rotations made after the newest known one, which no walk reported
 * as files of their own. Input thread only; works on its {@link FileTracker}'s files.
 */
final class RotationFollower {

    private static final System.Logger LOG = System.getLogger(FileInput.class.getName());
    // Rotated files live a few rotations (kubelet keeps 5, logrotate a handful): more than any keeps.
    private static final int READ_TO_END_KEPT = 64;

    private final FileTracker tracker;
    private final ReadScheduler scheduler;
    private final RestoredCheckpoints restored;
    private final WalkHistory history;
    // The files read to their end lately, oldest first: see ReadToEnd.
    private final ArrayDeque<ReadToEnd> readToEnd = new ArrayDeque<>();

    /**
     * A file read to its end and let go. A rotation with its content is not read again, and its checkpoint is kept,
     * at what was acknowledged of it: a restart neither reads it again (a clean one delivers every line once) nor
     * loses the records still waiting for their backend when it was let go.
     */
    private static final class ReadToEnd {

        private final Fingerprint fingerprint;
        private final Path path;
        // Asked for the acknowledged offset until every record read is acknowledged, then let go (its memory too).
        private FileTailer tailer;
        private long committedOffset;

        ReadToEnd(FileTailer tailer) {
            this(tailer.fingerprint(), tailer.path(), tailer.committedOffset());
            this.tailer = tailer;
        }

        ReadToEnd(Fingerprint fingerprint, Path path, long committedOffset) {
            this.fingerprint = fingerprint;
            this.path = path;
            this.committedOffset = committedOffset;
        }

        CheckpointStore.Entry checkpoint() {
            if (tailer != null) {
                committedOffset = tailer.committedOffset();
                if (tailer.allAcknowledged()) {
                    tailer = null;
                }
            }
            return new CheckpointStore.Entry(committedOffset, fingerprint.length(), fingerprint.hash(), path.toString());
        }
    }

    RotationFollower(FileTracker tracker, ReadScheduler scheduler, RestoredCheckpoints restored, WalkHistory history) {
        this.tracker = tracker;
        this.scheduler = scheduler;
        this.restored = restored;
        this.history = history;
    }

    /** Remembers a file read to its end and let go. */
    void readToEnd(FileTailer tailer) {
        remember(new ReadToEnd(tailer));
    }

    /** The checkpoints of the files read to their end lately, written with those of the files being read. */
    List<CheckpointStore.Entry> readToEndCheckpoints() {
        List<CheckpointStore.Entry> checkpoints = new ArrayList<>(readToEnd.size());
        for (ReadToEnd done : readToEnd) {
            checkpoints.add(done.checkpoint());
        }
        return checkpoints;
    }

    private void remember(ReadToEnd done) {
        if (readToEnd.size() == READ_TO_END_KEPT) {
            readToEnd.removeFirst();
        }
        readToEnd.addLast(done);
    }

    // Checkpointed files that were rotated (renamed, copied, compressed) while the input was down, or before
    // (read to their end, see ReadToEnd): found by fingerprint among their rotations and read on from the
    // checkpoint to their end, if anything is left; the rotations made after them were written while the input
    // was down too, and are read from their start. All before the live files, in rotation order.
    void resumeRotatedCheckpoints() {
        List<TrackedFile> resumed = new ArrayList<>();
        for (CheckpointStore.Entry entry : restored.unclaimed()) {
            RotatedFiles.Rotated rotated = RotatedFiles.find(Path.of(entry.path()), entry::matches);
            if (rotated == null || tracker.isTracked(rotated.fileKey())) {
                continue;
            }
            restored.claimRotated(entry);
            if (entry.offset() >= rotated.size()) {
                remember(new ReadToEnd(rotated.fingerprint(), rotated.path(), entry.offset()));
            } else {
                LOG.log(INFO, "event=file_moved from=" + entry.path() + " to=" + rotated.path() + " while=stopped");
                resumed.add(trackRotated(rotated, entry));
            }
            resumed.addAll(trackUnreadRotations(rotated.path()));
        }
        if (!resumed.isEmpty()) {
            List<TrackedFile> tracked = tracker.files();
            tracked.removeAll(resumed);
            tracked.addAll(0, resumed);
            scheduler.putFirst(resumed);
        }
    }

    // The rotations of this live file made after the newest one whose content is known here (read, being
    // read, or resumed from a checkpoint of its own): written while the input was down, or truncated again
    // (copy-truncate) or renamed before a walk saw them, so never reported as files of their own. Read
    // from their start. A rotation with the live file's content is a copy-truncate that has copied but
    // not truncated yet: known too. With no known rotation, they are history from before the input, unless
    // one was written while the input ran: a file it found empty, or one modified since its first walk (a file
    // created and copy-truncated, or written and renamed away, between two walks).
    List<TrackedFile> trackUnreadRotations(Path live) {
        List<RotatedFiles.Rotated> rotations = RotatedFiles.inRotationOrder(live);
        int newestKnown = -1;
        for (int i = 0; i < rotations.size(); i++) {
            if (isKnown(rotations.get(i)) && !isCopyOfLiveFile(rotations.get(i))) {
                newestKnown = i;
            }
        }
        // A rotation written while this input ran (of a file it found empty, or modified since its first walk)
        // is no history: read it and the later ones too.
        int firstUnread = newestKnown >= 0 ? newestKnown + 1 : rotations.size();
        for (int i = 0; i < firstUnread; i++) {
            if (history.writtenWhileRunning(rotations.get(i))) {
                firstUnread = i;
                break;
            }
        }
        List<TrackedFile> found = new ArrayList<>();
        for (RotatedFiles.Rotated unread : rotations.subList(firstUnread, rotations.size())) {
            if (!isKnown(unread)) {
                LOG.log(INFO, "event=file_found path=" + unread.path() + " rotated_after="
                        + (newestKnown >= 0 ? rotations.get(newestKnown).path() : "written while running"));
                found.add(trackRotated(unread, null));
            }
        }
        return found;
    }

    // A file that left its path without being read to its end, found again by fingerprint among its
    // rotations (0.log.<timestamp>, its .gz, logrotate's copy) and read on there; null if there is none.
    RotatedFiles.Rotated followRotation(TrackedFile file) {
        RotatedFiles.Rotated rotated = RotatedFiles.find(file.tailer.path(), file.tailer.fingerprint()::sameFileAs);
        if (rotated == null) {
            return null;
        }
        if (!rotated.path().equals(file.tailer.path())) {
            LOG.log(INFO, "event=file_moved from=" + file.tailer.path() + " to=" + rotated.path());
            file.tailer.moveTo(rotated.path(), rotated.fileKey());
        }
        file.tailer.observed(rotated.fingerprint(), rotated.size());
        if (!file.gone()) {
            file.gonePoll = tracker.pollCount();
        }
        scheduler.enqueue(file);
        trackUnreadRotations(rotated.path());
        return rotated;
    }

    // A copy-truncate's copy made before the truncation: the content of a file this walk found at its live
    // path, newer than every unread rotation.
    private boolean isCopyOfLiveFile(RotatedFiles.Rotated rotated) {
        for (TrackedFile file : tracker.files()) {
            if (file.seen && !RotatedFiles.isRotated(file.tailer.path()) && !file.tailer.path().equals(file.truncatedAt)
                    && !rotated.fileKey().equals(file.tailer.fileKey())
                    && file.tailer.fingerprint().sameFileAs(rotated.fingerprint())) {
                return true;
            }
        }
        return false;
    }

    private boolean isKnown(RotatedFiles.Rotated rotated) {
        return tracker.isTracked(rotated.fileKey()) || isTrackedContent(rotated.fingerprint())
                || restored.hasUnclaimed(rotated.fingerprint());
    }

    private TrackedFile trackRotated(RotatedFiles.Rotated rotated, CheckpointStore.Entry checkpoint) {
        TrackedFile file = tracker.track(new FileDiscovery.Found(rotated.path(), rotated.size(), rotated.fileKey()),
                rotated.fingerprint(), checkpoint);
        file.gonePoll = tracker.pollCount(); // written no more: read to its end, then let go
        return file;
    }

    // Also a file read to its end, about to be let go or let go lately.
    private boolean isTrackedContent(Fingerprint fingerprint) {
        for (TrackedFile file : tracker.files()) {
            if (file.tailer.fingerprint().sameFileAs(fingerprint)) {
                return true;
            }
        }
        return readToEnd.stream().anyMatch(done -> done.fingerprint.sameFileAs(fingerprint));
    }
}
