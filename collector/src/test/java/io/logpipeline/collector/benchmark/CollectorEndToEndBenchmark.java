package io.logpipeline.collector.benchmark;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.logpipeline.api.config.CollectorConfig;
import io.logpipeline.api.config.CollectorConfigJson;
import io.logpipeline.collector.CollectorMain;
import io.logpipeline.collector.pipeline.SampleConfigs;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
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
 * Needs the kube-api-test binaries in ~/.kubeapitest (the build installs them for the tests). Run from the
 * repository root; see docs/benchmarks.md for the commands.
 */
public final class CollectorEndToEndBenchmark {

    private static final String NODE = "bench-node";
    private static final int PODS = 32;
    private static final String[] CONTAINERS = {"app", "sidecar"};
    private static final int LINE_BYTES = 186;
    private static final String[] WORDS = {"order", "cart", "payment", "ok", "retry", "id=7f3a", "user=bob", "sku=A-100",
            "region=eu-west-1", "latency=12ms", "cache=miss", "cache=hit", "status=200", "bytes=5123", "trace=9b1c4e", "span=33d0",
            "GET", "POST", "/api/v2/items", "db=primary", "pool=4/32", "gc=young", "tenant=acme", "shard=12", "ttl=300",
            "queue=orders", "attempt=1", "tls=1.3", "ip=10.4.7.21", "ua=curl/8.5", "ref=checkout", "lang=de"};
    /** The JVM flags of Dockerfile.collector, memory sized as under the sample's 512Mi limit (MaxRAM), one CPU. */
    private static final List<String> COLLECTOR_JVM = List.of("-XX:+UseSerialGC", "-XX:MaxRAM=512m", "-XX:MaxRAMPercentage=70",
            "-Xmn48m", "-XX:SurvivorRatio=4", "-XX:TargetSurvivorRatio=80", "-XX:MinHeapFreeRatio=20", "-XX:MaxHeapFreeRatio=40",
            "-XX:TrimNativeHeapInterval=5000", "-Xss512k",
            "-XX:+ExitOnOutOfMemoryError", "-XX:-UsePerfData", "-Dfile.encoding=UTF-8", "-XX:ActiveProcessorCount=1");
    /** The environment Dockerfile.collector sets for the JVM. */
    private static final Map<String, String> COLLECTOR_ENV = Map.of("MALLOC_ARENA_MAX", "2");

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
        try (Cluster cluster = Cluster.start(); Sink sink = new Sink(false)) {
            List<Path> files = cluster.podLogFiles(pods);
            long perFile = lines / files.size();
            for (int f = 0; f < files.size(); f++) {
                writeLines(files.get(f), f, 0, perFile, false);
            }
            long total = perFile * files.size();
            long bytes = total * LINE_BYTES;
            System.out.printf("wrote %d lines (%d bytes) in %d files%n", total, bytes, files.size());
            String floor = runPinned(List.of(), List.of(CollectorEndToEndBenchmark.class.getName(), "floor", pods.toString()));
            System.out.println(floor.strip());
            CollectorConfig config = SampleConfigs.seed(dir, sink.endpoint());
            config.getInput().setPollInterval("200ms");
            try (Collector collector = Collector.start(dir, config, cluster)) {
                sink.watch(collector);
                long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
                while (collector.sent() < total && System.nanoTime() < deadline) {
                    TimeUnit.MILLISECONDS.sleep(100);
                }
                double seconds = (sink.lastNanos.get() - sink.firstNanos) / 1e9;
                double cpu = collector.cpuSeconds() - sink.cpuAtFirst;
                // from the first request to the last: what the collector did before (start-up, first batch) is left out
                long measured = collector.sent();
                Matcher f = Pattern.compile("seconds=(\\S+) cpu=(\\S+)").matcher(floor);
                f.find();
                double floorSeconds = Double.parseDouble(f.group(1));
                double floorCpu = Double.parseDouble(f.group(2));
                System.out.printf("collector: %d lines sent, %.0f lines/s, %.1f MB/s, %.2f CPU-s per million lines, peak RSS %d MiB%n",
                        collector.sent(), measured / seconds, measured * LINE_BYTES / seconds / 1e6, cpu / measured * 1e6,
                        collector.peakRssKiB() / 1024);
                System.out.printf("floor (read + gzip 1): %.0f lines/s, %.1f MB/s, %.2f CPU-s per million lines%n",
                        total / floorSeconds, bytes / floorSeconds / 1e6, floorCpu / total * 1e6);
                System.out.printf("ratio collector/floor: %.2f (wall), %.2f (CPU)%n",
                        (measured / seconds) / (total / floorSeconds), (floorCpu / total) / (cpu / measured));
                System.out.println("collector threads by CPU time since start (s): " + collector.threadCpu());
            }
        }
    }

    // ---- steady rate ----

    private static void steady(Path dir, int linesPerSecond, int warmUpSeconds, int seconds) throws Exception {
        Path pods = dir.resolve("var/log/pods");
        try (Cluster cluster = Cluster.start(); Sink sink = new Sink(true)) {
            List<Path> files = cluster.podLogFiles(pods);
            CollectorConfig config = SampleConfigs.seed(dir, sink.endpoint());
            config.getBatch().setTimeout("1s");
            try (Collector collector = Collector.start(dir, config, cluster)) {
                sink.watch(collector);
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
                            writeLines(files.get(f), f, written[f], count[f], true);
                            written[f] += count[f];
                        }
                    }
                    long next = start + (tick + 1) * TimeUnit.SECONDS.toNanos(1) / ticksPerSecond;
                    TimeUnit.NANOSECONDS.sleep(Math.max(0, next - System.nanoTime()));
                }
                double window = (System.nanoTime() - windowStart) / 1e9;
                double cpu = collector.cpuSeconds() - cpuAtWindow;
                Map<String, Double> threadsInWindow = new java.util.TreeMap<>(collector.threadCpuSeconds());
                for (Map.Entry<String, Double> before : threadsAtWindow.entrySet()) {
                    threadsInWindow.merge(before.getKey(), -before.getValue(), Double::sum);
                }
                TimeUnit.SECONDS.sleep(3); // the last batches' timeout
                long[] latencies = sink.windowLatencies();
                Arrays.sort(latencies);
                System.out.printf("steady %d lines/s for %.0f s: collector %.1f %% of a core, RSS now %d MiB, peak %d MiB; "
                                + "write-to-ack latency over %d records: p50 %d ms, p99 %d ms, max %d ms%n",
                        linesPerSecond, window, cpu / window * 100, collector.rssKiB() / 1024, collector.peakRssKiB() / 1024,
                        latencies.length, percentile(latencies, 0.50), percentile(latencies, 0.99),
                        latencies.length == 0 ? 0 : latencies[latencies.length - 1]);
                System.out.println("collector threads by CPU time since start (s): " + collector.threadCpu());
                System.out.println("collector threads by CPU time in the window (s): " + Collector.busiest(threadsInWindow));
            }
        }
    }

    private static long percentile(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
    }

    /**
     * Appends {@code count} CRI lines of exactly 186 bytes: an application line the seed regex parses, with the
     * write time in both the CRI prefix and the body when {@code now} (the sink measures latency from it).
     */
    private static void writeLines(Path file, int fileIndex, long first, long count, boolean now) throws IOException {
        StringBuilder chunk = new StringBuilder((int) Math.min(count, 1 << 16) * LINE_BYTES);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            for (long n = first; n < first + count; n++) {
                String time = now ? Instant.now().toString() : "2024-03-05T10:11:12.123456789Z";
                int start = chunk.length();
                chunk.append(time).append(" stdout F ").append(time).append(" INFO [INFO] GET /api/cart/")
                        .append(n % 1000).append(" 200 3.1ms user=alice file=").append(fileIndex).append(" seq=").append(n).append(" ");
                // varied filler, so gzip sees text about as compressible as real log lines, not a run of one byte
                long filler = n * 0x9E3779B97F4A7C15L + fileIndex;
                while (chunk.length() - start < LINE_BYTES - 1) {
                    filler = filler * 6364136223846793005L + 1442695040888963407L;
                    chunk.append(WORDS[(int) (filler >>> 59)]).append(' ');
                }
                chunk.setLength(start + LINE_BYTES - 1);
                chunk.append('\n');
                if (chunk.length() >= (1 << 16) * LINE_BYTES / 2) {
                    channel.write(ByteBuffer.wrap(chunk.toString().getBytes(StandardCharsets.US_ASCII)));
                    chunk.setLength(0);
                }
            }
            channel.write(ByteBuffer.wrap(chunk.toString().getBytes(StandardCharsets.US_ASCII)));
        }
    }

    private static List<Path> logFiles(Path pods) throws IOException {
        try (var walk = Files.walk(pods)) {
            return walk.filter(p -> p.getFileName().toString().endsWith(".log")).sorted().toList();
        }
    }

    private static String classpath() {
        return System.getProperty("java.class.path");
    }

    /** Runs a JVM on core 1 only ({@code taskset -c 1}, one CPU for the JVM too) and returns its output. */
    private static String runPinned(List<String> env, List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("taskset", "-c", "1", javaBinary()));
        command.addAll(COLLECTOR_JVM);
        command.addAll(List.of("-cp", classpath()));
        command.addAll(args);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        return output;
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** A kube-apiserver with 32 Deployment pods of two containers each on the benchmark's node, all labelled for logging. */
    private static final class Cluster implements AutoCloseable {
        private final KubeAPIServer server;
        private final KubernetesClient client;
        private final List<Pod> pods = new ArrayList<>();

        private Cluster(KubeAPIServer server) {
            this.server = server;
            this.client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(server.getKubeConfigYaml())).build();
        }

        static Cluster start() {
            io.logpipeline.testsupport.KubeApiTestMidnightGuard.waitOutMidnight();
            KubeAPIServer server = new KubeAPIServer(KubeAPIServerConfigBuilder.anAPIServerConfig()
                    .withApiServerVersion("1.20.2").withOfflineMode(true).withUpdateKubeConfig(false).build());
            server.start();
            Cluster cluster = new Cluster(server);
            for (int ns = 0; ns < 4; ns++) {
                cluster.client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("ns" + ns).endMetadata().build()).create();
            }
            for (int i = 0; i < PODS; i++) {
                String replicaSet = "svc" + i + "-5f7c9d8b4";
                cluster.pods.add(cluster.client.pods().inNamespace("ns" + i % 4).resource(new PodBuilder()
                        .withNewMetadata().withName(replicaSet + "-q8w2" + i)
                        .addToLabels("logging.enabled", "true").addToLabels("app", "svc" + i)
                        .addToLabels("project_name", "project" + i % 3).addToLabels("pod-template-hash", "5f7c9d8b4")
                        .addToAnnotations("deployment.kubernetes.io/revision", "3")
                        .addNewOwnerReference().withApiVersion("apps/v1").withKind("ReplicaSet").withName(replicaSet)
                        .withUid(UUID.randomUUID().toString()).withController(true).endOwnerReference()
                        .endMetadata()
                        .withNewSpec().withNodeName(NODE)
                        .addNewContainer().withName("app").withImage("ghcr.io/acme/svc" + i + ":1.0." + i).endContainer()
                        .addNewContainer().withName("sidecar").withImage("envoyproxy/envoy:v1.30").endContainer()
                        .endSpec().build()).create());
            }
            return cluster;
        }

        /** One (empty) 0.log per container, where the kubelet would put it. */
        List<Path> podLogFiles(Path podsDirectory) throws IOException {
            List<Path> files = new ArrayList<>();
            for (Pod pod : pods) {
                for (String container : CONTAINERS) {
                    Path dir = podsDirectory.resolve(pod.getMetadata().getNamespace() + "_" + pod.getMetadata().getName()
                            + "_" + pod.getMetadata().getUid() + "/" + container);
                    Files.createDirectories(dir);
                    files.add(Files.write(dir.resolve("0.log"), new byte[0]));
                }
            }
            return files;
        }

        @Override
        public void close() {
            client.close();
            server.stop();
        }
    }

    /** The collector process, pinned to core 1, with the kube-apiserver's kubeconfig and NODE_NAME. */
    private static final class Collector implements AutoCloseable {
        private final Process process;
        private final int telemetryPort;
        private final HttpClient http = HttpClient.newHttpClient();

        private Collector(Process process, int telemetryPort) {
            this.process = process;
            this.telemetryPort = telemetryPort;
        }

        static Collector start(Path dir, CollectorConfig config, Cluster cluster) throws IOException {
            Path configFile = Files.writeString(dir.resolve("collector.json"), CollectorConfigJson.write(config));
            Path kubeconfig = Files.writeString(dir.resolve("kubeconfig"), cluster.server.getKubeConfigYaml());
            List<String> command = new ArrayList<>(List.of("taskset", "-c", "1", javaBinary()));
            command.addAll(COLLECTOR_JVM);
            // -Dcollector.jvmArgs="..." adds flags to try (e.g. a smaller heap), after the Dockerfile's
            String extra = System.getProperty("collector.jvmArgs", "").trim();
            if (!extra.isEmpty()) {
                command.addAll(List.of(extra.split("\\s+")));
            }
            int telemetryPort = freePort();
            command.addAll(List.of("-cp", classpath(), CollectorMain.class.getName(), "--config", configFile.toString(),
                    "--checkpoint-root", dir.resolve("checkpoints").toString(),
                    "--telemetry-address", "127.0.0.1", "--telemetry-port", String.valueOf(telemetryPort)));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("collector.out").toFile());
            builder.environment().putAll(Map.of("NODE_NAME", NODE, "KUBECONFIG", kubeconfig.toString()));
            builder.environment().putAll(COLLECTOR_ENV);
            return new Collector(builder.start(), telemetryPort);
        }

        private static int freePort() throws IOException {
            try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            }
        }

        long sent() throws InterruptedException {
            try {
                String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + telemetryPort + "/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                Matcher m = Pattern.compile("(?m)^otelcol_exporter_sent_log_records_total\\{[^}]*\\} (\\S+)").matcher(metrics);
                return m.find() ? (long) Double.parseDouble(m.group(1)) : 0;
            } catch (IOException notListeningYet) {
                return 0;
            }
        }

        /** utime + stime of the process, from /proc/<pid>/stat (clock ticks of 10 ms). */
        double cpuSeconds() {
            try {
                String stat = Files.readString(Path.of("/proc/" + process.pid() + "/stat"));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        /** The busiest threads of the process, from /proc/<pid>/task/<tid>/stat. */
        String threadCpu() throws IOException {
            return busiest(threadCpuSeconds());
        }

        /** CPU seconds per thread name (numbered threads summed), from /proc/<pid>/task/<tid>/stat. */
        Map<String, Double> threadCpuSeconds() throws IOException {
            Map<String, Double> byName = new java.util.TreeMap<>();
            try (var tasks = Files.list(Path.of("/proc/" + process.pid() + "/task"))) {
                for (Path task : tasks.toList()) {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("-\\d+$", "-N");
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    byName.merge(name, (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0, Double::sum);
                }
            }
            return byName;
        }

        /** The threads with at least 0.05 s, busiest first. */
        static String busiest(Map<String, Double> byName) {
            return byName.entrySet().stream().filter(e -> e.getValue() >= 0.05)
                    .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                    .map(e -> e.getKey() + "=" + String.format("%.2f", e.getValue())).toList().toString();
        }

        long peakRssKiB() {
            return status("VmHWM:");
        }

        long rssKiB() {
            return status("VmRSS:");
        }

        private long status(String field) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
                    if (line.startsWith(field)) {
                        return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
                    }
                }
                return 0;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /**
     * A local OTLP/HTTP sink. For throughput it only reads and discards the bodies (decoding them here would
     * make the sink, not the collector, the bottleneck); for the steady rate it decodes them and takes each
     * record's write-to-arrival latency from its timestamp (set from the line's write time by the seed parser).
     */
    private static final class Sink implements AutoCloseable {
        private final HttpServer server;
        private final boolean decode;
        private volatile Collector collector;
        private volatile long firstNanos;
        private volatile double cpuAtFirst;
        private final AtomicLong lastNanos = new AtomicLong();
        private volatile boolean inWindow;
        private final List<long[]> latencies = new ArrayList<>();

        Sink(boolean decode) throws IOException {
            this.decode = decode;
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
            server.createContext("/v1/logs", this::handle);
            server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
            server.start();
        }

        String endpoint() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/logs";
        }

        void watch(Collector collector) {
            this.collector = collector;
        }

        synchronized void startWindow() {
            latencies.clear();
            inWindow = true;
        }

        synchronized long[] windowLatencies() {
            return latencies.stream().flatMapToLong(Arrays::stream).toArray();
        }

        private void handle(HttpExchange exchange) throws IOException {
            try (exchange) {
                long now = System.nanoTime();
                InputStream in = exchange.getRequestBody();
                if (decode) {
                    ExportLogsServiceRequest request = ExportLogsServiceRequest.parseFrom(new GZIPInputStream(in));
                    long wallNanos = Instant.now().getEpochSecond() * 1_000_000_000L + Instant.now().getNano();
                    List<Long> batch = new ArrayList<>();
                    for (ResourceLogs resourceLogs : request.getResourceLogsList()) {
                        for (ScopeLogs scope : resourceLogs.getScopeLogsList()) {
                            for (LogRecord record : scope.getLogRecordsList()) {
                                batch.add((wallNanos - record.getTimeUnixNano()) / 1_000_000);
                            }
                        }
                    }
                    if (inWindow) {
                        synchronized (this) {
                            latencies.add(batch.stream().mapToLong(Long::longValue).toArray());
                        }
                    }
                } else {
                    in.transferTo(OutputStream.nullOutputStream());
                }
                synchronized (this) {
                    if (firstNanos == 0 && collector != null) {
                        firstNanos = now;
                        cpuAtFirst = collector.cpuSeconds();
                    }
                }
                exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
                exchange.sendResponseHeaders(200, -1);
                lastNanos.set(System.nanoTime());
            }
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
