package io.logpipeline.collector.benchmark;

import io.logpipeline.api.config.CollectorConfig;
import io.logpipeline.api.config.CollectorConfigJson;
import io.logpipeline.api.v1alpha1.AttributeAction;
import io.logpipeline.api.v1alpha1.IncludeExclude;
import io.logpipeline.collector.pipeline.SampleConfigs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

/**
 * The node agent as the DaemonSet runs it — the packaged jar ({@code java -jar logpipeline-collector.jar}) with
 * Dockerfile.collector's JVM flags sized for the chart's 512Mi/500m limits — hosting one pipeline per namespace:
 * the sample LogPipeline (parsers, Kubernetes metadata from a kube-apiserver, the two attribute actions, resource,
 * batch) with {@code batch.timeout: 1s}, {@code readableNamespaces} its own namespace, exporting OTLP/HTTP gzip to its
 * own backend in this process. The node's pod logs are a fake {@code /var/log/pods} under {@code --host-root}; a
 * writer appends CRI lines to the busy pipelines' containers at a steady rate, rotating each file as the kubelet
 * does (rename to {@code 0.log.<time>}, new {@code 0.log}, the older rotated file deleted).
 *
 * <ul>
 *   <li>{@code agent <dir>}: % of a core (utime + stime from /proc over the window), RSS (mean and max of VmRSS
 *       sampled every second in the window, VmHWM) and the write-to-ack latency of every record that arrived in the
 *       window;</li>
 *   <li>{@code idle <dir>}: the same twice, with {@code -Didle=0} and then with {@code -Didle} idle pipelines
 *       (default 10: namespaces whose pods write nothing) beside the busy ones, and the RSS difference per idle
 *       pipeline;</li>
 *   <li>{@code reload <dir>}: while the lines flow, {@code -Dedits} times (default 20) an edit of pipeline ns0's
 *       config file (an {@code upsert} of {@value BenchSink#MARK} with the edit's number), and the time from the edit
 *       to the first record carrying it at ns0's backend: median, p99, max.</li>
 * </ul>
 * System properties: {@code -Dpipelines=10} busy pipelines, {@code -Drate=10000} lines/s in all, {@code -Dwarmup=60}
 * and {@code -Dduration=300} seconds, {@code -Didle}, {@code -DrotateMiB=4} (the files rotate between half and all of
 * it, so they do not all rotate at once), {@code -Djar=collector/target/logpipeline-collector.jar}, {@code -Dpin=false}
 * (not pinned to core 1), {@code -DnumConsumers} (senders per backend instead of the default), {@code -Dcollector.jvmArgs} (extra flags, e.g. a JFR recording). Run from the repository
 * root; see docs/benchmarks.md ("Node agent, 10 pipelines").
 */
public final class NodeAgentBenchmark {

    private static final int PODS_PER_NAMESPACE = 3;
    private static final int TICKS_PER_SECOND = 100;

    private NodeAgentBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[1]);
        int pipelines = Integer.getInteger("pipelines", 10);
        int rate = Integer.getInteger("rate", 10_000);
        int warmUp = Integer.getInteger("warmup", 60);
        int duration = Integer.getInteger("duration", 300);
        System.out.println("load average at start: " + loadAverage());
        switch (args[0]) {
            case "agent" -> new Run(dir, pipelines, Integer.getInteger("idle", 0), rate).steady(warmUp, duration).print();
            case "idle" -> {
                Result busyOnly = new Run(dir.resolve("busy-only"), pipelines, 0, rate).steady(warmUp, duration).print();
                int idle = Integer.getInteger("idle", 10);
                Result withIdle = new Run(dir.resolve("with-idle"), pipelines, idle, rate).steady(warmUp, duration).print();
                System.out.printf("idle pipelines: %d busy → RSS mean %.1f MiB (max %.1f), %d busy + %d idle → RSS mean %.1f MiB (max %.1f): "
                                + "%.2f MiB per idle pipeline (mean), %.2f (max)%n",
                        pipelines, busyOnly.rssMeanMiB, busyOnly.rssMaxMiB, pipelines, idle, withIdle.rssMeanMiB, withIdle.rssMaxMiB,
                        (withIdle.rssMeanMiB - busyOnly.rssMeanMiB) / idle, (withIdle.rssMaxMiB - busyOnly.rssMaxMiB) / idle);
            }
            case "reload" -> new Run(dir, pipelines, 0, rate).reload(warmUp, Integer.getInteger("edits", 20));
            default -> throw new IllegalArgumentException("modes: agent <dir> | idle <dir> | reload <dir>");
        }
        System.out.println("load average at end: " + loadAverage());
        System.exit(0);
    }

    private static String loadAverage() throws IOException {
        return Files.readString(Path.of("/proc/loadavg")).strip();
    }

    /** What one steady run measured. */
    private record Result(String text, double rssMeanMiB, double rssMaxMiB) {
        Result print() {
            System.out.print(text);
            return this;
        }
    }

    /** One agent with its cluster, backends, config files and writer. */
    private static final class Run {
        private final Path dir;
        private final Path hostRoot;
        private final Path configs;
        private final int busy;
        private final int idle;
        private final int rate;
        private final long rotateBytes = (long) (Double.parseDouble(System.getProperty("rotateMiB", "4")) * 1024 * 1024);
        private final List<BenchSink> sinks = new ArrayList<>();
        private final List<CollectorConfig> pipelineConfigs = new ArrayList<>();
        private Writer writer;

        Run(Path dir, int busy, int idle, int rate) {
            this.dir = dir;
            this.hostRoot = dir.resolve("host");
            this.configs = dir.resolve("pipelines");
            this.busy = busy;
            this.idle = idle;
            this.rate = rate;
        }

        /** Starts everything, lets the agent warm up, then measures for {@code seconds}. */
        Result steady(int warmUp, int seconds) throws Exception {
            return warmedUp(warmUp, agent -> {
                double cpuAtWindow = agent.cpuSeconds();
                Map<String, Double> threadsAtWindow = agent.threadCpuSeconds();
                long windowStart = System.nanoTime();
                long writtenAtWindow = writer.written();
                long switchesAtWindow = agent.contextSwitches();
                sinks.forEach(BenchSink::startWindow);
                List<Long> rss = new ArrayList<>();
                long end = windowStart + TimeUnit.SECONDS.toNanos(seconds);
                while (System.nanoTime() < end) {
                    TimeUnit.SECONDS.sleep(1);
                    rss.add(agent.rssKiB());
                }
                double window = (System.nanoTime() - windowStart) / 1e9;
                double cpu = agent.cpuSeconds() - cpuAtWindow;
                long switches = agent.contextSwitches() - switchesAtWindow;
                long written = writer.written() - writtenAtWindow;
                Map<String, Double> threads = agent.threadCpuSince(threadsAtWindow);
                writer.stop();
                TimeUnit.SECONDS.sleep(3); // the last batches' timeout
                sinks.forEach(BenchSink::endWindow);
                long[] latencies = sinks.stream().flatMapToLong(sink -> LongStream.of(sink.windowLatencies())).sorted().toArray();
                double rssMean = rss.stream().mapToLong(Long::longValue).average().orElse(0) / 1024;
                double rssMax = rss.stream().mapToLong(Long::longValue).max().orElse(0) / 1024.0;
                long sent = agent.sent();
                long delivered = sinks.stream().mapToLong(BenchSink::records).sum();
                String text = String.format("agent: %d pipelines (%d busy, %d idle), %d lines/s for %.0f s after %d s warm-up: "
                                + "%.2f CPU-s = %.2f %% of a core (%.2f µs per line, %.0f context switches/s); RSS mean %.1f MiB, max %.1f MiB, VmHWM %d MiB; "
                                + "write-to-ack over %d records: p50 %d ms, p99 %d ms, max %d ms%n"
                                + "  lines written %d in the window (%d files rotated in all), records delivered %d, sent per /metrics %d%n"
                                + "  threads by CPU time in the window (s): %s%n"
                                + "  load average: %s%n",
                        busy + idle, busy, idle, rate, window, warmUp, cpu, cpu / window * 100, cpu / written * 1e6, switches / window,
                        rssMean, rssMax, agent.peakRssKiB() / 1024,
                        latencies.length, BenchSink.percentile(latencies, 0.50), BenchSink.percentile(latencies, 0.99),
                        latencies.length == 0 ? 0 : latencies[latencies.length - 1],
                        written, writer.rotations(), delivered, sent, CollectorProcess.busiest(threads), loadAverage());
                return new Result(text, rssMean, rssMax);
            });
        }

        /** Edits pipeline ns0 {@code edits} times while lines flow, each after the previous one arrived. */
        void reload(int warmUp, int edits) throws Exception {
            warmedUp(warmUp, agent -> {
                double cpuAtStart = agent.cpuSeconds();
                long[] millis = new long[edits];
                CollectorConfig edited = pipelineConfigs.get(0);
                AttributeAction mark = AttributeAction.builder().key(BenchSink.MARK).action(AttributeAction.Action.UPSERT).build();
                edited.getProcessors().get(0).getAttributes().getActions().add(mark);
                for (int edit = 0; edit < edits; edit++) {
                    String value = String.valueOf(edit);
                    mark.setValue(value);
                    long at = System.nanoTime();
                    writeConfig(0, edited);
                    long deadline = at + TimeUnit.SECONDS.toNanos(60);
                    Long arrival;
                    while ((arrival = sinks.get(0).firstArrivalOfMark(value)) == null && System.nanoTime() < deadline) {
                        TimeUnit.MILLISECONDS.sleep(5);
                    }
                    if (arrival == null) {
                        throw new IllegalStateException("edit " + edit + " did not arrive within 60 s; see " + dir.resolve("agent.out"));
                    }
                    millis[edit] = TimeUnit.NANOSECONDS.toMillis(arrival - at);
                    System.out.printf("edit %d: first changed record after %d ms%n", edit, millis[edit]);
                    TimeUnit.SECONDS.sleep(2); // lines keep flowing between edits
                }
                long[] sorted = millis.clone();
                Arrays.sort(sorted);
                System.out.printf("reload: %d edits of one of %d pipelines at %d lines/s in all: edit to first changed record at its backend "
                                + "median %d ms, p99 %d ms, min %d ms, max %d ms; agent CPU during the edits %.2f s%n",
                        edits, busy + idle, rate, BenchSink.percentile(sorted, 0.5), BenchSink.percentile(sorted, 0.99), sorted[0],
                        sorted[sorted.length - 1], agent.cpuSeconds() - cpuAtStart);
                writer.stop();
                return null;
            });
        }

        /** What runs against the warmed-up agent. */
        private interface Measurement<T> {
            T run(CollectorProcess agent) throws Exception;
        }

        /** Starts the cluster, the backends and the agent, then the writer; runs {@code measurement} after {@code warmUp} seconds. */
        private <T> T warmedUp(int warmUp, Measurement<T> measurement) throws Exception {
            int namespaces = busy + idle;
            try (BenchCluster cluster = BenchCluster.start(namespaces, namespaces * PODS_PER_NAMESPACE); AutoCloseable closeSinks = this::closeSinks;
                 CollectorProcess agent = startAgent(cluster)) {
                writer.start();
                TimeUnit.SECONDS.sleep(warmUp);
                return measurement.run(agent);
            }
        }

        private CollectorProcess startAgent(BenchCluster cluster) throws Exception {
            Files.createDirectories(configs);
            Path pods = hostRoot.resolve("var/log/pods");
            List<Path> busyFiles = new ArrayList<>();
            for (int ns = 0; ns < busy + idle; ns++) {
                BenchSink sink = new BenchSink(true);
                sinks.add(sink);
                CollectorConfig config = SampleConfigs.seed(hostRoot, sink.endpoint());
                config.setNamespace("ns" + ns);
                config.setPipeline("logs");
                config.setReadableNamespaces(List.of("ns" + ns));
                config.getInput().setPaths(IncludeExclude.of(List.of("/var/log/pods/*/*/*.log"), List.of()));
                config.getInput().setPollInterval("200ms"); // the product's default
                config.getBatch().setTimeout("1s");
                if (System.getProperty("numConsumers") != null) { // an experiment: fewer senders per backend than the default 10
                    config.getExporters().get(0).getQueue().setNumConsumers(Integer.getInteger("numConsumers"));
                }
                pipelineConfigs.add(config);
                writeConfig(ns, config);
                List<Path> files = cluster.podLogFiles(pods, "ns" + ns);
                if (ns < busy) {
                    busyFiles.addAll(files);
                }
            }
            Path kubeconfig = Files.writeString(dir.resolve("kubeconfig"), cluster.kubeConfigYaml());
            Path jar = Path.of(System.getProperty("jar", "collector/target/logpipeline-collector.jar")).toAbsolutePath();
            if (!Files.exists(jar)) {
                throw new IllegalStateException(jar + " not found: run from the repository root after packaging the collector, or pass -Djar=");
            }
            CollectorProcess agent = CollectorProcess.start(List.of("-jar", jar.toString()),
                    List.of("--config", configs.toString(), "--host-root", hostRoot.toString(), "--node-name", BenchCluster.NODE),
                    Map.of("KUBECONFIG", kubeconfig.toString()), dir.resolve("agent.out"));
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            while (!agent.ready()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the agent was not ready within 3 minutes; see " + dir.resolve("agent.out"));
                }
                TimeUnit.MILLISECONDS.sleep(200);
            }
            writer = new Writer(busyFiles, rate, rotateBytes);
            return agent;
        }

        /** Written beside, then moved over the old file: the agent never reads half a file. */
        private void writeConfig(int ns, CollectorConfig config) throws IOException {
            Path temporary = Files.writeString(configs.resolve("ns" + ns + ".json.tmp"), CollectorConfigJson.write(config));
            Files.move(temporary, configs.resolve("ns" + ns + ".json"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }

        private void closeSinks() {
            if (writer != null) {
                writer.stop();
            }
            sinks.forEach(BenchSink::close);
        }
    }

    /**
     * Appends lines to the files round robin, {@code rate / 100} every 10 ms, and rotates a file as the kubelet does once
     * it passes its size (between half and all of {@code rotateBytes}, so the files do not all rotate at once).
     */
    private static final class Writer {
        private final List<Path> files;
        private final int rate;
        private final long[] rotateAt;
        private final long[] sizes;
        private final long[] lineNumbers;
        private final Thread thread;
        private volatile boolean running = true;
        private volatile long written;
        private volatile int rotations;

        Writer(List<Path> files, int rate, long rotateBytes) {
            this.files = files;
            this.rate = rate;
            this.rotateAt = new long[files.size()];
            for (int f = 0; f < files.size(); f++) {
                rotateAt[f] = rotateBytes / 2 + rotateBytes / 2 * (f + 1) / files.size();
            }
            this.sizes = new long[files.size()];
            this.lineNumbers = new long[files.size()];
            this.thread = new Thread(this::run, "log-writer");
        }

        void start() {
            thread.start();
        }

        long written() {
            return written;
        }

        int rotations() {
            return rotations;
        }

        void stop() {
            running = false;
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void run() {
            int perTick = rate / TICKS_PER_SECOND;
            long start = System.nanoTime();
            try {
                for (long tick = 0; running; tick++) {
                    int[] count = new int[files.size()];
                    for (int i = 0; i < perTick; i++) {
                        count[(int) ((tick * perTick + i) % files.size())]++;
                    }
                    for (int f = 0; f < files.size(); f++) {
                        if (count[f] > 0) {
                            sizes[f] += CriLines.append(files.get(f), f, lineNumbers[f], count[f], true);
                            lineNumbers[f] += count[f];
                            if (sizes[f] >= rotateAt[f]) {
                                rotate(files.get(f));
                                sizes[f] = 0;
                            }
                        }
                    }
                    written += perTick;
                    long next = start + (tick + 1) * Duration.ofSeconds(1).toNanos() / TICKS_PER_SECOND;
                    TimeUnit.NANOSECONDS.sleep(Math.max(0, next - System.nanoTime()));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        /** The kubelet's rotation: 0.log renamed with a timestamp, a new 0.log; older rotated files deleted. */
        private void rotate(Path file) throws IOException {
            try (var siblings = Files.list(file.getParent())) {
                for (Path old : siblings.filter(p -> p.getFileName().toString().startsWith("0.log.")).toList()) {
                    Files.delete(old);
                }
            }
            Files.move(file, file.resolveSibling("0.log." + System.currentTimeMillis()));
            Files.write(file, new byte[0]);
            rotations++;
        }
    }
}
