package io.logpipeline.collector.input;

import io.logpipeline.collector.input.checkpoint.CheckpointStore;
import io.logpipeline.collector.record.LogRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.logpipeline.collector.input.PodLogs.append;
import static io.logpipeline.collector.input.PodLogs.logFile;
import static io.logpipeline.collector.input.PodLogs.numbered;
import static io.logpipeline.collector.input.PodLogs.numberedLines;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Checkpoints across runs (a SIGKILLed collector process among them), and many files through few slots. */
class FileInputRestartTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path root;
    @TempDir
    Path checkpoints;

    @RegisterExtension
    final RunningInputs inputs = new RunningInputs();

    private FileInputSettings.Builder settings() {
        return RunningInputs.settings(root).checkpointDirectory(checkpoints);
    }

    @Test
    void aCollectorKilledWithSigkillResumesRightAfterItsLastCommittedAcknowledgement() throws Exception {
        // given a collector process that received all 2000 lines but acknowledged only 1..800
        Path log = logFile(root, "shop", "web-1", "app");
        append(log, numberedLines(1, 2000));
        Path received = root.resolve("received.txt");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CollectorChildProcess.class.getName(),
                PodLogs.glob(root), checkpoints.toString(), received.toString(), "800")
                .redirectErrorStream(true).redirectOutput(root.resolve("child.log").toFile()).start();
        try {
            long acknowledgedBytes = numberedLines(1, 800).getBytes(StandardCharsets.UTF_8).length;
            await().atMost(WAIT).until(() -> Files.exists(received) && Files.readAllLines(received).size() == 2000);
            await().atMost(WAIT).until(() -> new CheckpointStore(checkpoints).load().stream()
                    .anyMatch(entry -> entry.offset() == acknowledgedBytes));

            // when it is killed without any chance to write a last checkpoint, more lines arrive,
            // and a collector starts again
            child.destroyForcibly().waitFor();
        } finally {
            child.destroyForcibly();
        }
        append(log, numberedLines(2001, 2100));
        CollectingSink sink = new CollectingSink();
        inputs.start(settings().build(), sink);

        // then the lines not acknowledged come again, the acknowledged ones do not, none is lost
        await().atMost(WAIT).untilAsserted(() -> assertThat(sink.bodies()).isEqualTo(numbered(801, 2100)));
        await().during(Duration.ofMillis(300)).atMost(WAIT).until(() -> sink.size() == 1300);
    }

    @Test
    void aBigFileDoesNotHoldTheOnlySlotUntilItIsDone() {
        // given one slot, a file of 4 MiB and a file of one line
        Path big = logFile(root, "a", "big-1", "app");
        String filler = "x".repeat(200);
        StringBuilder text = new StringBuilder();
        int lines = 4 * 1024 * 1024 / 240;
        for (int i = 1; i <= lines; i++) {
            text.append(PodLogs.cri(i, "line " + i + " " + filler));
        }
        append(big, text.toString());
        Path small = logFile(root, "b", "small-1", "app");
        append(small, PodLogs.cri(1, "small"));
        CollectingSink sink = new CollectingSink();

        // when
        inputs.start(settings().maxConcurrentFiles(1).build(), sink);

        // then the small file gets its turn after the big one's first turn, long before its end
        await().atMost(WAIT).until(() -> sink.size() == lines + 1);
        List<String> bodies = sink.bodies();
        assertThat(bodies.indexOf("small")).isBetween(1, lines / 2);
        assertThat(sink.maxOpenFilesSeen()).isEqualTo(1);
    }

    @Test
    void aThousandFilesWithTenActiveShareFiftySlotsFairly() throws IOException {
        // given 1000 containers with 3 lines each
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            Path log = logFile(root, "shop", "pod-" + i, "app");
            append(log, numberedLines(1, 3));
            files.add(log);
        }
        CollectingSink sink = new CollectingSink();
        FileInput input = inputs.start(settings().maxConcurrentFiles(50).pollInterval(Duration.ofMillis(50)).build(), sink);

        // when ten of them keep writing
        for (int round = 0; round < 20; round++) {
            for (int active = 0; active < 10; active++) {
                append(files.get(active * 100), numberedLines(4 + round * 10, 13 + round * 10));
            }
            await().pollDelay(Duration.ofMillis(10)).until(() -> true);
        }

        // then every file's lines arrive once and in order, never more than 50 files open
        await().atMost(WAIT).until(() -> sink.size() == 1000 * 3 + 10 * 200);
        Map<String, List<String>> byPod = new HashMap<>();
        for (LogRecord record : sink.records()) {
            byPod.computeIfAbsent((String) record.resource().get("k8s.pod.name"), pod -> new ArrayList<>()).add(record.body());
        }
        assertThat(byPod).hasSize(1000);
        for (int i = 0; i < 1000; i++) {
            assertThat(byPod.get("pod-" + i)).as("pod-" + i).isEqualTo(numbered(1, i % 100 == 0 ? 203 : 3));
        }
        assertThat(sink.maxOpenFilesSeen()).isLessThanOrEqualTo(50);
        assertThat(input.stats().openFiles()).isLessThanOrEqualTo(50);
    }
}
