package io.logpipeline.collector.input;

import io.logpipeline.collector.input.tail.FileTailer;

import java.nio.file.Path;

/** A file the input knows, open or waiting for a slot. */
final class TrackedFile {
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
