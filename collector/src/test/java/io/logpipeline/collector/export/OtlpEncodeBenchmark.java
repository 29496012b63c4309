package io.logpipeline.collector.export;

import io.logpipeline.api.v1alpha1.OtlpSpec;
import io.logpipeline.collector.batch.BatchBuilder;
import io.logpipeline.collector.record.ContainerResource;
import io.logpipeline.collector.record.LogRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost per record of the export encoding: a 1000-record batch of 10 containers, bodies the size of a
 * 186-byte CRI line's message, Kubernetes resource attributes. Not run by the build; see docs/benchmarks.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class OtlpEncodeBenchmark {

    static final int RECORDS = 1000;

    private List<LogRecord> batch;
    private final OtlpRecordEncoder encoder = new OtlpRecordEncoder();

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        batch = new ArrayList<>(RECORDS);
        List<ContainerResource> resources = new ArrayList<>();
        for (int c = 0; c < 10; c++) {
            Map<String, Object> attributes = new LinkedHashMap<>();
            attributes.put("k8s.namespace.name", "shop");
            attributes.put("k8s.pod.name", "checkout-7d9f8b6c5-x2k4" + c);
            attributes.put("k8s.pod.uid", "0f3c5e2a-1b7d-4c9e-8a6f-2d4b6c8e0a1" + c);
            attributes.put("k8s.container.name", "app");
            attributes.put("k8s.container.restart_count", 0L);
            attributes.put("k8s.node.name", "node-3");
            attributes.put("k8s.deployment.name", "checkout");
            attributes.put("app.kubernetes.io/name", "checkout");
            resources.add(new ContainerResource(attributes));
        }
        String message = "2024-05-01T12:00:00.123Z INFO  [http-nio-8080-exec-7] c.e.shop.CheckoutController - order 4711 placed,"
                + " items=3 total=59.97 ";
        for (int i = 0; i < RECORDS; i++) {
            LogRecord record = new LogRecord(1_714_564_800_123_456_789L + i, message + i, resources.get(i / 100))
                    .observedEpochNanos(1_714_564_800_200_000_000L + i).severityNumber(9).severityText("INFO");
            record.attributes().put(LogRecord.ATTR_IOSTREAM, "stdout");
            record.attributes().put("env", "prod");
            record.attributes().put("cluster", "eu-1");
            batch.add(record);
        }
        byte[] raw = write();
        System.out.printf("%nbatch: %d records, protobuf %d bytes, gzip-1 %d bytes, gzip-6 %d bytes, json %d bytes%n", RECORDS,
                raw.length, deflated(raw, 1), deflated(raw, 6),
                OtlpPayload.of(raw, OtlpSpec.Encoding.JSON, OtlpSpec.Compression.NONE).body().length);
    }

    private static int deflated(byte[] raw, int level) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DeflaterOutputStream deflater = new DeflaterOutputStream(out, new Deflater(level, true))) {
            deflater.write(raw);
        }
        return out.size();
    }

    /**
     * The shipped path: each record encoded as it enters a batch (BatchBuilder with the OtlpRecordEncoder), then the
     * batch's request written from those encoded records (OtlpProtobufWriter).
     */
    private byte[] write() {
        BatchBuilder builder = new BatchBuilder(Map.of(), encoder);
        for (LogRecord record : batch) {
            builder.add(record);
        }
        return OtlpProtobufWriter.write(builder.build());
    }

    /** The shipped path: records to protobuf bytes, encoded into the batch one by one, then written as one request. */
    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public byte[] writeProtobuf() {
        return write();
    }

    /** The alternative: build the official opentelemetry-proto message objects, then serialize them. */
    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public byte[] protoClassesBuildAndSerialize() {
        return ProtoClassesEncoder.encode(batch).toByteArray();
    }

    /** Records to gzip-1 protobuf, as one backend's sender does it. */
    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public OtlpPayload writeProtobufGzip() {
        return OtlpPayload.of(write(), OtlpSpec.Encoding.PROTOBUF, OtlpSpec.Compression.GZIP);
    }

    /** Records to OTLP/JSON (through the official classes and JsonFormat), no compression. */
    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public OtlpPayload writeJson() {
        return OtlpPayload.of(write(), OtlpSpec.Encoding.JSON, OtlpSpec.Compression.NONE);
    }

    /**
     * The same cases timed by thread CPU time instead of wall time, for a shared machine where other
     * processes take the core away: prints the median CPU ns per record over 15 rounds of 200 batches.
     */
    public static void main(String[] args) throws IOException {
        OtlpEncodeBenchmark benchmark = new OtlpEncodeBenchmark();
        benchmark.setUp();
        Map<String, Runnable> cases = new LinkedHashMap<>();
        cases.put("protoClassesBuildAndSerialize", benchmark::protoClassesBuildAndSerialize);
        cases.put("writeProtobuf", benchmark::writeProtobuf);
        cases.put("writeProtobufGzip", benchmark::writeProtobufGzip);
        cases.put("writeJson", benchmark::writeJson);
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        for (int warmup = 0; warmup < 3; warmup++) {
            cases.values().forEach(c -> {
                for (int i = 0; i < 200; i++) {
                    c.run();
                }
            });
        }
        for (Map.Entry<String, Runnable> c : cases.entrySet()) {
            long[] rounds = new long[15];
            for (int r = 0; r < rounds.length; r++) {
                long start = threads.getCurrentThreadCpuTime();
                for (int i = 0; i < 200; i++) {
                    c.getValue().run();
                }
                rounds[r] = (threads.getCurrentThreadCpuTime() - start) / (200L * RECORDS);
            }
            java.util.Arrays.sort(rounds);
            System.out.printf("%-32s median %6d ns/record (min %d, max %d) CPU%n", c.getKey(), rounds[7], rounds[0], rounds[14]);
        }
    }
}
