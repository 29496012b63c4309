package io.logpipeline.collector.input;

import io.logpipeline.collector.input.FileInputSettings.StartAt;
import io.logpipeline.collector.record.LogRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;

import static io.logpipeline.collector.input.PodLogs.T0;
import static io.logpipeline.collector.input.PodLogs.cri;
import static io.logpipeline.collector.input.PodLogs.logFile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A writer thread writes numbered lines (some split into CRI partials) while rotating its file at
 * random, by rename or by copy-truncate; meanwhile the collector is restarted at random. Every
 * number must arrive at least once, and exactly once when the restarts are clean.
 */
class FileInputRandomizedTest {

    private static final int LINES = 3000;

    @TempDir
    Path root;
    @TempDir
    Path checkpoints;

    private final Map<Integer, AtomicInteger> seen = new ConcurrentHashMap<>();

    @Test
    void cleanRestartsDeliverEveryLineExactlyOnce() throws Exception {
        // given
        long seed = System.nanoTime();

        // when
        run(seed, true, 1024);

        // then
        assertThat(IntStream.rangeClosed(1, LINES).filter(n -> count(n) != 1).boxed().toList())
                .as("numbers not seen exactly once (seed %d)", seed).isEmpty();
        assertThat(seen.keySet()).as("seed %d", seed).hasSize(LINES);
    }

    @Test
    void cleanRestartsWithOneFileSlotForAllRotatedFilesDeliverEveryLineExactlyOnce() throws Exception {
        // given
        long seed = System.nanoTime();

        // when the live file and its rotated copies take turns in a single slot
        run(seed, true, 1);

        // then
        assertThat(IntStream.rangeClosed(1, LINES).filter(n -> count(n) != 1).boxed().toList())
                .as("numbers not seen exactly once (seed %d)", seed).isEmpty();
    }

    @Test
    void killedRestartsDeliverEveryLineAtLeastOnce() throws Exception {
        // given
        long seed = System.nanoTime();

        // when
        run(seed, false, 1024);

        // then
        assertThat(IntStream.rangeClosed(1, LINES).filter(n -> count(n) < 1).boxed().toList())
                .as("numbers never seen (seed %d)", seed).isEmpty();
        assertThat(seen.keySet()).as("seed %d", seed).hasSize(LINES);
    }

    private int count(int n) {
        AtomicInteger count = seen.get(n);
        return count == null ? 0 : count.get();
    }

    private void run(long seed, boolean cleanShutdown, int maxConcurrentFiles) throws Exception {
        Random random = new Random(seed);
        Path log = logFile(root, "shop", "web-1", "app");
        FileInputSettings settings = FileInputSettings.builder()
                .includePaths(List.of(PodLogs.glob(root)))
                .pollInterval(Duration.ofMillis(20))
                .startAt(StartAt.BEGINNING)
                .checkpointDirectory(checkpoints)
                .maxConcurrentFiles(maxConcurrentFiles)
                .build();
        RecordSink sink = record -> {
            seen.computeIfAbsent(number(record), n -> new AtomicInteger()).incrementAndGet();
            record.acknowledgement().acknowledge();
            return true;
        };
        Thread writer = new Thread(() -> write(log, new Random(random.nextLong())), "writer");
        writer.start();
        FileInput input = new FileInput(settings, sink, Clock.systemUTC());
        input.start();
        try {
            while (writer.isAlive()) {
                LockSupport.parkNanos(Duration.ofMillis(100 + random.nextInt(400)).toNanos());
                if (cleanShutdown) {
                    input.close();
                } else {
                    input.stopReading();
                }
                input = new FileInput(settings, sink, Clock.systemUTC());
                input.start();
            }
            writer.join();
            await().atMost(Duration.ofSeconds(30)).until(() -> seen.size() == LINES);
            await().pollDelay(Duration.ofMillis(300)).until(() -> true);
        } finally {
            input.close();
        }
    }

    private static int number(LogRecord record) {
        return Integer.parseInt(record.body().substring("line ".length()));
    }

    // Writes like a container runtime, rotated now and then like kubelet (rename) or logrotate (copy-truncate).
    private static void write(Path log, Random random) {
        int rotation = 0;
        try {
            FileOutputStream out = new FileOutputStream(log.toFile(), true);
            for (int i = 1; i <= LINES; i++) {
                String text = random.nextInt(10) == 0
                        ? cri(T0.plusMillis(i), "stdout", "P", "line ") + cri(T0.plusMillis(i), "stdout", "F", Integer.toString(i))
                        : cri(T0.plusMillis(i), "stdout", "F", "line " + i);
                out.write(text.getBytes(StandardCharsets.UTF_8));
                if (i % 2 == 0) {
                    LockSupport.parkNanos(1_000_000);
                }
                if (random.nextInt(250) == 0) {
                    Path rotated = log.resolveSibling("0.log." + ++rotation);
                    if (random.nextBoolean()) {
                        out.close();
                        Files.move(log, rotated);
                        out = new FileOutputStream(log.toFile(), true);
                    } else {
                        Files.copy(log, rotated);
                        out.getChannel().truncate(0);
                    }
                }
            }
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
