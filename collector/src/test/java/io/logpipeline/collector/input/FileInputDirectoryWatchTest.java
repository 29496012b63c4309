package io.logpipeline.collector.input;

import io.logpipeline.collector.input.FileInputSettings.StartAt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.logpipeline.collector.input.PodLogs.append;
import static io.logpipeline.collector.input.PodLogs.cri;
import static io.logpipeline.collector.input.PodLogs.logFile;
import static io.logpipeline.collector.input.PodLogs.numbered;
import static io.logpipeline.collector.input.PodLogs.numberedLines;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The input walks its directories only when walking could find something new, and still finds new
 * files, first lines and newly admitted pods without waiting for the safety-net walk.
 */
class FileInputDirectoryWatchTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    // Well under the safety-net walk's interval: found this soon only through a directory event or a read.
    private static final Duration PROMPTLY = Duration.ofSeconds(FileInput.FULL_SCAN_INTERVAL_SECONDS - 2);

    @TempDir
    Path root;

    @RegisterExtension
    final RunningInputs inputs = new RunningInputs();

    @Test
    void growingFilesAreReadAtEveryPollWithoutWalkingTheDirectoriesAgain() throws InterruptedException {
        // given three files with old content, read from their end, and opened while they are quiet
        List<Path> files = List.of(logFile(root, "shop", "web-1", "app"), logFile(root, "shop", "web-2", "app"),
                logFile(root, "team", "job-1", "main"));
        files.forEach(file -> append(file, numberedLines(1, 10)));
        CollectingSink sink = new CollectingSink();
        FileInput input = inputs.start(RunningInputs.settings(root).startAt(StartAt.END).build(), sink);
        await().atMost(WAIT).until(() -> input.stats().openFiles() == 3);
        long scansBefore = input.stats().directoryScans();
        long started = System.nanoTime();

        // when a line is appended to every file about once per poll
        for (int n = 11; n <= 40; n++) {
            for (Path file : files) {
                append(file, cri(n, "line " + n));
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }

        // then every new line arrives, and the directories were walked at most by the safety net
        // (plus one walk the setup's own directory events may have asked for), not at every poll
        await().atMost(WAIT).until(() -> sink.size() == 3 * 30);
        assertThat(sink.bodies()).filteredOn("line 11"::equals).hasSize(3);
        assertThat(sink.bodies()).noneMatch("line 10"::equals);
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
        assertThat(input.stats().directoryScans() - scansBefore)
                .isLessThanOrEqualTo(1 + seconds / FileInput.FULL_SCAN_INTERVAL_SECONDS);
    }

    @Test
    void aNewContainersFileIsFoundPromptlyThroughItsDirectoryEvent() {
        // given an input reading one file, with nothing left to walk for
        append(logFile(root, "shop", "web-1", "app"), numberedLines(1, 5));
        CollectingSink sink = new CollectingSink();
        FileInput input = inputs.start(RunningInputs.settings(root).build(), sink);
        await().atMost(WAIT).until(() -> sink.size() == 5 && input.stats().openFiles() == 1);

        // when a new pod's container starts logging
        append(logFile(root, "shop", "web-2", "app"), numberedLines(101, 105));

        // then
        await().atMost(PROMPTLY).untilAsserted(() -> assertThat(sink.bodies()).containsAll(numbered(101, 105)));
    }

    @Test
    void filesRenamedAwayWithinMomentsOfTheirCreationAreReadToTheirEnd() throws Exception {
        // given an input that walks its directories only once a second (a rename now falls between two walks)
        append(logFile(root, "shop", "web-1", "app"), numberedLines(1, 5));
        CollectingSink sink = new CollectingSink();
        FileInput input = inputs.start(RunningInputs.settings(root).pollInterval(Duration.ofSeconds(1)).build(), sink);
        await().atMost(WAIT).until(() -> sink.size() == 5 && input.stats().openFiles() == 1);

        // when, again and again, a container's file is created, written, and renamed by the kubelet within
        // ~50 ms, in a new pod's directory or an existing one, and sometimes compressed right away
        List<String> expected = new ArrayList<>(numbered(1, 5));
        for (int round = 1; round <= 6; round++) {
            Path log = logFile(root, "shop", round % 2 == 0 ? "web-1" : "short-" + round, "app");
            int first = round * 100;
            append(log, numberedLines(first, first + 9));
            TimeUnit.MILLISECONDS.sleep(50);
            append(log, numberedLines(first + 10, first + 19));
            Path rotated = log.resolveSibling("0.log.20261204-1713" + round + "0");
            Files.move(log, rotated);
            if (round % 3 == 0) {
                FileInputRotationTest.gzip(rotated);
            }
            expected.addAll(numbered(first, first + 19));
            TimeUnit.MILLISECONDS.sleep(150);
        }

        // then every line of every file arrives, once
        await().atMost(WAIT).untilAsserted(() -> assertThat(sink.bodies()).containsExactlyInAnyOrderElementsOf(expected));
        await().during(Duration.ofMillis(1500)).atMost(WAIT).until(() -> sink.size() == expected.size());
        assertThat(input.stats().lostBytes()).isZero();
    }

    @Test
    void aFileCreatedEmptyIsReadOnceItsFirstLinesAreWritten() throws IOException {
        // given a container whose log file exists but is still empty, for a few polls
        append(logFile(root, "shop", "web-1", "app"), numberedLines(1, 5));
        Path empty = Files.createFile(logFile(root, "shop", "web-2", "app"));
        CollectingSink sink = new CollectingSink();
        inputs.start(RunningInputs.settings(root).build(), sink);
        await().atMost(WAIT).until(() -> sink.size() == 5);
        await().pollDelay(Duration.ofMillis(200)).atMost(WAIT).until(() -> true);

        // when it writes its first lines (no directory entry changes)
        append(empty, numberedLines(101, 103));

        // then
        await().atMost(PROMPTLY).untilAsserted(() -> assertThat(sink.bodies()).containsAll(numbered(101, 103)));
    }

    @Test
    void aRescanFindsTheFilesAPodFilterAdmitsNow() {
        // given a pod whose files the pod filter rejects (as a podSelector does before its labels match)
        AtomicBoolean labelsMatch = new AtomicBoolean(false);
        append(logFile(root, "shop", "web-1", "app"), numberedLines(1, 5));
        CollectingSink sink = new CollectingSink();
        FileInput input = inputs.start(RunningInputs.settings(root).podFilter(pod -> labelsMatch.get()).build(), sink);
        await().atMost(WAIT).until(() -> input.stats().directoryScans() >= 1);
        await().during(Duration.ofMillis(200)).atMost(WAIT).until(() -> sink.size() == 0);

        // when its labels change to match and the metadata cache asks the input to look again
        labelsMatch.set(true);
        input.rescan();

        // then
        await().atMost(PROMPTLY).untilAsserted(() -> assertThat(sink.bodies()).isEqualTo(numbered(1, 5)));
    }
}
