package io.logpipeline.collector.agent;

import static io.logpipeline.collector.agent.AgentPipelines.pipeline;
import static io.logpipeline.collector.agent.AgentPipelines.writeLines;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.logpipeline.api.config.CollectorConfig;
import io.logpipeline.collector.export.OtlpSink;
import io.logpipeline.collector.input.discovery.SharedFileDiscovery;
import io.logpipeline.collector.pipeline.CollectorPipeline;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One node agent in this JVM hosting three tenants' pipelines from config files, each with its own OTLP
 * backend: what each backend receives when pipelines run side by side, are reloaded, removed, added, refused,
 * or lose their backend.
 */
class NodeAgentTest {

    @TempDir
    Path root;

    private final List<AutoCloseable> closeAfter = new ArrayList<>();
    private OtlpSink sinkA;
    private OtlpSink sinkB;
    private OtlpSink sinkC;

    @BeforeEach
    void startBackends() throws Exception {
        sinkA = OtlpSink.http();
        sinkB = OtlpSink.http();
        sinkC = OtlpSink.http();
        closeAfter.addAll(List.of(sinkA, sinkB, sinkC));
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable closeable : closeAfter) {
            closeable.close();
        }
    }

    private RunningAgent agent(CollectorConfig... pipelines) throws Exception {
        RunningAgent agent = RunningAgent.start(root, false, pipelines);
        closeAfter.add(0, agent);
        return agent;
    }

    private CollectorConfig a(String version) {
        return pipeline(root, "team-a", "a", List.of("ns-a"), sinkA.endpoint(), version);
    }

    private CollectorConfig b() {
        return pipeline(root, "team-b", "b", List.of("ns-b"), sinkB.endpoint(), "1");
    }

    private CollectorConfig c() {
        return pipeline(root, "team-c", "c", List.of("ns-c"), sinkC.endpoint(), "1");
    }

    @Test
    void threePipelinesInOneProcessEachGetExactlyTheirNamespacesRecords() throws Exception {
        // given: three namespaces' logs, and three pipelines whose globs take every file
        for (String namespace : List.of("ns-a", "ns-b", "ns-c")) {
            writeLines(root, namespace, 1, 200);
        }

        // when
        agent(a("1"), b(), c());

        // then: each backend gets its namespace's 200 lines, once each, and nothing of the others
        await().atMost(Duration.ofSeconds(30)).until(() -> countsByLine(sinkA).size() == 200
                && countsByLine(sinkB).size() == 200 && countsByLine(sinkC).size() == 200);
        assertThat(countsByLine(sinkA)).allSatisfy((line, count) -> {
            assertThat(line).startsWith("ns-a line ");
            assertThat(count).isEqualTo(1);
        });
        assertThat(countsByLine(sinkB).keySet()).allMatch(line -> line.startsWith("ns-b line "));
        assertThat(countsByLine(sinkC).keySet()).allMatch(line -> line.startsWith("ns-c line "));
    }

    @Test
    void threePipelinesWithDifferentNamespacesShareOneDirectoryWalkAndWatchAndEachOpensOnlyItsFiles() throws Exception {
        // given: three namespaces' logs; C may read two of them
        for (String namespace : List.of("ns-a", "ns-b", "ns-c")) {
            writeLines(root, namespace, 1, 50);
        }
        CollectorConfig c = pipeline(root, "team-c", "c", List.of("ns-a", "ns-c"), sinkC.endpoint(), "1");

        // when
        RunningAgent agent = agent(a("1"), b(), c);

        // then: each backend gets exactly its namespaces' lines
        await().atMost(Duration.ofSeconds(30)).until(() -> countsByLine(sinkA).size() == 50
                && countsByLine(sinkB).size() == 50 && countsByLine(sinkC).size() == 100);
        assertThat(countsByLine(sinkA).keySet()).allMatch(line -> line.startsWith("ns-a line "));
        assertThat(countsByLine(sinkB).keySet()).allMatch(line -> line.startsWith("ns-b line "));
        assertThat(countsByLine(sinkC).keySet()).allMatch(line -> line.startsWith("ns-a line ") || line.startsWith("ns-c line "));
        assertThat(countsByLine(sinkC).values()).allMatch(count -> count == 1);
        // and each pipeline opened only the files of the namespaces it may read
        Map<String, CollectorPipeline> running = agent.host().running();
        assertThat(running.get("team-a/a").inputStats().openFiles()).isEqualTo(1);
        assertThat(running.get("team-b/b").inputStats().openFiles()).isEqualTo(1);
        assertThat(running.get("team-c/c").inputStats().openFiles()).isEqualTo(2);

        // and the directories were walked for all three at once and watched once:
        // var/log/pods, three pod directories, three container directories
        SharedFileDiscovery discovery = agent.fileDiscovery();
        assertThat(discovery.subscribers()).isEqualTo(3);
        assertThat(discovery.watchRegistrations()).isEqualTo(7);
        long scans = running.values().stream().mapToLong(pipeline -> pipeline.inputStats().directoryScans()).sum();
        assertThat(discovery.walks()).as("walks for %d scans", scans).isLessThan(scans);

        // when C is removed, it no longer takes files from the shared discovery
        agent.remove("team-c", "c");
        await().atMost(Duration.ofSeconds(10)).until(() -> discovery.subscribers() == 2);
    }

    @Test
    void reloadingOnePipelineWhileLinesFlowChangesItsRecordsAndTheOthersSeeNoGapAndNoDuplicate() throws Exception {
        // given: three pipelines running while their containers keep writing
        RunningAgent agent = agent(a("1"), b(), c());
        await().atMost(Duration.ofSeconds(30)).until(() -> agent.host().running().size() == 3);
        Map<String, CollectorPipeline> before = agent.host().running();
        AtomicInteger written = new AtomicInteger();
        AtomicBoolean keepWriting = new AtomicBoolean(true);
        Thread writer = new Thread(() -> {
            while (keepWriting.get()) {
                int n = written.get() + 1;
                for (String namespace : List.of("ns-a", "ns-b", "ns-c")) {
                    writeLines(root, namespace, n, n + 19);
                }
                written.addAndGet(20);
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        writer.start();
        closeAfter.add(0, () -> {
            keepWriting.set(false);
            writer.join();
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> countsByLine(sinkA).size() >= 300);

        // when: A's processors change
        agent.write(a("2"));

        // then: A's records change within 10 s, in the same process, with B and C left running as they were
        await().atMost(Duration.ofSeconds(10)).until(() -> versions(sinkA).containsKey("2"));
        int target = written.get() + 200;
        await().atMost(Duration.ofSeconds(10)).until(() -> written.get() >= target);
        keepWriting.set(false);
        writer.join();
        int lines = written.get();
        await().atMost(Duration.ofSeconds(30)).until(() -> countsByLine(sinkA).size() == lines
                && countsByLine(sinkB).size() == lines && countsByLine(sinkC).size() == lines);
        Map<String, CollectorPipeline> after = agent.host().running();
        assertThat(after.get("team-b/b")).isSameAs(before.get("team-b/b"));
        assertThat(after.get("team-c/c")).isSameAs(before.get("team-c/c"));
        assertThat(after.get("team-a/a")).isNotSameAs(before.get("team-a/a"));
        assertThat(countsByLine(sinkB).values()).as("B: no gap, no duplicate").allMatch(count -> count == 1);
        assertThat(countsByLine(sinkC).values()).as("C: no gap, no duplicate").allMatch(count -> count == 1);
        assertThat(countsByLine(sinkA)).as("A: every line, duplicates at most from its unacknowledged tail").hasSize(lines);
        assertThat(versions(sinkA).get("ns-a line " + lines)).isEqualTo("2");
        assertThat(agent.host().states()).filteredOn(state -> state.name().equals("a"))
                .singleElement().satisfies(state -> assertThat(state.rejectedConfigHash()).isNull());
    }

    @Test
    void aRemovedPipelineStopsAndLosesItsCheckpointsAnAddedOneRunsAndAnInvalidEditKeepsTheOldOneRunning() throws Exception {
        // given
        writeLines(root, "ns-a", 1, 10);
        writeLines(root, "ns-b", 1, 10);
        writeLines(root, "ns-c", 1, 10);
        RunningAgent agent = agent(a("1"), b());
        await().atMost(Duration.ofSeconds(30)).until(() -> countsByLine(sinkA).size() == 10 && countsByLine(sinkB).size() == 10);
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(agent.checkpointDirectory("team-a", "a")));

        // when: A is removed, C is added, and B's config is broken by an edit
        agent.remove("team-a", "a");
        agent.write(c());
        CollectorConfig brokenB = b();
        brokenB.getBatch().setTimeout("soon");
        agent.write(brokenB);

        // then: A is gone with its checkpoints, C delivers, B still runs its old config and says why it refused the new one
        await().atMost(Duration.ofSeconds(10)).until(() -> agent.host().running().keySet().equals(java.util.Set.of("team-b/b", "team-c/c")));
        assertThat(agent.checkpointDirectory("team-a", "a")).doesNotExist();
        await().atMost(Duration.ofSeconds(30)).until(() -> countsByLine(sinkC).size() == 10);
        PipelineHost.PipelineState stateB = agent.host().states().stream().filter(state -> state.name().equals("b")).findFirst().orElseThrow();
        assertThat(stateB.runningConfigHash()).isNotNull().isNotEqualTo(stateB.rejectedConfigHash());
        assertThat(stateB.rejectedMessage()).contains("batch.timeout", "\"soon\" is not a duration");
        writeLines(root, "ns-b", 11, 20);
        await().atMost(Duration.ofSeconds(30)).until(() -> countsByLine(sinkB).size() == 20);
    }

    @Test
    void aPipelineWhoseBackendIsDownWithBlockStopsOnlyItselfAndLosesNothingWhenItReturns() throws Exception {
        // given: A's backend down (nothing listens on its port), B's up
        int portA = sinkA.port();
        sinkA.close();
        RunningAgent agent = agent(a("1"), b());
        writeLines(root, "ns-a", 1, 2000);

        // when: A's queue fills and blocks its reading, while B's containers keep writing
        await().atMost(Duration.ofSeconds(30)).until(() -> agent.host().states().stream()
                .filter(state -> state.name().equals("a")).allMatch(state -> state.metrics().backends().get(0).retryingSince() != null));
        for (int n = 1; n <= 500; n += 50) {
            writeLines(root, "ns-b", n, n + 49);
            Thread.sleep(50);
        }

        // then: B delivers all of it; once A's backend is back, every A line arrives
        await().atMost(Duration.ofSeconds(30)).until(() -> countsByLine(sinkB).size() == 500);
        assertThat(countsByLine(sinkB).values()).allMatch(count -> count == 1);
        OtlpSink backAgain = OtlpSink.on(portA);
        closeAfter.add(backAgain);
        await().atMost(Duration.ofSeconds(60)).until(() -> countsByLine(backAgain).size() == 2000);
    }

    @Test
    void aCatastrophicBacktrackingPatternFailsOnlyItsRecordAndStallsNothing() throws Exception {
        // given: A parses bodies with (a+)+$, which backtracks exponentially on "aaa…ab"; B runs beside it
        CollectorConfig catastrophic = a("1");
        catastrophic.getInput().setParsers(io.logpipeline.api.config.CollectorConfigJson.parse("""
                {"pipeline": "x", "input": {"parsers": [{"regex": {"pattern": "(?P<run>(a+)+)$"}}]}}
                """).getInput().getParsers());
        RunningAgent agent = agent(catastrophic, b());

        // when: A's container writes the killer line between two ordinary ones, B's writes as usual
        writeLines(root, "ns-a", 1, 1);
        Path fileA = root.resolve("var/log/pods/ns-a_app-0_uid-ns-a/app/0.log");
        Files.writeString(fileA, "2026-12-01T00:00:00.000000000Z stdout F " + "a".repeat(5000) + "b\n",
                java.nio.file.StandardOpenOption.APPEND);
        writeLines(root, "ns-a", 2, 2);
        writeLines(root, "ns-b", 1, 100);

        // then: B delivers everything, A delivers its ordinary lines, and the killer line is counted as a processing error
        await().atMost(Duration.ofSeconds(30)).until(() -> countsByLine(sinkB).size() == 100
                && countsByLine(sinkA).keySet().containsAll(List.of("ns-a line 1", "ns-a line 2")));
        await().atMost(Duration.ofSeconds(10)).until(() -> agent.get("/metrics").body()
                .contains("logpipeline_dropped_log_records_total{pipeline=\"team-a/a\",reason=\"processing_error\"} 1.0"));
        assertThat(countsByLine(sinkA)).hasSize(2);
    }

    /** Body → how many times the sink accepted it. */
    static Map<String, Long> countsByLine(OtlpSink sink) {
        return sink.acceptedRecords().stream().map(record -> record.getBody().getStringValue())
                .collect(Collectors.groupingBy(Function.identity(), TreeMap::new, Collectors.counting()));
    }

    /** Body → the config.version resource attribute it last arrived with, and the versions seen as keys too. */
    private static Map<String, String> versions(OtlpSink sink) {
        Map<String, String> versions = new TreeMap<>();
        for (OtlpSink.Received request : sink.received()) {
            for (ResourceLogs resourceLogs : request.request().getResourceLogsList()) {
                String version = resourceLogs.getResource().getAttributesList().stream()
                        .filter(attribute -> attribute.getKey().equals("config.version"))
                        .map(attribute -> attribute.getValue().getStringValue()).findFirst().orElse("none");
                versions.put(version, version);
                resourceLogs.getScopeLogsList().forEach(scope -> scope.getLogRecordsList()
                        .forEach(record -> versions.put(record.getBody().getStringValue(), version)));
            }
        }
        return versions;
    }
}
