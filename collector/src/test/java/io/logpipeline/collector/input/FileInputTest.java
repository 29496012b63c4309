package io.logpipeline.collector.input;

import io.logpipeline.collector.input.FileInputSettings.Multiline;
import io.logpipeline.collector.input.FileInputSettings.NameFilter;
import io.logpipeline.collector.input.FileInputSettings.StartAt;
import io.logpipeline.collector.input.FileInputSettings.Stream;
import io.logpipeline.collector.input.FileInputStats.LossReason;
import io.logpipeline.collector.input.checkpoint.CheckpointStore;
import io.logpipeline.collector.record.LogRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.regex.Pattern;

import static io.logpipeline.collector.input.PodLogs.T0;
import static io.logpipeline.collector.input.PodLogs.append;
import static io.logpipeline.collector.input.PodLogs.cri;
import static io.logpipeline.collector.input.PodLogs.logFile;
import static io.logpipeline.collector.input.PodLogs.numbered;
import static io.logpipeline.collector.input.PodLogs.numberedLines;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class FileInputTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    Path root;
    @TempDir
    Path checkpoints;

    @RegisterExtension
    final RunningInputs inputs = new RunningInputs();

    private FileInputSettings.Builder settings() {
        return RunningInputs.settings(root).checkpointDirectory(checkpoints);
    }

    private static long nanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }

    private static int bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    @Test
    void recordsCarryTheContainerIdentityStreamTimesAndPath() {
        // given
        Path log = logFile(root, "shop", "web-1", "app");
        append(log, cri(T0, "stdout", "F", "hello") + cri(T0.plusSeconds(1), "stderr", "F", "oops"));
        CollectingSink sink = new CollectingSink();

        // when
        inputs.start(settings().includeFilePath(true).build(), sink);

        // then
        await().atMost(WAIT).until(() -> sink.size() == 2);
        LogRecord hello = sink.records().get(0);
        LogRecord oops = sink.records().get(1);
        assertThat(hello.body()).isEqualTo("hello");
        assertThat(hello.timestampEpochNanos()).isEqualTo(nanos(T0));
        assertThat(hello.observedEpochNanos()).isGreaterThan(nanos(T0));
        assertThat(hello.attributes()).containsEntry(LogRecord.ATTR_IOSTREAM, "stdout")
                .containsEntry(LogRecord.ATTR_FILE_PATH, log.toString());
        assertThat(oops.attributes()).containsEntry(LogRecord.ATTR_IOSTREAM, "stderr");
        assertThat(hello.resource().attributes()).containsEntry("k8s.namespace.name", "shop")
                .containsEntry("k8s.pod.name", "web-1").containsEntry("k8s.pod.uid", "uid-web-1")
                .containsEntry("k8s.container.name", "app").containsEntry("k8s.container.restart_count", 0L);
        assertThat(oops.resource()).isSameAs(hello.resource());
    }

    @Test
    void criPartialsAreJoinedPerStreamAcrossBufferBoundaries() {
        // given P/F pieces longer than the 64-byte read buffer, stdout and stderr interleaved
        Path log = logFile(root, "shop", "web-1", "app");
        String a = "a".repeat(90);
        String b = "b".repeat(90);
        String c = "c".repeat(50);
        append(log, cri(T0, "stdout", "P", a) + cri(T0.plusMillis(1), "stderr", "P", "E1-")
                + cri(T0.plusMillis(2), "stdout", "P", b) + cri(T0.plusMillis(3), "stderr", "F", "E2")
                + cri(T0.plusMillis(4), "stdout", "F", c) + cri(T0.plusMillis(5), "stdout", "F", "after"));
        CollectingSink sink = new CollectingSink();

        // when
        FileInput input = inputs.start(settings().readBufferSize(64).build(), sink);

        // then
        await().atMost(WAIT).untilAsserted(() -> assertThat(sink.bodies()).containsExactly("E1-E2", a + b + c, "after"));
        assertThat(sink.records().get(1).timestampEpochNanos()).isEqualTo(nanos(T0));
        assertThat(sink.records().get(0).attributes()).containsEntry(LogRecord.ATTR_IOSTREAM, "stderr");
        assertThat(input.stats().linesRead()).isEqualTo(6);
        assertThat(input.stats().parseErrors()).isZero();
    }

    @Test
    void dockerLinesSplitAt16KiBAreJoined() {
        // given a 32 KiB line docker split in two pieces and a last piece with the newline
        Path log = logFile(root, "shop", "web-1", "app");
        String time = "\"time\":\"2026-11-24T12:00:00.000000001Z\"";
        String first = "x".repeat(16384);
        String second = "y".repeat(16380);
        append(log, "{\"log\":\"" + first + "\",\"stream\":\"stdout\"," + time + "}\n"
                + "{\"log\":\"" + second + "\\\"q\\u00e9\\\"\",\"stream\":\"stdout\"," + time + "}\n"
                + "{\"log\":\"end\\n\",\"stream\":\"stdout\"," + time + "}\n"
                + "{\"log\":\"next\\n\",\"stream\":\"stderr\"," + time + "}\n");
        CollectingSink sink = new CollectingSink();

        // when
        FileInput input = inputs.start(settings().build(), sink);

        // then
        await().atMost(WAIT).untilAsserted(() -> assertThat(sink.bodies())
                .containsExactly(first + second + "\"q\u00e9\"end", "next"));
        assertThat(sink.records().get(0).attributes()).containsEntry(LogRecord.ATTR_IOSTREAM, "stdout");
        assertThat(sink.records().get(1).attributes()).containsEntry(LogRecord.ATTR_IOSTREAM, "stderr");
        assertThat(input.stats().parseErrors()).isZero();
    }

    @Test
    void formatIsDetectedPerFileAndCanBeForced() {
        // given a plain-text file next to a CRI file
        Path plain = logFile(root, "shop", "web-1", "app");
        append(plain, "plain text 1\nplain text 2\n");
        Path cri = logFile(root, "shop", "web-2", "app");
        append(cri, cri(1, "from cri"));
        CollectingSink detected = new CollectingSink();

        // when auto-detected
        FileInput auto = inputs.start(settings().build(), detected);

        // then each file is read in its own format, without parse errors
        await().atMost(WAIT).untilAsserted(() -> assertThat(detected.bodies())
                .containsExactlyInAnyOrder("plain text 1", "plain text 2", "from cri"));
        assertThat(auto.stats().parseErrors()).isZero();
        auto.close();

        // when raw is forced, the CRI line is taken whole
        CollectingSink raw = new CollectingSink();
        inputs.start(settings().format(FileInputSettings.Format.RAW).checkpointDirectory(null).build(), raw);
        await().atMost(WAIT).untilAsserted(() -> assertThat(raw.bodies())
                .containsExactlyInAnyOrder("plain text 1", "plain text 2", cri(1, "from cri").strip()));
    }

    @Test
    void invalidLinesArePassedOnRawAndCounted() throws IOException {
        // given a CRI file with a line that is not CRI, one with a bad timestamp, one with invalid UTF-8
        Path log = logFile(root, "shop", "web-1", "app");
        append(log, cri(1, "ok 1") + "garbage line\n" + "2026-99-24T12:00:00Z stdout F bad time\n");
        append(log, ("2026-11-24T12:00:00Z stdout F bytes \u0000").getBytes(StandardCharsets.UTF_8));
        Files.write(log, new byte[] {(byte) 0xFF, ' ', 'h', 'e', 'r', 'e', '\n'}, StandardOpenOption.APPEND);
        append(log, cri(2, "ok 2"));
        CollectingSink sink = new CollectingSink();

        // when
        FileInput input = inputs.start(settings().build(), sink);

        // then
        await().atMost(WAIT).untilAsserted(() -> assertThat(sink.bodies()).containsExactly("ok 1", "garbage line",
                "2026-99-24T12:00:00Z stdout F bad time", "bytes \u0000\uFFFD here", "ok 2"));
        assertThat(input.stats().parseErrors()).isEqualTo(3);
        LogRecord raw = sink.records().get(1);
        assertThat(raw.attributes()).doesNotContainKey(LogRecord.ATTR_IOSTREAM);
        assertThat(raw.timestampEpochNanos()).isZero();
    }

    @Test
    void recordsOverMaxLogSizeAreCutOnACharacterBoundaryAndCounted() {
        // given a 600-byte line of 3-byte characters and a record joined from two 60-byte pieces
        Path log = logFile(root, "shop", "web-1", "app");
        append(log, cri(T0, "stdout", "F", "\u20ac".repeat(200)) + cri(T0, "stdout", "P", "a".repeat(60))
                + cri(T0, "stdout", "F", "b".repeat(60)) + cri(T0, "stdout", "F", "short"));
        CollectingSink sink = new CollectingSink();

        // when
        FileInput input = inputs.start(settings().maxLogSize(100).build(), sink);

        // then
        await().atMost(WAIT).untilAsserted(() -> assertThat(sink.bodies())
                .containsExactly("\u20ac".repeat(33), "a".repeat(60) + "b".repeat(40), "short"));
        assertThat(input.stats().truncatedRecords()).isEqualTo(2);
        assertThat(input.stats().parseErrors()).isZero();
    }

    @Test
    void aLineLongerThanTheReadBufferMayGrowIsCutAndItsRestSkipped() {
        // given a 200 KB line, far beyond maxLogSize plus the buffer's slack, between two short ones
        Path log = logFile(root, "shop", "web-1", "app");
        append(log, cri(1, "before") + cri(2, "y".repeat(200_000)) + cri(3, "after"));
        CollectingSink sink = new CollectingSink();

        // when
        FileInput input = inputs.start(settings().maxLogSize(100).readBufferSize(1024).build(), sink);

        // then
        await().atMost(WAIT).untilAsserted(() -> assertThat(sink.bodies())
                .containsExactly("before", "y".repeat(100), "after"));
        assertThat(input.stats().truncatedRecords()).isEqualTo(1);
        assertThat(input.stats().parseErrors()).isZero();
    }

    @Test
    void multilineRecordsAreJoinedAndTheLastOneFlushedAfterTheTimeout() {
        // given
        MutableClock clock = new MutableClock(Instant.parse("2026-11-24T12:00:00Z"));
        Path log = logFile(root, "shop", "web-1", "app");
        append(log, cri(1, "2026-11-24 ERROR failed") + cri(2, "\tat a.B.c(B.java:1)")
                + cri(3, "\tat d.E.f(E.java:2)") + cri(4, "2026-11-24 INFO next") + cri(5, "  detail"));
        CollectingSink sink = new CollectingSink();
        Multiline multiline = new Multiline(Pattern.compile("^\\d{4}-"), 100, Duration.ofSeconds(2));

        // when
        FileInput input = inputs.start(settings().multiline(multiline).build(), sink, clock);

        // then the first record is complete when the next one starts; the second waits for the timeout
        await().atMost(WAIT).untilAsserted(() -> assertThat(sink.bodies())
                .containsExactly("2026-11-24 ERROR failed\n\tat a.B.c(B.java:1)\n\tat d.E.f(E.java:2)"));
        await().atMost(WAIT).until(() -> input.stats().linesRead() == 5);
        await().during(Duration.ofMillis(300)).atMost(WAIT).until(() -> sink.size() == 1);
        clock.advance(Duration.ofSeconds(2));
        await().atMost(WAIT).untilAsserted(() -> assertThat(sink.bodies()).hasSize(2)
                .last().isEqualTo("2026-11-24 INFO next\n  detail"));
    }

    @Test
    void multilineRecordsStopAtMaxLines() {
        // given
        Path log = logFile(root, "shop", "web-1", "app");
        append(log, cri(1, "START") + cri(2, "a") + cri(3, "b") + cri(4, "c") + cri(5, "START 2"));
        CollectingSink sink = new CollectingSink();
        Multiline multiline = new Multiline(Pattern.compile("^START"), 3, Duration.ofSeconds(60));

        // when
        inputs.start(settings().multiline(multiline).build(), sink);

        // then
        await().atMost(WAIT).untilAsserted(() -> assertThat(sink.bodies()).containsExactly("START\na\nb", "c"));
    }

    @Test
    void aPartialWhoseFinalPieceNeverComesIsSentAfterTheTimeout() {
        // given
        MutableClock clock = new MutableClock(Instant.parse("2026-11-24T12:00:00Z"));
        Path log = logFile(root, "shop", "web-1", "app");
        append(log, cri(1, "whole") + cri(T0, "stdout", "P", "half"));
        CollectingSink sink = new CollectingSink();

        // when
        FileInput input = inputs.start(settings().partialFlushAfter(Duration.ofSeconds(5)).build(), sink, clock);

        // then
        await().atMost(WAIT).until(() -> input.stats().linesRead() == 2);
        await().during(Duration.ofMillis(200)).atMost(WAIT).until(() -> sink.size() == 1);
        clock.advance(Duration.ofSeconds(5));
        await().atMost(WAIT).untilAsserted(() -> assertThat(sink.bodies()).containsExactly("whole", "half"));
    }

    @Test
    void renameRotationMidRecordReadsTheOldFileToItsEndThenTheNewOne() throws IOException {
        // given a runtime writing through its handle, a record half written when kubelet rotates
        Path log = logFile(root, "shop", "web-1", "app");
        CollectingSink sink = new CollectingSink();
        FileInput input = inputs.start(settings().pollInterval(Duration.ofMillis(100)).build(), sink);
        try (FileOutputStream runtime = new FileOutputStream(log.toFile(), true)) {
            runtime.write((numberedLines(1, 50) + cri(T0, "stdout", "P", "part-")).getBytes(StandardCharsets.UTF_8));
            runtime.flush();
            await().atMost(WAIT).until(() -> input.stats().linesRead() == 51);

            // when kubelet renames the file, the runtime finishes writing to it, then a new file starts
            Files.move(log, log.resolveSibling("0.log.20261124-120000"));
            runtime.write((cri(T0, "stdout", "F", "end") + numberedLines(51, 60)).getBytes(StandardCharsets.UTF_8));
        }
        append(log, numberedLines(61, 70));

        // then
        List<String> oldFile = new ArrayList<>(numbered(1, 50));
        oldFile.add("part-end");
        oldFile.addAll(numbered(51, 60));
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(sink.bodies()).hasSize(71).containsAll(oldFile).containsAll(numbered(61, 70));
            assertThat(sink.bodies().stream().filter(oldFile::contains).toList()).isEqualTo(oldFile);
        });
        assertThat(input.stats().lostBytes()).isZero();
        await().atMost(WAIT).until(() -> input.stats().openFiles() == 1);
    }

    @Test
    void copyTruncateIsDetectedAndTheNewContentReadFromTheStart() throws IOException {
        // given
        Path log = logFile(root, "shop", "web-1", "app");
        append(log, numberedLines(1, 30));
        CollectingSink sink = new CollectingSink();
        FileInput input = inputs.start(settings().build(), sink);
        await().atMost(WAIT).until(() -> sink.size() == 30);

        // when logrotate copies the file away and truncates it, and the writer goes on
        Files.copy(log, log.resolveSibling("0.log.1"));
        truncate(log);
        append(log, numberedLines(31, 40));

        // then
        await().atMost(WAIT).untilAsserted(() -> assertThat(sink.bodies()).isEqualTo(numbered(1, 40)));
        await().during(Duration.ofMillis(200)).atMost(WAIT).until(() -> sink.size() == 40);
        assertThat(input.stats().lostBytes()).isZero();
    }

    @Test
    void copyTruncateWithTheCopyInTheGlobsReadsNothingTwice() throws IOException {
        // given
        Path log = logFile(root, "shop", "web-1", "app");
        append(log, numberedLines(1, 30));
        CollectingSink sink = new CollectingSink();
        FileInput input = inputs.start(settings().includePaths(List.of(root + "/*/*/*.log*")).build(), sink);
        await().atMost(WAIT).until(() -> sink.size() == 30);

        // when
        Files.copy(log, log.resolveSibling("0.log.1"));
        truncate(log);
        append(log, numberedLines(31, 40));

        // then
        await().atMost(WAIT).untilAsserted(() -> assertThat(sink.bodies()).isEqualTo(numbered(1, 40)));
        await().during(Duration.ofMillis(300)).atMost(WAIT).until(() -> sink.size() == 40);
        assertThat(input.stats().lostBytes()).isZero();
    }

    @ParameterizedTest(name = "logrotate copy kept: {0}")
    @ValueSource(booleans = {true, false})
    void bytesTruncatedAwayBeforeTheyWereReadAreReadFromTheCopyOrCountedAsLost(boolean copied) throws IOException {
        // given a sink that takes 10 records, so the input stops after reading line 11
        Path log = logFile(root, "shop", "web-1", "app");
        append(log, numberedLines(1, 30));
        CollectingSink sink = new CollectingSink();
        sink.capacity(10);
        FileInput input = inputs.start(settings().build(), sink);
        await().atMost(WAIT).until(() -> sink.size() == 10 && input.stats().linesRead() == 11);

        // when the file is truncated under the input (after logrotate copied it to 0.log.1, outside
        // the globs, or without a copy) and written again
        if (copied) {
            Files.copy(log, log.resolveSibling("0.log.1"));
        }
        truncate(log);
        append(log, numberedLines(31, 35));
        await().pollDelay(Duration.ofMillis(200)).atMost(WAIT)
                .until(() -> copied || input.stats().lostBytes(LossReason.TRUNCATED) > 0);
        sink.capacity(Integer.MAX_VALUE);

        // then with the copy every line arrives once; without it lines 12..30 are lost and counted to
        // the byte, and line 11, already read, still arrives
        List<String> expected = new ArrayList<>(numbered(1, copied ? 30 : 11));
        expected.addAll(numbered(31, 35));
        await().atMost(WAIT).untilAsserted(() -> assertThat(sink.bodies()).isEqualTo(expected));
        await().during(Duration.ofMillis(300)).atMost(WAIT).until(() -> sink.size() == expected.size());
        assertThat(input.stats().lostBytes(LossReason.TRUNCATED)).isEqualTo(copied ? 0 : bytes(numberedLines(12, 30)));
    }

    @Test
    void aFileDeletedWhileReadingIsReadToItsEnd() throws IOException {
        // given an input held back by its sink in the middle of a file
        Path log = logFile(root, "shop", "web-1", "app");
        append(log, numberedLines(1, 100));
        CollectingSink sink = new CollectingSink();
        sink.capacity(5);
        FileInput input = inputs.start(settings().build(), sink);
        await().atMost(WAIT).until(() -> sink.size() == 5);

        // when the file is deleted and the sink takes records again after a few polls
        Files.delete(log);
        await().pollDelay(Duration.ofMillis(200)).atMost(WAIT).until(() -> true);
        sink.capacity(Integer.MAX_VALUE);

        // then
        await().atMost(WAIT).untilAsserted(() -> assertThat(sink.bodies()).isEqualTo(numbered(1, 100)));
        assertThat(input.stats().lostBytes()).isZero();
        await().atMost(WAIT).until(() -> input.stats().openFiles() == 0);
    }

    @Test
    void aFileDeletedBeforeItGotASlotIsCountedAsLost() throws IOException {
        // given one slot, taken by a file the sink holds back, and a second file waiting
        RunningInputs.WaitingForSlot given = inputs.secondFileWaitingForASlot(root, settings());
        Path second = given.waiting();
        CollectingSink sink = given.sink();
        FileInput input = given.input();
        assertThat(input.stats().openFiles()).isEqualTo(1);

        // when the waiting file is deleted
        long size = Files.size(second);
        Files.delete(second);
        await().atMost(WAIT).until(() -> input.stats().lostBytes() == size);
        sink.capacity(Integer.MAX_VALUE);

        // then
        await().atMost(WAIT).untilAsserted(() -> assertThat(sink.bodies()).isEqualTo(numbered(1, 20)));
        assertThat(sink.maxOpenFilesSeen()).isEqualTo(1);
    }

    @Test
    void nothingIsReadThatCannotBeHandedOn() {
        // given a sink that takes nothing
        Path log = logFile(root, "shop", "web-1", "app");
        append(log, numberedLines(1, 100));
        CollectingSink sink = new CollectingSink();
        sink.capacity(0);

        // when
        FileInput input = inputs.start(settings().build(), sink);

        // then only the line whose record waits for the sink is read
        await().atMost(WAIT).until(() -> input.stats().linesRead() == 1);
        await().during(Duration.ofMillis(300)).atMost(WAIT).until(() -> input.stats().linesRead() == 1);
        sink.capacity(Integer.MAX_VALUE);
        await().atMost(WAIT).untilAsserted(() -> assertThat(sink.bodies()).isEqualTo(numbered(1, 100)));
    }

    @Test
    void startAtEndSkipsOldContentButReadsNewFilesFromTheirStart() {
        // given
        Path old = logFile(root, "shop", "web-1", "app");
        append(old, numberedLines(1, 10));
        CollectingSink sink = new CollectingSink();

        // when
        inputs.start(settings().startAt(StartAt.END).build(), sink);
        await().atMost(WAIT).until(() -> new CheckpointStore(checkpoints).load().size() == 1);
        append(old, numberedLines(11, 15));
        Path fresh = logFile(root, "shop", "web-2", "app");
        append(fresh, numberedLines(101, 103));

        // then
        List<String> expected = new ArrayList<>(numbered(11, 15));
        expected.addAll(numbered(101, 103));
        await().atMost(WAIT).untilAsserted(() -> assertThat(sink.bodies()).containsExactlyInAnyOrderElementsOf(expected));
    }

    @Test
    void startAtBeginningReadsExistingContent() {
        // given
        Path old = logFile(root, "shop", "web-1", "app");
        append(old, numberedLines(1, 10));
        CollectingSink sink = new CollectingSink();

        // when
        inputs.start(settings().startAt(StartAt.BEGINNING).build(), sink);

        // then
        await().atMost(WAIT).untilAsserted(() -> assertThat(sink.bodies()).isEqualTo(numbered(1, 10)));
    }

    @Test
    void namespaceAndContainerFiltersKeepFilesOut() {
        // given
        append(logFile(root, "shop", "web-1", "app"), cri(1, "shop app"));
        append(logFile(root, "shop", "web-1", "istio-proxy"), cri(2, "sidecar"));
        append(logFile(root, "kube-system", "dns-1", "dns"), cri(3, "dns"));
        append(logFile(root, "team", "job-1", "main"), cri(4, "team main"));
        CollectingSink sink = new CollectingSink();

        // when
        FileInput input = inputs.start(settings()
                .namespaces(new NameFilter(List.of(), List.of("kube-system")))
                .containers(new NameFilter(List.of(), List.of("istio-proxy"))).build(), sink);

        // then
        await().atMost(WAIT).untilAsserted(() -> assertThat(sink.bodies()).containsExactlyInAnyOrder("shop app", "team main"));
        await().during(Duration.ofMillis(200)).atMost(WAIT).until(() -> sink.size() == 2);
        assertThat(input.stats().linesRead()).isEqualTo(2);
    }

    @Test
    void theStreamsFilterDropsLinesButCheckpointsPastThem() {
        // given
        Path log = logFile(root, "shop", "web-1", "app");
        append(log, cri(T0, "stdout", "F", "out 1") + cri(T0, "stderr", "F", "err 1") + cri(T0, "stdout", "F", "out 2"));
        CollectingSink sink = new CollectingSink();
        FileInput input = inputs.start(settings().streams(EnumSet.of(Stream.STDERR)).build(), sink);

        // when
        await().atMost(WAIT).untilAsserted(() -> assertThat(sink.bodies()).containsExactly("err 1"));
        await().atMost(WAIT).until(() -> input.stats().linesRead() == 3);
        input.close();

        // then
        assertThat(new CheckpointStore(checkpoints).load()).singleElement()
                .satisfies(entry -> assertThat(entry.offset()).isEqualTo(Files.size(log)));
    }

    private static void truncate(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(0);
        }
    }
}
