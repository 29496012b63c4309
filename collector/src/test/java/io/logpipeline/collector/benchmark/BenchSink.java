package io.logpipeline.collector.benchmark;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;
import java.util.zip.GZIPInputStream;

/**
 * A local OTLP/HTTP backend. For throughput it only reads and discards the bodies (decoding them here would make the
 * sink, not the collector, the bottleneck); for the steady rate it decodes them and takes each record's
 * write-to-arrival latency from its timestamp (set from the line's write time by the seed parser), and remembers when
 * each value of the attribute {@link #MARK} first arrived (the reload benchmark's edits).
 */
final class BenchSink implements AutoCloseable {

    /** The attribute the reload benchmark adds with each edit. */
    static final String MARK = "bench.edit";

    private final HttpServer server;
    private final ExecutorService executor;
    private final boolean decode;
    private volatile DoubleSupplier cpuClock;
    private volatile long firstNanos;
    private volatile double cpuAtFirst;
    private final AtomicLong lastNanos = new AtomicLong();
    private final AtomicLong records = new AtomicLong();
    private volatile boolean inWindow;
    private final List<long[]> latencies = new ArrayList<>();
    private final Map<String, Long> firstArrivalOfMark = new ConcurrentHashMap<>();

    BenchSink(boolean decode) throws IOException {
        this.decode = decode;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.createContext("/v1/logs", this::handle);
        executor = Executors.newFixedThreadPool(decode ? 2 : 4);
        server.setExecutor(executor);
        server.start();
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/logs";
    }

    /** The collector's CPU clock, read when the first request arrives (throughput counts from there). */
    void watch(DoubleSupplier collectorCpuSeconds) {
        this.cpuClock = collectorCpuSeconds;
    }

    long firstNanos() {
        return firstNanos;
    }

    double cpuAtFirst() {
        return cpuAtFirst;
    }

    long lastNanos() {
        return lastNanos.get();
    }

    /** Records decoded so far (decoding sinks only). */
    long records() {
        return records.get();
    }

    synchronized void startWindow() {
        latencies.clear();
        inWindow = true;
    }

    synchronized void endWindow() {
        inWindow = false;
    }

    /** Write-to-arrival latencies (ms) of the records that arrived in the window. */
    synchronized long[] windowLatencies() {
        return latencies.stream().flatMapToLong(Arrays::stream).toArray();
    }

    /** System.nanoTime() when a record with {@link #MARK} = {@code value} first arrived; null while none has. */
    Long firstArrivalOfMark(String value) {
        return firstArrivalOfMark.get(value);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            long now = System.nanoTime();
            InputStream in = exchange.getRequestBody();
            if (decode) {
                ExportLogsServiceRequest request = ExportLogsServiceRequest.parseFrom(new GZIPInputStream(in));
                Instant wall = Instant.now();
                long wallNanos = wall.getEpochSecond() * 1_000_000_000L + wall.getNano();
                List<Long> batch = new ArrayList<>();
                for (ResourceLogs resourceLogs : request.getResourceLogsList()) {
                    for (ScopeLogs scope : resourceLogs.getScopeLogsList()) {
                        for (LogRecord record : scope.getLogRecordsList()) {
                            batch.add((wallNanos - record.getTimeUnixNano()) / 1_000_000);
                            for (KeyValue attribute : record.getAttributesList()) {
                                if (attribute.getKey().equals(MARK)) {
                                    firstArrivalOfMark.putIfAbsent(attribute.getValue().getStringValue(), now);
                                }
                            }
                        }
                    }
                }
                records.addAndGet(batch.size());
                if (inWindow) {
                    synchronized (this) {
                        latencies.add(batch.stream().mapToLong(Long::longValue).toArray());
                    }
                }
            } else {
                in.transferTo(OutputStream.nullOutputStream());
            }
            synchronized (this) {
                if (firstNanos == 0 && cpuClock != null) {
                    firstNanos = now;
                    cpuAtFirst = cpuClock.getAsDouble();
                }
            }
            exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, -1);
            lastNanos.set(System.nanoTime());
        }
    }

    static long percentile(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
