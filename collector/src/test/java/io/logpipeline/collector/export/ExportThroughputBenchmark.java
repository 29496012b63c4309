package io.logpipeline.collector.export;

import com.sun.net.httpserver.HttpServer;
import io.logpipeline.api.config.ExporterConfig;
import io.logpipeline.collector.record.ContainerResource;
import io.logpipeline.collector.record.LogRecord;
import io.logpipeline.collector.telemetry.AgentMetrics;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Export stage end to end on one machine: batches submitted to {@link ExportFanOut}, OTLP/HTTP
 * protobuf gzip to a local receiver that only reads and discards the bodies. Reports records/s and
 * the CPU the export stage itself uses per record (submitting thread plus its sender threads, read
 * from thread CPU time so the receiver and other processes do not count). Not run by the build; see
 * docs/benchmarks.md.
 */
public final class ExportThroughputBenchmark {

    private static final int BATCH = 1000;

    public static void main(String[] args) throws Exception {
        int batches = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        AtomicLong receivedBytes = new AtomicLong();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        receiver.setExecutor(Executors.newFixedThreadPool(2));
        receiver.createContext("/v1/logs", exchange -> {
            try (exchange; InputStream body = exchange.getRequestBody()) {
                receivedBytes.addAndGet(body.readAllBytes().length);
                exchange.sendResponseHeaders(200, -1);
            }
        });
        receiver.start();
        ExporterConfig config = new ExporterConfig();
        config.setName("sink");
        config.setEndpoint("http://127.0.0.1:" + receiver.getAddress().getPort() + "/v1/logs");
        config.getQueue().setNumConsumers(2);
        config.getQueue().setQueueSize(16);
        AtomicLong acknowledged = new AtomicLong();
        List<List<LogRecord>> work = batches(acknowledged);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try (AgentMetrics metrics = new AgentMetrics()) {
            ExportFanOut fanOut = new ExportFanOut(List.of(config), metrics.pipeline("bench/bench"), Map.of());
            fanOut.start();
            for (int i = 0; i < batches / 4; i++) { // warm-up
                fanOut.submit(ExportFixtures.batchOf(work.get(i % work.size()))); // encoded here, as the batch stage does
            }
            while (acknowledged.get() < (long) (batches / 4) * BATCH) {
                Thread.sleep(10);
            }
            acknowledged.set(0);
            long cpuBefore = threads.getCurrentThreadCpuTime() + senderCpu(threads);
            long start = System.nanoTime();
            for (int i = 0; i < batches; i++) {
                fanOut.submit(ExportFixtures.batchOf(work.get(i % work.size()))); // encoded here, as the batch stage does
            }
            while (acknowledged.get() < (long) batches * BATCH) {
                Thread.sleep(1);
            }
            long wall = System.nanoTime() - start;
            long cpu = threads.getCurrentThreadCpuTime() + senderCpu(threads) - cpuBefore;
            long records = (long) batches * BATCH;
            System.out.printf("records %d, %.0f records/s, export CPU %.0f ns/record, %.1f bytes/record on the wire%n",
                    records, records / (wall / 1e9), (double) cpu / records, (double) receivedBytes.get() / (records + (long) (batches / 4) * BATCH));
            fanOut.stop(io.logpipeline.collector.lifecycle.Deadline.after(java.time.Duration.ofSeconds(5)));
        } finally {
            receiver.stop(0);
            ((java.util.concurrent.ExecutorService) receiver.getExecutor()).shutdownNow();
        }
    }

    private static long senderCpu(ThreadMXBean threads) {
        long total = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith("export-")) {
                total += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
            }
        }
        return total;
    }

    /** 64 distinct batches of 10 containers each, the same shape as {@link OtlpEncodeBenchmark}'s. */
    private static List<List<LogRecord>> batches(AtomicLong acknowledged) {
        List<List<LogRecord>> batches = new ArrayList<>();
        List<ContainerResource> resources = new ArrayList<>();
        for (int c = 0; c < 10; c++) {
            Map<String, Object> attributes = new LinkedHashMap<>();
            attributes.put("k8s.namespace.name", "shop");
            attributes.put("k8s.pod.name", "checkout-7d9f8b6c5-x2k4" + c);
            attributes.put("k8s.pod.uid", "0f3c5e2a-1b7d-4c9e-8a6f-2d4b6c8e0a1" + c);
            attributes.put("k8s.container.name", "app");
            attributes.put("k8s.node.name", "node-3");
            attributes.put("k8s.deployment.name", "checkout");
            resources.add(new ContainerResource(attributes));
        }
        long line = 0;
        for (int b = 0; b < 64; b++) {
            List<LogRecord> batch = new ArrayList<>(BATCH);
            for (int i = 0; i < BATCH; i++, line++) {
                LogRecord record = new LogRecord(1_714_564_800_123_456_789L + line,
                        "2024-05-01T12:00:00.123Z INFO  [exec-" + (line % 17) + "] c.e.shop.CheckoutController - order " + line
                                + " placed, items=" + (line % 7) + " total=" + (line * 31 % 10_000) / 100.0,
                        resources.get(i / 100))
                        .observedEpochNanos(1_714_564_800_200_000_000L + line).severityNumber(9).severityText("INFO")
                        .acknowledgement(acknowledged::incrementAndGet);
                record.attributes().put(LogRecord.ATTR_IOSTREAM, "stdout");
                batch.add(record);
            }
            batches.add(batch);
        }
        return batches;
    }
}
