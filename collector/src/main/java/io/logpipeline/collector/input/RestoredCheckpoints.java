package io.logpipeline.collector.input;

import io.logpipeline.collector.input.checkpoint.CheckpointStore;
import io.logpipeline.collector.input.checkpoint.Fingerprint;
import io.logpipeline.collector.input.rotation.RotatedFiles;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** The checkpoints loaded at start, each claimed once by the file it was taken for, at the first walk. */
final class RestoredCheckpoints {

    private final List<CheckpointStore.Entry> unclaimed = new ArrayList<>();
    // The live files (0.log, not its rotations) that had a checkpoint: a new file there is read from its
    // start whatever startAt says, since the old one rotated away while the input was down.
    private final Set<Path> liveFiles = new HashSet<>();

    void restore(List<CheckpointStore.Entry> entries) {
        unclaimed.addAll(entries);
        for (CheckpointStore.Entry entry : entries) {
            liveFiles.add(RotatedFiles.livePath(Path.of(entry.path())));
        }
    }

    /** Whether a checkpoint no file claimed yet was taken for this file. */
    boolean hasUnclaimed(Fingerprint fingerprint) {
        return unclaimed.stream().anyMatch(entry -> entry.matches(fingerprint));
    }

    /** Whether {@code path} had a checkpoint at start, for this file or the one rotated away from it. */
    boolean hadCheckpoint(Path path) {
        return liveFiles.contains(RotatedFiles.livePath(path));
    }

    /**
     * The checkpoint of this file, taken in the same directory, preferring one taken at the same path;
     * each is used once.
     */
    CheckpointStore.Entry claim(Fingerprint fingerprint, Path path) {
        CheckpointStore.Entry match = null;
        for (CheckpointStore.Entry entry : unclaimed) {
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
            unclaimed.remove(match);
        }
        return match;
    }

    /** The checkpoints no file claimed yet; {@link #claimRotated} takes them. */
    List<CheckpointStore.Entry> unclaimed() {
        return List.copyOf(unclaimed);
    }

    /** Claims a checkpoint whose file was found among its rotations. */
    void claimRotated(CheckpointStore.Entry entry) {
        unclaimed.remove(entry);
    }

    /** Forgets what was not claimed: the files of those checkpoints are gone for good. */
    void forgetUnclaimed() {
        unclaimed.clear();
    }
}
