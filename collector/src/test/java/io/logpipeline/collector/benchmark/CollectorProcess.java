package io.logpipeline.collector.benchmark;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The collector as a separate process with the JVM flags of Dockerfile.collector, and what the benchmarks read of
 * it: CPU time and RSS from /proc, records sent from its /metrics.
 */
final class CollectorProcess implements AutoCloseable {

    /**
     * The JVM flags of Dockerfile.collector, memory sized as under the chart's 512Mi limit (MaxRAM) and one CPU (the
     * chart's 500m limit: the JVM rounds a CPU quota up to whole processors).
     */
    static final List<String> JVM = List.of("-XX:+UseSerialGC", "-XX:MaxRAM=512m", "-XX:MaxRAMPercentage=70",
            "-Xmn48m", "-XX:SurvivorRatio=4", "-XX:TargetSurvivorRatio=80", "-XX:MinHeapFreeRatio=20", "-XX:MaxHeapFreeRatio=40",
            "-XX:TrimNativeHeapInterval=5000", "-Xss512k",
            "-XX:+ExitOnOutOfMemoryError", "-XX:-UsePerfData", "-Dfile.encoding=UTF-8", "-XX:ActiveProcessorCount=1");
    /** The environment Dockerfile.collector sets for the JVM. */
    static final Map<String, String> ENV = Map.of("MALLOC_ARENA_MAX", "2");
    private static final Pattern SENT = Pattern.compile("(?m)^otelcol_exporter_sent_log_records_total\\{[^}]*\\} (\\S+)");

    private final Process process;
    private final int telemetryPort;
    private final HttpClient http = HttpClient.newHttpClient();

    private CollectorProcess(Process process, int telemetryPort) {
        this.process = process;
        this.telemetryPort = telemetryPort;
    }

    /**
     * Starts {@code java <JVM flags> [-Dcollector.jvmArgs] <launch> <args> --telemetry-address 127.0.0.1 --telemetry-port P},
     * pinned to core 1 ({@code taskset -c 1}) unless {@code -Dpin=false}, output to {@code out}.
     *
     * @param launch how to run the collector: {@code -cp <cp> <main class>} or {@code -jar <jar>}
     */
    static CollectorProcess start(List<String> launch, List<String> args, Map<String, String> env, Path out) throws IOException {
        List<String> command = new ArrayList<>();
        if (Boolean.parseBoolean(System.getProperty("pin", "true"))) {
            command.addAll(List.of("taskset", "-c", "1"));
        }
        command.add(javaBinary());
        command.addAll(JVM);
        // -Dcollector.jvmArgs="..." adds flags to try (e.g. a JFR recording), after the Dockerfile's
        String extra = System.getProperty("collector.jvmArgs", "").trim();
        if (!extra.isEmpty()) {
            command.addAll(List.of(extra.split("\\s+")));
        }
        int telemetryPort = freePort();
        command.addAll(launch);
        command.addAll(args);
        command.addAll(List.of("--telemetry-address", "127.0.0.1", "--telemetry-port", String.valueOf(telemetryPort)));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
        builder.environment().putAll(env);
        builder.environment().putAll(ENV);
        return new CollectorProcess(builder.start(), telemetryPort);
    }

    static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    long pid() {
        return process.pid();
    }

    /** Records sent to backends, summed over every pipeline and backend; 0 until /metrics answers. */
    long sent() throws InterruptedException {
        try {
            String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + telemetryPort + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            Matcher m = SENT.matcher(metrics);
            long sent = 0;
            while (m.find()) {
                sent += (long) Double.parseDouble(m.group(1));
            }
            return sent;
        } catch (IOException notListeningYet) {
            return 0;
        }
    }

    /** Whether /readyz answers 200: every pipeline loaded and reading, metadata synced. */
    boolean ready() throws InterruptedException {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + telemetryPort + "/readyz")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException notListeningYet) {
            return false;
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
        Map<String, Double> byName = new TreeMap<>();
        try (var tasks = Files.list(Path.of("/proc/" + process.pid() + "/task"))) {
            for (Path task : tasks.toList()) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (java.nio.file.NoSuchFileException threadEnded) {
                    continue;
                }
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("-\\d+$", "-N");
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                byName.merge(name, (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0, Double::sum);
            }
        }
        return byName;
    }

    /**
     * Context switches of all the process's threads (voluntary + involuntary, from /proc/<pid>/task/<tid>/status): a
     * thread that parks and wakes often costs CPU in the kernel and the scheduler however little it does when awake.
     */
    long contextSwitches() throws IOException {
        long switches = 0;
        try (var tasks = Files.list(Path.of("/proc/" + process.pid() + "/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    for (String line : Files.readAllLines(task.resolve("status"))) {
                        if (line.contains("ctxt_switches:")) {
                            switches += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                        }
                    }
                } catch (java.nio.file.NoSuchFileException threadEnded) {
                    // counted no more
                }
            }
        }
        return switches;
    }

    /** Per thread name, CPU seconds now less {@code before}. */
    Map<String, Double> threadCpuSince(Map<String, Double> before) throws IOException {
        Map<String, Double> since = new TreeMap<>(threadCpuSeconds());
        before.forEach((name, seconds) -> since.merge(name, -seconds, Double::sum));
        return since;
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

    /** SIGTERM, then the exit code (the agent delivers what it read within its grace first). */
    int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            stop();
        }
    }
}
