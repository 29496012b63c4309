package io.logpipeline.collector.agent;

import static io.logpipeline.collector.agent.AgentPipelines.writeLines;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.logpipeline.api.config.CollectorConfig;
import io.logpipeline.api.config.CollectorConfigJson;
import io.logpipeline.collector.export.OtlpSink;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --host-root}: an agent outside its container, with the node's filesystem mounted elsewhere, reads the
 * container paths a pipeline names (include and exclude globs) under that mount, with tenancy and the pod identity
 * taken from the kubelet layout as on the node itself.
 */
class HostRootTest {

    @TempDir
    Path agentDir;

    @TempDir
    Path node;

    @Test
    void containerPathGlobsAreReadUnderTheHostRootWithExcludesTenancyAndPodIdentity() throws Exception {
        // given: three namespaces' logs in the node's /var/log/pods, mounted at `node`; a pipeline naming container
        // paths only, excluding ns-b by glob and allowed to read ns-a and ns-b only
        for (String namespace : new String[] {"ns-a", "ns-b", "ns-c"}) {
            writeLines(node, namespace, 1, 50);
        }
        try (OtlpSink sink = OtlpSink.http()) {
            CollectorConfig pipeline = CollectorConfigJson.parse("""
                    {"pipeline": "p", "namespace": "team", "readableNamespaces": ["ns-a", "ns-b"],
                     "input": {"paths": {"include": ["/var/log/pods/*/*/*.log"], "exclude": ["/var/log/pods/ns-b_*/*/*.log"]},
                               "startAt": "beginning", "pollInterval": "50ms"},
                     "kubernetes": {"enabled": false},
                     "batch": {"timeout": "100ms"},
                     "exporters": [{"name": "sink", "endpoint": "%s"}]}
                    """.formatted(sink.endpoint()));

            // when
            try (RunningAgent agent = RunningAgent.startUnderHostRoot(agentDir, node, pipeline)) {

                // then: ns-a's 50 lines, each once, carrying the pod's identity; nothing of ns-b (excluded) or ns-c (not readable)
                await().atMost(Duration.ofSeconds(30)).until(() -> NodeAgentTest.countsByLine(sink).size() >= 50);
                // anything else read in the same scans would have arrived within this
                await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
                        .until(() -> NodeAgentTest.countsByLine(sink).size() == 50);
                assertThat(NodeAgentTest.countsByLine(sink)).hasSize(50)
                        .allSatisfy((line, count) -> assertThat(line).startsWith("ns-a line "))
                        .allSatisfy((line, count) -> assertThat(count).isEqualTo(1));
                assertThat(sink.received().stream().flatMap(request -> request.request().getResourceLogsList().stream())
                        .map(HostRootTest::resource).toList())
                        .isNotEmpty().allSatisfy(resource -> assertThat(resource).containsAllEntriesOf(Map.of("k8s.namespace.name", "ns-a", "k8s.pod.name", "app-0",
                                "k8s.pod.uid", "uid-ns-a", "k8s.container.name", "app", "k8s.container.restart_count", "0")));
            }
        }
    }

    private static Map<String, String> resource(ResourceLogs logs) {
        return logs.getResource().getAttributesList().stream().collect(Collectors.toMap(KeyValue::getKey,
                attribute -> attribute.getValue().hasIntValue() ? String.valueOf(attribute.getValue().getIntValue())
                        : attribute.getValue().getStringValue()));
    }
}
