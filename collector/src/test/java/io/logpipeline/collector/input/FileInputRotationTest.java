package io.logpipeline.collector.input;

import io.logpipeline.collector.input.FileInputSettings.StartAt;
import io.logpipeline.collector.testing.LogCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static io.logpipeline.collector.input.PodLogs.append;
import static io.logpipeline.collector.input.PodLogs.logFile;
import static io.logpipeline.collector.input.PodLogs.numbered;
import static io.logpipeline.collector.input.PodLogs.numberedLines;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Files the kubelet rotates (renames to {@code 0.log.<timestamp>}, later compresses to {@code .gz}) while
 * the input is stopped or behind, and copy-truncate, all with the default glob {@code *}{@code /*}{@code /*.log}.
 */
class FileInputRotationTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String ROTATED = "0.log.20261204-171300";

    @TempDir
    Path root;
    @TempDir
    Path checkpoints;

    @RegisterExtension
    final RunningInputs inputs = new RunningInputs();
    @RegisterExtension
    final LogCapture log = new LogCapture();

    private FileInputSettings settings() {
        // startAt: end, the default, so the new 0.log must be read because of the old file's checkpoint
        return RunningInputs.settings(root).checkpointDirectory(checkpoints).startAt(StartAt.END).build();
    }

    @Test
    void aFileRenamedWhileTheInputWasStoppedIsReadToItsEndThenTheNewFile() throws IOException {
        // given a first run that read lines 1..50 and acknowledged 1..40
        Path log = logFile(root, "shop", "web-1", "app");
        append(log, numberedLines(1, 50));
        List<String> acknowledged = numbered(1, 40);
        CollectingSink firstSink = new CollectingSink(record -> acknowledged.contains(record.body()));
        FileInput first = inputs.start(RunningInputs.settings(root).checkpointDirectory(checkpoints).build(), firstSink);
        await().atMost(WAIT).until(() -> firstSink.size() == 50);
        first.close();

        // when, while it is stopped, the file gets more lines, the kubelet renames it and a new 0.log starts
        append(log, numberedLines(51, 60));
        Files.move(log, log.resolveSibling(ROTATED));
        append(log, numberedLines(61, 80));
        CollectingSink secondSink = new CollectingSink();
        inputs.start(settings(), secondSink);

        // then the unacknowledged tail comes again, nothing else twice, nothing lost
        await().atMost(WAIT).untilAsserted(() -> assertThat(secondSink.bodies())
                .containsExactlyInAnyOrderElementsOf(numbered(41, 80)));
        await().during(Duration.ofMillis(300)).atMost(WAIT).until(() -> secondSink.size() == 40);
    }

    @Test
    void aFileTheInputFoundEmptyThenWrittenAndRenamedBeforeTheNextWalkIsReadWithTheNewFile() throws IOException {
        // given an input that found the container's 0.log empty, and walks again only in 2 s
        Path log = logFile(root, "shop", "web-1", "app");
        Files.createFile(log);
        CollectingSink sink = new CollectingSink();
        FileInput input = inputs.start(RunningInputs.settings(root).pollInterval(Duration.ofSeconds(2)).build(), sink);
        await().atMost(WAIT).until(() -> input.stats().directoryScans() > 0);

        // when, before that walk, the runtime writes lines, the kubelet renames the file and a new 0.log starts
        append(log, numberedLines(1, 20));
        Files.move(log, log.resolveSibling(ROTATED));
        append(log, numberedLines(21, 30));

        // then the lines written while the input ran are read, in the renamed file too
        await().atMost(WAIT).untilAsserted(() -> assertThat(sink.bodies())
                .containsExactlyInAnyOrderElementsOf(numbered(1, 30)));
    }

    @Test
    void aFileCreatedAndCopyTruncatedBeforeTheInputsNextWalkIsReadInTheCopyAndTheLiveFile() throws IOException {
        // given an input that walked before the container's 0.log existed, and walks again only in 2 s
        Path log = logFile(root, "shop", "web-1", "app");
        CollectingSink sink = new CollectingSink();
        FileInput input = inputs.start(RunningInputs.settings(root).pollInterval(Duration.ofSeconds(2)).build(), sink);
        // past the first walk by more than the kernel's file-time tick (see WalkHistory.writtenWhileRunning)
        await().pollDelay(Duration.ofMillis(50)).atMost(WAIT).until(() -> input.stats().directoryScans() > 0);

        // when, before that walk, the runtime writes lines and logrotate copies the file and truncates it
        append(log, numberedLines(1, 20));
        Files.copy(log, log.resolveSibling("0.log.1"));
        try (FileChannel channel = FileChannel.open(log, StandardOpenOption.WRITE)) {
            channel.truncate(0);
        }
        append(log, numberedLines(21, 30));

        // then the lines written while the input ran are read, in the copy too, each once
        await().atMost(WAIT).untilAsserted(() -> assertThat(sink.bodies())
                .containsExactlyInAnyOrderElementsOf(numbered(1, 30)));
        await().during(Duration.ofMillis(300)).atMost(WAIT).until(() -> sink.size() == 30);
    }

    @Test
    void aRotatedFileReadToItsEndWhoseRecordsWereNotAcknowledgedIsReadAgainAfterARestart() throws IOException {
        // given a first run whose sink acknowledges nothing (its backend is down)
        FileInput first = firstRunThatReadARenamedFileToItsEnd(new CollectingSink(record -> false));

        // when it stops and starts again
        first.close();
        CollectingSink secondSink = new CollectingSink();
        inputs.start(settings(), secondSink);

        // then every line comes again, the rotated file's too, since none was acknowledged; each once
        await().atMost(WAIT).untilAsserted(() -> assertThat(secondSink.bodies())
                .containsExactlyInAnyOrderElementsOf(numbered(1, 15)));
        await().during(Duration.ofMillis(300)).atMost(WAIT).until(() -> secondSink.size() == 15);
    }

    @Test
    void aRotatedFileReadToItsEndAndAcknowledgedIsNotReadAgainAfterARestart() throws IOException {
        // given a first run whose sink acknowledges every record
        FileInput first = firstRunThatReadARenamedFileToItsEnd(new CollectingSink());

        // when it stops, the new 0.log gets more lines, and it starts again
        first.close();
        append(logFile(root, "shop", "web-1", "app"), numberedLines(16, 20));
        CollectingSink secondSink = new CollectingSink();
        inputs.start(settings(), secondSink);

        // then only the new lines come
        await().atMost(WAIT).untilAsserted(() -> assertThat(secondSink.bodies())
                .containsExactlyInAnyOrderElementsOf(numbered(16, 20)));
        await().during(Duration.ofMillis(300)).atMost(WAIT).until(() -> secondSink.size() == 5);
    }

    // A run that read 0.log's lines 1..10, the kubelet's rename of it and lines 11..15 of the new 0.log, and let the
    // renamed file go (read to its end: one file open).
    private FileInput firstRunThatReadARenamedFileToItsEnd(CollectingSink sink) {
        Path log = logFile(root, "shop", "web-1", "app");
        FileInput first = inputs.start(RunningInputs.settings(root).checkpointDirectory(checkpoints).build(), sink);
        append(log, numberedLines(1, 10));
        await().atMost(WAIT).until(() -> sink.size() == 10);
        try {
            Files.move(log, log.resolveSibling(ROTATED));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        append(log, numberedLines(11, 15));
        await().atMost(WAIT).until(() -> sink.size() == 15 && first.stats().openFiles() == 1);
        return first;
    }

    @Test
    void aFileRenamedAndCompressedWhileTheInputWasStoppedIsReadFromItsUncompressedOffset() throws IOException {
        // given a first run that read and acknowledged lines 1..500 (more than a fingerprint's 1 KiB)
        Path log = logFile(root, "shop", "web-1", "app");
        append(log, numberedLines(1, 500));
        CollectingSink firstSink = new CollectingSink();
        FileInput first = inputs.start(settings(), firstSink);
        await().atMost(WAIT).until(() -> firstSink.size() == 0 && first.stats().openFiles() == 1);
        append(log, numberedLines(501, 600));
        await().atMost(WAIT).until(() -> firstSink.size() == 100);
        first.close();

        // when, while it is stopped, the file grows, is renamed, compressed, and a new 0.log starts
        append(log, numberedLines(601, 700));
        Path rotated = log.resolveSibling(ROTATED);
        Files.move(log, rotated);
        gzip(rotated);
        append(log, numberedLines(701, 720));
        CollectingSink secondSink = new CollectingSink();
        FileInput second = inputs.start(settings(), secondSink);

        // then
        await().atMost(WAIT).untilAsserted(() -> assertThat(secondSink.bodies())
                .containsExactlyInAnyOrderElementsOf(numbered(601, 720)));
        await().during(Duration.ofMillis(300)).atMost(WAIT).until(() -> secondSink.size() == 120);
        List<String> fromRotated = secondSink.bodies().stream().filter(numbered(601, 700)::contains).toList();
        assertThat(fromRotated).isEqualTo(numbered(601, 700));
        assertThat(second.stats().lostBytes()).isZero();
    }

    @Test
    void compressedAndRotatedFilesAreNeverReadAsNewFiles() throws IOException {
        // given rotated files of a container the input never read, one of them compressed
        Path log = logFile(root, "shop", "web-1", "app");
        append(log.resolveSibling("0.log.20261204-170000"), numberedLines(1, 10));
        append(log.resolveSibling(ROTATED), numberedLines(11, 20));
        gzip(log.resolveSibling(ROTATED));
        append(log, numberedLines(21, 30));
        CollectingSink sink = new CollectingSink();

        // when an input reads everything from the beginning, even with a glob that matches the rotated names
        inputs.start(RunningInputs.settings(root).includePaths(List.of(root + "/*/*/*.log*")).build(), sink);

        // then only the live file is read
        await().atMost(WAIT).untilAsserted(() -> assertThat(sink.bodies()).isEqualTo(numbered(21, 30)));
        await().during(Duration.ofMillis(300)).atMost(WAIT).until(() -> sink.size() == 10);
    }

    @Test
    void aFileRotatedAndCompressedBeforeItGotASlotIsReadToItsEnd() throws IOException {
        // given one slot, held by a file the sink holds back, and a second file waiting for it
        RunningInputs.WaitingForSlot given = inputs.secondFileWaitingForASlot(root, RunningInputs.settings(root));
        Path second = given.waiting();
        CollectingSink sink = given.sink();
        FileInput input = given.input();

        // when the waiting file is rotated and compressed, a new one starts, and the sink takes records again
        Path rotated = second.resolveSibling(ROTATED);
        Files.move(second, rotated);
        append(second, numberedLines(121, 130));
        await().pollDelay(Duration.ofMillis(100)).atMost(WAIT).until(() -> true);
        gzip(rotated);
        await().pollDelay(Duration.ofMillis(100)).atMost(WAIT).until(() -> true);
        sink.capacity(Integer.MAX_VALUE);

        // then
        List<String> expected = new ArrayList<>(numbered(1, 20));
        expected.addAll(numbered(101, 130));
        await().atMost(WAIT).untilAsserted(() -> assertThat(sink.bodies()).containsExactlyInAnyOrderElementsOf(expected));
        assertThat(input.stats().lostBytes()).isZero();
    }

    @Test
    void aFileWaitingForASlotThatIsRotatedTwiceIsFollowedWithoutAFailedCycle() throws IOException {
        List<String> inputLog = log.linesOf(FileInput.class.getName());
        // given one slot, held by a file the sink holds back, and a second file waiting for it
        RunningInputs.WaitingForSlot given = inputs.secondFileWaitingForASlot(root, RunningInputs.settings(root));
        Path second = given.waiting();
        CollectingSink sink = given.sink();
        FileInput input = given.input();

        // when the waiting file is rotated, and its successor is rotated too before a walk saw it (the container
        // then stops: no new 0.log), so following the waiting file to its rotation finds a newer rotation to track
        Files.move(second, second.resolveSibling("0.log.20261204-171300"));
        append(second, numberedLines(121, 140));
        Files.move(second, second.resolveSibling("0.log.20261204-171400"));
        await().pollDelay(Duration.ofMillis(300)).atMost(WAIT).until(() -> true);
        sink.capacity(Integer.MAX_VALUE);

        // then every line is read once, and no read cycle failed on the way
        List<String> expected = new ArrayList<>(numbered(1, 20));
        expected.addAll(numbered(101, 140));
        await().atMost(WAIT).untilAsserted(() -> assertThat(sink.bodies()).containsExactlyInAnyOrderElementsOf(expected));
        assertThat(input.stats().lostBytes()).isZero();
        assertThat(inputLog).noneMatch(line -> line.contains("input_cycle_failed"));
    }

    // Compresses the file as the kubelet does: the .gz appears, then the original is deleted.
    static void gzip(Path file) throws IOException {
        Path compressed = file.resolveSibling(file.getFileName() + ".gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(compressed))) {
            Files.copy(file, out);
        }
        Files.delete(file);
    }
}
