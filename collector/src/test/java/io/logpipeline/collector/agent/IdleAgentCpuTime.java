package io.logpipeline.collector.agent;

import io.logpipeline.collector.export.OtlpSink;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What idle pipelines cost the node agent: N pipelines, one namespace each, over a /var/log/pods tree of
 * {@code namespaces × podsPerNamespace × 2} containers whose lines were all read and delivered; then nothing is
 * written for {@code seconds} and the process's CPU time is measured, with the CPU time of the file input and
 * directory-watch threads apart and the directory walks done. What differs between agent versions here is the
 * file discovery (walks, watches); the rest (pollers, timers, telemetry) is the same.
 *
 * <pre>
 * java -cp … io.logpipeline.collector.agent.IdleAgentCpuTime DIR PIPELINES PODS_PER_NAMESPACE SECONDS
 * </pre>
 * See docs/benchmarks.md, "Collector file input: idle pipelines".
 */
public final class IdleAgentCpuTime {

    private IdleAgentCpuTime() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int pipelines = Integer.parseInt(args[1]);
        int podsPerNamespace = Integer.parseInt(args[2]);
        int seconds = Integer.parseInt(args[3]);
        Path configs = Files.createDirectories(dir.resolve("pipelines"));
        int files = 0;
        for (int p = 0; p < pipelines; p++) {
            for (int pod = 0; pod < podsPerNamespace; pod++) {
                for (String container : List.of("app", "sidecar")) {
                    Path file = dir.resolve("var/log/pods/ns-" + p + "_pod-" + pod + "_uid-" + p + "-" + pod + "/" + container + "/0.log");
                    Files.createDirectories(file.getParent());
                    Files.writeString(file, "2026-12-01T00:00:00.000000000Z stdout F ns-" + p + " pod-" + pod + " " + container + " ready\n",
                            StandardCharsets.UTF_8);
                    files++;
                }
            }
        }
        try (OtlpSink sink = OtlpSink.http()) {
            for (int p = 0; p < pipelines; p++) {
                Files.writeString(configs.resolve("team-" + p + "_p.json"), """
                        {"pipeline": "p", "namespace": "team-%d", "readableNamespaces": ["ns-%d"],
                         "input": {"paths": {"include": ["%s/var/log/pods/*/*/*.log"]}, "startAt": "beginning"},
                         "kubernetes": {"enabled": false},
                         "batch": {"timeout": "1s"},
                         "exporters": [{"name": "backend-%d", "endpoint": "%s"}]}
                        """.formatted(p, p, dir, p, sink.endpoint()));
            }
            NodeAgent agent = new NodeAgent(new NodeAgent.Settings(List.of(configs), null, null, dir.resolve("checkpoints"), null,
                    false, "127.0.0.1", 0, Duration.ofSeconds(5), Duration.ofSeconds(1)), () -> {
                        throw new IllegalStateException("no cluster");
                    });
            agent.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (sink.acceptedRecords().size() < files && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            if (sink.acceptedRecords().size() < files) {
                throw new IllegalStateException("only " + sink.acceptedRecords().size() + " of " + files + " records arrived");
            }
            Thread.sleep(10_000); // warm: the JIT settles, the first checkpoints are written
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            com.sun.management.OperatingSystemMXBean os =
                    (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long scansBefore = scans(agent);
            long walksBefore = walks(agent);
            Map<String, Long> threadsBefore = cpuByThreadKind(threads);
            long cpuBefore = os.getProcessCpuTime();
            Thread.sleep(seconds * 1000L);
            long cpu = os.getProcessCpuTime() - cpuBefore;
            Map<String, Long> threadsAfter = cpuByThreadKind(threads);
            long scans = scans(agent) - scansBefore;
            long walks = walksBefore < 0 ? -1 : walks(agent) - walksBefore;
            System.out.printf("idle agent: %d pipelines, %d files, %d s: process CPU %.3f s = %.2f %% of a core; "
                            + "input scans %d, directory walks %s%n", pipelines, files, seconds, cpu / 1e9,
                    100.0 * cpu / (seconds * 1e9), scans, walks < 0 ? "= scans (one walk per scan)" : Long.toString(walks));
            threadsAfter.forEach((kind, after) -> System.out.printf("  threads %-16s CPU %.3f s%n", kind,
                    (after - threadsBefore.getOrDefault(kind, 0L)) / 1e9));
            agent.stop(Duration.ofSeconds(5));
        }
    }

    private static long scans(NodeAgent agent) {
        return agent.host().running().values().stream().mapToLong(pipeline -> pipeline.inputStats().directoryScans()).sum();
    }

    // The shared discovery's walks; -1 for an agent without one (each input walks at each of its scans).
    private static long walks(NodeAgent agent) {
        try {
            Object discovery = NodeAgent.class.getMethod("fileDiscovery").invoke(agent);
            return (long) discovery.getClass().getMethod("walks").invoke(discovery);
        } catch (ReflectiveOperationException e) {
            return -1;
        }
    }

    // CPU time by thread name without its pipeline suffix: file-input, directory-watch, pipeline-…, the rest.
    private static Map<String, Long> cpuByThreadKind(ThreadMXBean threads) {
        Map<String, Long> byKind = new TreeMap<>();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            String name = info.getThreadName();
            String kind = name.equals("file-input") || name.equals("directory-watch") ? name
                    : name.startsWith("pipeline-") ? "pipeline" : "other";
            long cpu = threads.getThreadCpuTime(info.getThreadId());
            if (cpu > 0) {
                byKind.merge(kind, cpu, Long::sum);
            }
        }
        return byKind;
    }
}
