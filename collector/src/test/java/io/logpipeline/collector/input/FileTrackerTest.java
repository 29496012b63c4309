package io.logpipeline.collector.input;

import io.logpipeline.collector.input.checkpoint.Fingerprint;
import io.logpipeline.collector.input.discovery.FileDiscovery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

import static io.logpipeline.collector.input.PodLogs.append;
import static io.logpipeline.collector.input.PodLogs.logFile;
import static io.logpipeline.collector.input.PodLogs.numberedLines;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The parts of file tracking that a race with the runtime decides, which the input's tests cannot time. */
class FileTrackerTest {

    @TempDir
    Path root;

    @Test
    void theFingerprintOfAFileTheWalkFoundIsItsHead() throws IOException {
        // given
        Path log = logFile(root, "shop", "web-1", "app");
        append(log, numberedLines(1, 3));

        // when
        Fingerprint fingerprint = FileTracker.readFingerprint(found(log));

        // then
        assertThat(fingerprint.sameFileAs(Fingerprint.read(log))).isTrue();
    }

    @Test
    void aFileRenamedAwayAndReplacedAfterTheWalkLookedIsLetBeUntilTheNextWalk() throws IOException {
        // given a walk that found 0.log
        Path log = logFile(root, "shop", "web-1", "app");
        append(log, numberedLines(1, 3));
        FileDiscovery.Found found = found(log);

        // when the kubelet renames it and the runtime starts a new 0.log before the tracker reads its head
        Files.move(log, log.resolveSibling("0.log.20261206-120000"));
        append(log, numberedLines(4, 6));

        // then the new head is not paired with the old file's key (the old file would pass for tracked)
        assertThatThrownBy(() -> FileTracker.readFingerprint(found)).isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("replaced since the walk looked");
    }

    private static FileDiscovery.Found found(Path log) throws IOException {
        return new FileDiscovery.Found(log, Files.size(log),
                Files.readAttributes(log, BasicFileAttributes.class).fileKey());
    }
}
