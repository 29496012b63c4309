package io.logpipeline.collector.benchmark;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Records per second through the collector's processing on one thread: Kubernetes metadata lookup, the
 * seed's processors (service.name insert, log.level extract, cluster-name resource upsert, two drop rules)
 * and batching by namespace/pod/container; {@code seedParsersToo} adds the seed's regex + timestamp, json
 * and severity parsers. Each operation is one new record, as the file input would hand it over.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseSerialGC", "-XX:ActiveProcessorCount=1", "-Xmx512m"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ProcessingChainBenchmark {

    private SeedChainFixture fixture;

    @Setup
    public void setUp(Blackhole blackhole) throws IOException {
        fixture = new SeedChainFixture(blackhole::consume);
    }

    @Benchmark
    public void seedProcessors() {
        fixture.processorsOnly();
    }

    @Benchmark
    public void seedParsersToo() {
        fixture.withParsers();
    }
}
