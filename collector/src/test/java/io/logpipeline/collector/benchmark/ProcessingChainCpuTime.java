package io.logpipeline.collector.benchmark;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * The same chains as {@link ProcessingChainBenchmark}, measured in records per second of this thread's CPU
 * time rather than wall time: on a machine shared with other work, wall-clock throughput measures the
 * neighbours too. Run with {@code -XX:+UseSerialGC} so collection happens on this thread and is counted.
 */
public final class ProcessingChainCpuTime {

    private static final int RECORDS = 2_000_000;
    private static long sink;

    private ProcessingChainCpuTime() {
    }

    public static void main(String[] args) throws Exception {
        SeedChainFixture fixture = new SeedChainFixture(count -> sink += count);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int round = 1; round <= 5; round++) {
            long start = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < RECORDS; i++) {
                fixture.processorsOnly();
            }
            long middle = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < RECORDS; i++) {
                fixture.withParsers();
            }
            long end = threads.getCurrentThreadCpuTime();
            System.out.printf("round %d: seedProcessors %.0f records/CPU-s, seedParsersToo %.0f records/CPU-s%n", round,
                    RECORDS * 1e9 / (middle - start), RECORDS * 1e9 / (end - middle));
        }
        System.out.println("batched records: " + sink);
    }
}
