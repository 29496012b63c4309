package io.logpipeline.collector.input;

import io.logpipeline.collector.input.checkpoint.Fingerprint;
import io.logpipeline.collector.input.rotation.RotatedFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;

import static io.logpipeline.collector.input.PodLogs.append;
import static io.logpipeline.collector.input.PodLogs.logFile;
import static io.logpipeline.collector.input.PodLogs.numberedLines;
import static org.assertj.core.api.Assertions.assertThat;

/** How the input tells a rotation holding lines written while it ran from history from before it. */
class WalkHistoryTest {

    @TempDir
    Path root;

    private final WalkHistory history = new WalkHistory();

    @Test
    void aRotationModifiedAfterTheFirstWalkBeganWasWrittenWhileTheInputRan() throws IOException {
        // given
        history.walkStarted();

        // when
        RotatedFiles.Rotated copy = rotation("0.log.1", Instant.now().plus(Duration.ofSeconds(1)));

        // then
        assertThat(history.writtenWhileRunning(copy)).isTrue();
    }

    @Test
    void aRotationLastModifiedBeforeTheFirstWalkIsHistory() throws IOException {
        // given
        RotatedFiles.Rotated old = rotation("0.log.20261206-040000", Instant.now().minus(Duration.ofHours(1)));

        // when
        history.walkStarted();
        history.walkStarted();

        // then
        assertThat(history.writtenWhileRunning(old)).isFalse();
    }

    @Test
    void aCompressedRotationIsNotJudgedByItsModificationTime() throws IOException {
        // given an input that walked, then the kubelet compressed a rotation made an hour before
        history.walkStarted();

        // when
        RotatedFiles.Rotated compressed = rotation("0.log.20261206-040000.gz", Instant.now().plus(Duration.ofSeconds(1)));

        // then
        assertThat(history.writtenWhileRunning(compressed)).isFalse();
    }

    @Test
    void aFileOneOfTheLastTwoWalksFoundEmptyWasWrittenWhileTheInputRanAndIsForgottenAfter() throws IOException {
        // given a file renamed away whose modification time says nothing (set back an hour)
        RotatedFiles.Rotated renamed = rotation("0.log.20261206-040000", Instant.now().minus(Duration.ofHours(1)));
        history.walkStarted();
        history.foundEmpty(renamed.fileKey());

        // when / then
        history.walkStarted();
        assertThat(history.writtenWhileRunning(renamed)).isTrue();
        history.walkStarted();
        assertThat(history.writtenWhileRunning(renamed)).isFalse();
    }

    private RotatedFiles.Rotated rotation(String name, Instant lastModified) throws IOException {
        Path file = logFile(root, "shop", "web-1", "app").resolveSibling(name);
        append(file, numberedLines(1, 3));
        Files.setLastModifiedTime(file, FileTime.from(lastModified));
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        return new RotatedFiles.Rotated(file, attributes.size(), attributes.fileKey(), Fingerprint.read(file),
                attributes.lastModifiedTime());
    }
}
