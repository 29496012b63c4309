package io.logpipeline.collector.input.tail;

import io.logpipeline.collector.input.FileInputSettings;
import io.logpipeline.collector.input.FileInputStats;
import io.logpipeline.collector.input.RecordSink;
import io.logpipeline.collector.input.checkpoint.Fingerprint;
import io.logpipeline.collector.input.discovery.PodLogPath;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Reader + CRI parser on a generated kubelet log (186-byte lines on average, 10% stderr, 2% of the
 * records split into P + F), beside a plain sequential read of the same file. Both report lines/s;
 * MB/s is lines/s times the average line size printed at setup. See docs/benchmarks.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class FileTailerBenchmark {

    static final int LINES = 200_000;

    private Path directory;
    private Path file;
    private long fileBytes;

    @Setup(Level.Trial)
    public void writeLog() throws IOException {
        directory = Files.createTempDirectory("tailer-bench");
        Path containerDir = directory.resolve("bench_web-1_uid-1").resolve("app");
        Files.createDirectories(containerDir);
        file = containerDir.resolve("0.log");
        Random random = new Random(7);
        String words = "the quick brown fox jumps over a lazy dog GET /api/v1/orders 200 duration_ms=12 user=42 ";
        Instant time = Instant.parse("2026-11-24T12:00:00.000000001Z");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
            int written = 0;
            while (written < LINES) {
                String stream = random.nextInt(10) == 0 ? "stderr" : "stdout";
                // A CRI prefix with nanoseconds is 40 bytes; 145 message bytes + newline make 186.
                int length = 93 + random.nextInt(111);
                int start = random.nextInt(words.length());
                StringBuilder message = new StringBuilder(length);
                while (message.length() < length) {
                    message.append(words.charAt((start + message.length()) % words.length()));
                }
                String prefix = DateTimeFormatter.ISO_INSTANT.format(time.plusNanos(written * 1_000L + 1)) + " " + stream;
                if (random.nextInt(100) < 2 && written + 1 < LINES) {
                    int half = length / 2;
                    out.write((prefix + " P " + message.substring(0, half) + "\n").getBytes(StandardCharsets.UTF_8));
                    out.write((prefix + " F " + message.substring(half) + "\n").getBytes(StandardCharsets.UTF_8));
                    written += 2;
                } else {
                    out.write((prefix + " F " + message + "\n").getBytes(StandardCharsets.UTF_8));
                    written++;
                }
            }
        }
        fileBytes = Files.size(file);
        System.out.printf("%nlog file: %d lines, %d bytes, %.1f bytes/line%n", LINES, fileBytes, fileBytes / (double) LINES);
    }

    // The machine is shared, so wall-clock throughput understates the code: the CPU time of the
    // benchmark thread is kept too, and each iteration prints lines per CPU-second beside it.
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private long cpuNanos;
    private long invocations;

    @Setup(Level.Iteration)
    public void resetCpuTime() {
        cpuNanos = 0;
        invocations = 0;
    }

    @TearDown(Level.Iteration)
    public void printCpuTime() {
        if (invocations > 0) {
            System.out.printf("(cpu: %.0f lines per CPU-second over %d invocations) ", invocations * (double) LINES * 1e9 / cpuNanos, invocations);
        }
    }

    private void countCpu(long startCpuNanos) {
        cpuNanos += THREADS.getCurrentThreadCpuTime() - startCpuNanos;
        invocations++;
    }

    @TearDown(Level.Trial)
    public void deleteLog() throws IOException {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    /** The file input's reader: frame, parse CRI, join partials, decode, build and acknowledge records. */
    @Benchmark
    @OperationsPerInvocation(LINES)
    public long readAndParseCri(Blackhole blackhole) throws IOException {
        long startCpu = THREADS.getCurrentThreadCpuTime();
        FileInputSettings settings = FileInputSettings.builder().build();
        RecordSink sink = record -> {
            blackhole.consume(record);
            record.acknowledgement().acknowledge();
            return true;
        };
        FileInputStats stats = new FileInputStats();
        TailContext context = new TailContext(settings, sink, Clock.systemUTC(), stats);
        FileTailer tailer = new FileTailer(context, file, null, Fingerprint.read(file), 0, PodLogPath.resourceOf(file));
        tailer.open();
        try {
            while (tailer.readTurn(1024 * 1024) != FileTailer.TurnResult.END_OF_FILE) {
                // one turn per MiB, as the input thread does
            }
        } finally {
            tailer.closeChannel();
            countCpu(startCpu);
        }
        if (stats.linesRead() != LINES) {
            throw new IllegalStateException("read " + stats.linesRead() + " lines, expected " + LINES);
        }
        return stats.recordsHandedOn();
    }

    /** The floor: read the same file sequentially into a 64 KiB buffer, nothing else. */
    @Benchmark
    @OperationsPerInvocation(LINES)
    public long plainSequentialRead(Blackhole blackhole) throws IOException {
        long startCpu = THREADS.getCurrentThreadCpuTime();
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        long total = 0;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            int n;
            while ((n = channel.read(buffer)) >= 0) {
                total += n;
                blackhole.consume(buffer);
                buffer.clear();
            }
        }
        countCpu(startCpu);
        if (total != fileBytes) {
            throw new IllegalStateException("read " + total + " bytes, expected " + fileBytes);
        }
        return total;
    }
}
