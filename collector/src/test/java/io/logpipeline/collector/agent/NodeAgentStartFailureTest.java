package io.logpipeline.collector.agent;

import static io.logpipeline.collector.agent.AgentPipelines.pipeline;
import static io.logpipeline.collector.agent.AgentPipelines.writeLines;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logpipeline.api.config.CollectorConfigJson;
import io.logpipeline.collector.export.OtlpSink;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An agent that cannot start (its telemetry port is taken) stops what it had started and runs no pipeline. */
class NodeAgentStartFailureTest {

    @TempDir
    Path root;

    @Test
    void anAgentWhoseTelemetryPortIsTakenStopsTheDiscoveryItStartedAndStartsNoPipeline() throws Exception {
        // given: a pipeline with lines to read, and the telemetry port held by another process
        writeLines(root, "ns-a", 1, 10);
        Path configs = Files.createDirectories(root.resolve("pipelines"));
        try (OtlpSink sink = OtlpSink.http();
                ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Files.writeString(configs.resolve("team-a_a.json"),
                    CollectorConfigJson.write(pipeline(root, "team-a", "a", List.of("ns-a"), sink.endpoint(), "1")));
            NodeAgent agent = new NodeAgent(new NodeAgent.Settings(List.of(configs), null, null, root.resolve("checkpoints"), null,
                    false, "127.0.0.1", taken.getLocalPort(), Duration.ofSeconds(5), Duration.ofMillis(100)), () -> {
                        throw new IllegalStateException("no cluster in this test");
                    });
            long watchThreadsBefore = threads("directory-watch");

            // when
            assertThatThrownBy(agent::start).isInstanceOf(IOException.class);

            // then: the discovery started before the telemetry endpoint is stopped again, the source after it never ran
            assertThat(agent.fileDiscovery().watching()).isFalse();
            assertThat(threads("directory-watch")).isEqualTo(watchThreadsBefore);
            assertThat(agent.host().running()).isEmpty();
            assertThat(threads("config-files")).isZero();
            assertThat(sink.acceptedRecords()).isEmpty();
            assertThat(root.resolve("checkpoints")).doesNotExist();
        }
    }

    private static long threads(String name) {
        return Thread.getAllStackTraces().keySet().stream().filter(thread -> thread.getName().equals(name) && thread.isAlive()).count();
    }
}
