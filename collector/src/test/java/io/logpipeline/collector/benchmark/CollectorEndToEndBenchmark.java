package io.logpipeline.collector.benchmark;

import io.logpipeline.api.config.CollectorConfig;
import io.logpipeline.api.config.CollectorConfigJson;
import io.logpipeline.collector.CollectorMain;
import io.logpipeline.collector.pipeline.SampleConfigs;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

/**
 * The collector end to end, as a separate process pinned to one core, on the sample LogPipeline's chain with
 * Kubernetes metadata from a real kube-apiserver (kube-api-test): CRI files (186-byte lines) → file input →
 * metadata → parsers → processors → batch → OTLP/HTTP protobuf gzip → a local sink in this (unpinned) process.
 *
 * <ul>
 *   <li>{@code throughput <dir> <lines>}: pre-written files read as fast as it goes; lines/s, MB/s, CPU-seconds
 *       per million lines and peak RSS of the collector process, beside the floor (read + gzip level 1 of the
 *       same bytes, {@code floor} mode, pinned the same way) measured in the same run;</li>
 *   <li>{@code steady <dir> <linesPerSecond> <warmUpSeconds> <seconds>}: lines appended at a steady rate with batch.timeout 1s;
 *       % of a core, RSS and the write-to-ack latency (the sink reads each record's write time from it).</li>
 * </ul>
 * The node agent with ten pipelines is {@link NodeAgentBenchmark}. Run from the repository root; see
 * docs/benchmarks.md for the commands.
 */
public final class CollectorEndToEndBenchmark {

    private static final int PODS = 32;

    private CollectorEndToEndBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "floor" -> floor(Path.of(args[1]));
            case "throughput" -> throughput(Path.of(args[1]), Long.parseLong(args[2]));
            case "steady" -> steady(Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]));
            default -> throw new IllegalArgumentException("modes: throughput <dir> <lines> | steady <dir> <lines/s> <warm-up seconds> <seconds> | floor <dir>");
        }
        System.exit(0);
    }

    // ---- the floor: read + gzip level 1 of the same bytes, on this (pinned) process's one thread ----

    private static void floor(Path pods) throws IOException {
        long cpuStart = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        long start = System.nanoTime();
        long bytes = 0;
        ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
        for (Path file : logFiles(pods)) {
            try (FileChannel channel = FileChannel.open(file);
                 GZIPOutputStream gzip = new GZIPOutputStream(OutputStream.nullOutputStream(), 1 << 16) {
                     {
                         def.setLevel(1);
                     }
                 }) {
                while (channel.read(buffer.clear()) > 0) {
                    gzip.write(buffer.array(), 0, buffer.position());
                    bytes += buffer.position();
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpu = (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpuStart) / 1e9;
        System.out.printf("floor bytes=%d seconds=%.3f cpu=%.3f%n", bytes, seconds, cpu);
    }

    // ---- throughput ----

    private static void throughput(Path dir, long lines) throws Exception {
        Path pods = dir.resolve("var/log/pods");
        try (BenchCluster cluster = BenchCluster.start(4, PODS); BenchSink sink = new BenchSink(false)) {
            List<Path> files = cluster.podLogFiles(pods);
            long perFile = lines / files.size();
            for (int f = 0; f < files.size(); f++) {
                CriLines.append(files.get(f), f, 0, perFile, false);
            }
            long total = perFile * files.size();
            long bytes = total * CriLines.LINE_BYTES;
            System.out.printf("wrote %d lines (%d bytes) in %d files%n", total, bytes, files.size());
            String floor = runPinned(List.of(CollectorEndToEndBenchmark.class.getName(), "floor", pods.toString()));
            System.out.println(floor.strip());
            double gzipCpu = catGzipCpuSeconds(logFiles(pods));
            CollectorConfig config = SampleConfigs.seed(dir, sink.endpoint());
            config.getInput().setPollInterval("200ms");
            try (CollectorProcess collector = start(dir, config, cluster)) {
                sink.watch(collector::cpuSeconds);
                long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
                while (collector.sent() < total && System.nanoTime() < deadline) {
                    TimeUnit.MILLISECONDS.sleep(100);
                }
                double seconds = (sink.lastNanos() - sink.firstNanos()) / 1e9;
                double cpu = collector.cpuSeconds() - sink.cpuAtFirst();
                // from the first request to the last: what the collector did before (start-up, first batch) is left out
                long measured = collector.sent();
                Matcher f = Pattern.compile("seconds=(\\S+) cpu=(\\S+)").matcher(floor);
                f.find();
                double floorSeconds = Double.parseDouble(f.group(1));
                double floorCpu = Double.parseDouble(f.group(2));
                System.out.printf("collector: %d lines sent, %.0f lines/s, %.1f MB/s, %.2f CPU-s per million lines "
                                + "(%.0f lines per CPU-second), peak RSS %d MiB%n",
                        measured, measured / seconds, measured * CriLines.LINE_BYTES / seconds / 1e6, cpu / measured * 1e6,
                        measured / cpu, collector.peakRssKiB() / 1024);
                System.out.printf("floor (read + gzip 1): %.0f lines/s, %.1f MB/s, %.2f CPU-s per million lines (%.0f lines per CPU-second)%n",
                        total / floorSeconds, bytes / floorSeconds / 1e6, floorCpu / total * 1e6, total / floorCpu);
                System.out.printf("ratio collector/floor: %.2f (wall), %.2f (CPU)%n",
                        (measured / seconds) / (total / floorSeconds), (floorCpu / total) / (cpu / measured));
                System.out.printf("cat FILES | gzip -1 > /dev/null (pinned the same way): %.2f CPU-s, %.2f CPU-s per million lines "
                                + "(%.0f lines per CPU-second); collector/gzip per line: %.2f%n",
                        gzipCpu, gzipCpu / total * 1e6, total / gzipCpu, (cpu / measured) / (gzipCpu / total));
                System.out.println("collector threads by CPU time since start (s): " + collector.threadCpu());
                System.out.println("load average: " + Files.readString(Path.of("/proc/loadavg")).strip());
            }
        }
    }

    // ---- steady rate ----

    private static void steady(Path dir, int linesPerSecond, int warmUpSeconds, int seconds) throws Exception {
        Path pods = dir.resolve("var/log/pods");
        try (BenchCluster cluster = BenchCluster.start(4, PODS); BenchSink sink = new BenchSink(true)) {
            List<Path> files = cluster.podLogFiles(pods);
            CollectorConfig config = SampleConfigs.seed(dir, sink.endpoint());
            config.getBatch().setTimeout("1s");
            try (CollectorProcess collector = start(dir, config, cluster)) {
                sink.watch(collector::cpuSeconds);
                int ticksPerSecond = 100;
                int perTick = linesPerSecond / ticksPerSecond;
                long[] written = new long[files.size()];
                long warmUpTicks = (long) warmUpSeconds * ticksPerSecond;
                long ticks = warmUpTicks + (long) seconds * ticksPerSecond;
                long start = System.nanoTime();
                double cpuAtWindow = 0;
                Map<String, Double> threadsAtWindow = Map.of();
                long windowStart = 0;
                for (long tick = 0; tick < ticks; tick++) {
                    if (tick == warmUpTicks) {
                        cpuAtWindow = collector.cpuSeconds();
                        threadsAtWindow = collector.threadCpuSeconds();
                        windowStart = System.nanoTime();
                        sink.startWindow();
                    }
                    int[] count = new int[files.size()];
                    for (int i = 0; i < perTick; i++) {
                        count[(int) ((tick * perTick + i) % files.size())]++;
                    }
                    for (int f = 0; f < files.size(); f++) {
                        if (count[f] > 0) {
                            CriLines.append(files.get(f), f, written[f], count[f], true);
                            written[f] += count[f];
                        }
                    }
                    long next = start + (tick + 1) * TimeUnit.SECONDS.toNanos(1) / ticksPerSecond;
                    TimeUnit.NANOSECONDS.sleep(Math.max(0, next - System.nanoTime()));
                }
                double window = (System.nanoTime() - windowStart) / 1e9;
                double cpu = collector.cpuSeconds() - cpuAtWindow;
                Map<String, Double> threadsInWindow = collector.threadCpuSince(threadsAtWindow);
                TimeUnit.SECONDS.sleep(3); // the last batches' timeout
                long[] latencies = sink.windowLatencies();
                Arrays.sort(latencies);
                System.out.printf("steady %d lines/s for %.0f s: collector %.1f %% of a core, RSS now %d MiB, peak %d MiB; "
                                + "write-to-ack latency over %d records: p50 %d ms, p99 %d ms, max %d ms%n",
                        linesPerSecond, window, cpu / window * 100, collector.rssKiB() / 1024, collector.peakRssKiB() / 1024,
                        latencies.length, BenchSink.percentile(latencies, 0.50), BenchSink.percentile(latencies, 0.99),
                        latencies.length == 0 ? 0 : latencies[latencies.length - 1]);
                System.out.println("collector threads by CPU time since start (s): " + collector.threadCpu());
                System.out.println("collector threads by CPU time in the window (s): " + CollectorProcess.busiest(threadsInWindow));
            }
        }
    }

    /** The collector on the test classpath with one pipeline file, the kube-apiserver's kubeconfig and NODE_NAME. */
    private static CollectorProcess start(Path dir, CollectorConfig config, BenchCluster cluster) throws IOException {
        Path configFile = Files.writeString(dir.resolve("collector.json"), CollectorConfigJson.write(config));
        Path kubeconfig = Files.writeString(dir.resolve("kubeconfig"), cluster.kubeConfigYaml());
        return CollectorProcess.start(List.of("-cp", System.getProperty("java.class.path"), CollectorMain.class.getName()),
                List.of("--config", configFile.toString(), "--checkpoint-root", dir.resolve("checkpoints").toString()),
                Map.of("NODE_NAME", BenchCluster.NODE, "KUBECONFIG", kubeconfig.toString()), dir.resolve("collector.out"));
    }

    private static List<Path> logFiles(Path pods) throws IOException {
        try (var walk = Files.walk(pods)) {
            return walk.filter(p -> p.getFileName().toString().endsWith(".log")).sorted().toList();
        }
    }

    /** CPU seconds (user + system) of {@code cat FILES | gzip -1 > /dev/null} on core 1, from the shell's {@code times}. */
    private static double catGzipCpuSeconds(List<Path> files) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("taskset", "-c", "1", "bash", "-c", "cat \"$@\" | gzip -1 > /dev/null; times", "bash"));
        files.forEach(file -> command.add(file.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        // times: the shell's user and system time, then its children's, e.g. "0m1.234s 0m0.056s"
        Matcher children = Pattern.compile("(\\d+)m([\\d.]+)s (\\d+)m([\\d.]+)s\\s*$").matcher(output.strip());
        if (!children.find()) {
            throw new IllegalStateException("cat | gzip: unexpected output " + output);
        }
        return Integer.parseInt(children.group(1)) * 60 + Double.parseDouble(children.group(2))
                + Integer.parseInt(children.group(3)) * 60 + Double.parseDouble(children.group(4));
    }

    /** Runs a JVM on core 1 only ({@code taskset -c 1}, one CPU for the JVM too) and returns its output. */
    private static String runPinned(List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("taskset", "-c", "1", CollectorProcess.javaBinary()));
        command.addAll(CollectorProcess.JVM);
        command.addAll(List.of("-cp", System.getProperty("java.class.path")));
        command.addAll(args);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        return output;
    }
}
