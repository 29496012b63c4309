package io.logpipeline.collector.input;

import io.logpipeline.collector.input.rotation.RotatedFiles;

import java.util.HashSet;
import java.util.Set;

/**
 * What this input's walks saw that tells a rotation written while the input ran from history from before it:
 * when its first walk began, and which files (by key) its last two walks found empty. See {@link
 * RotationFollower#trackUnreadRotations}. Input thread only.
 */
final class WalkHistory {

    // Wall clock, as file modification times are; MAX_VALUE until the first walk.
    private long firstWalkMillis = Long.MAX_VALUE;
    private Set<Object> foundEmpty = new HashSet<>();
    private Set<Object> foundEmptyBefore = new HashSet<>();

    /** A walk begins: what the walk before the last found empty is forgotten. */
    void walkStarted() {
        if (firstWalkMillis == Long.MAX_VALUE) {
            firstWalkMillis = System.currentTimeMillis();
        }
        Set<Object> reused = foundEmptyBefore;
        reused.clear();
        foundEmptyBefore = foundEmpty;
        foundEmpty = reused;
    }

    /** This walk found the file with this key empty (null: a file system without keys). */
    void foundEmpty(Object fileKey) {
        if (fileKey != null) {
            foundEmpty.add(fileKey);
        }
    }

    /**
     * Whether the rotation holds lines written while this input ran, not history from before it: it is a file
     * one of the last two walks found empty (written and renamed away before the next), or, uncompressed, it was
     * last modified after the first walk began (a copy-truncate's copy made, or a file renamed away, between two
     * walks). Compressing gives a rotation made long ago a new modification time, so a .gz is not judged by it.
     * The kernel stamps files with a clock up to a tick behind the wall clock: a file modified within a tick of the
     * first walk may be taken for history, never the other way round.
     */
    boolean writtenWhileRunning(RotatedFiles.Rotated rotation) {
        return foundEmpty.contains(rotation.fileKey()) || foundEmptyBefore.contains(rotation.fileKey())
                || !rotation.compressed() && rotation.lastModified().toMillis() > firstWalkMillis;
    }
}
