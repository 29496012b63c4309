package io.logpipeline.collector.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The README's local main job, run in-process: every sample line read, every record printed and counted as sent. */
class DemoCommandTest {

    /** samples/demo as the repository holds it (the module's tests run in collector/). */
    private static final Path SAMPLES = Path.of("..", "samples", "demo", "var", "log", "pods");

    @Test
    void theDemoDeliversEverySampleLineAndItsSummarySaysSo() throws Exception {
        // given: the sample files' lines, and the records they make once CRI partials (P) are joined to their last part
        List<String> lines = sampleLines();
        long partials = lines.stream().filter(line -> line.split(" ", 4)[2].equals("P")).count();
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        // when
        DemoSummary summary = new DemoCommand(new PrintStream(printed, true, StandardCharsets.UTF_8)).run();

        // then
        assertThat(summary.linesRead()).isEqualTo(lines.size());
        assertThat(summary.pipelines()).extracting(DemoSummary.PipelineSummary::pipeline, DemoSummary.PipelineSummary::backend)
                .containsExactly(tuple("shop/storefront", DemoCommand.BUILT_IN_BACKEND + "-shop"),
                        tuple("payments/ledger", DemoCommand.BUILT_IN_BACKEND + "-payments"));
        assertThat(summary.pipelines()).allSatisfy(pipeline -> {
            assertThat(pipeline.recordsRead()).isPositive();
            assertThat(pipeline.sent()).isEqualTo(pipeline.recordsRead());
            assertThat(pipeline.failed()).isZero();
            assertThat(pipeline.dropped()).isZero();
        });
        assertThat(summary.pipelines().stream().mapToLong(DemoSummary.PipelineSummary::sent).sum()).isEqualTo(lines.size() - partials);
        assertThat(summary.pipelines().get(1).linesRead()).as("payments/ledger reads the payments namespace only")
                .isEqualTo(lines(sampleFiles(), "payments_"));
        assertThat(summary.complete()).isTrue();
        assertThat(summary.describe()).contains("lines read " + lines.size() + " of " + lines.size(), "every line delivered",
                "pipeline shop/storefront:", "pipeline payments/ledger:");
        String output = printed.toString(StandardCharsets.UTF_8);
        assertThat(output.lines().filter(line -> line.startsWith("["))).hasSize((int) (lines.size() - partials));
        assertThat(output).contains("kubernetes.enabled=false", "input.podSelector ignored",
                "[payments/ledger-0/ledger]", "body=\"2026-11-24T11:59:58.000Z INFO ledger 2.4.1 starting, partitions=8\"",
                "k8s.cluster.name=prod");
    }

    private static long lines(List<Path> files, String podDirectoryPrefix) throws IOException {
        long count = 0;
        for (Path file : files) {
            if (SAMPLES.relativize(file).getName(0).toString().startsWith(podDirectoryPrefix)) {
                count += Files.readAllLines(file).size();
            }
        }
        return count;
    }

    private static List<Path> sampleFiles() throws IOException {
        try (Stream<Path> files = Files.walk(SAMPLES)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    private static List<String> sampleLines() throws IOException {
        try (Stream<Path> files = Files.walk(SAMPLES)) {
            return files.filter(Files::isRegularFile).flatMap(file -> {
                try {
                    return Files.readAllLines(file).stream();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
    }
}
