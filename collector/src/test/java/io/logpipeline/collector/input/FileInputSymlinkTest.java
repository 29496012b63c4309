package io.logpipeline.collector.input;

import io.logpipeline.collector.input.FileInputSettings.StartAt;
import io.logpipeline.collector.record.LogRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.logpipeline.collector.input.PodLogs.append;
import static io.logpipeline.collector.input.PodLogs.numbered;
import static io.logpipeline.collector.input.PodLogs.numberedLines;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Log files reached through symlinks: the kubelet's /var/log/containers links and dockershim's /var/log/pods entries. */
class FileInputSymlinkTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String CONTAINER_ID = "3f4e1c0d9b8a7f6e5d4c3b2a1908f7e6d5c4b3a291807f6e5d4c3b2a19087f6e";

    @TempDir
    Path node;
    @TempDir
    Path checkpoints;

    @RegisterExtension
    final RunningInputs inputs = new RunningInputs();

    private Path pods() {
        return node.resolve("var/log/pods");
    }

    private Path containers() throws IOException {
        return Files.createDirectories(node.resolve("var/log/containers"));
    }

    private FileInputSettings.Builder settings(String... globs) {
        return RunningInputs.settings(pods()).includePaths(List.of(globs));
    }

    @Test
    void aContainersLinkIsReadWithThePodIdentityOfItsName() throws IOException {
        // given the kubelet's layout: a CRI log under /var/log/pods and its link in /var/log/containers
        Path log = PodLogs.logFile(pods(), "shop", "web-1", "app");
        append(log, numberedLines(1, 20));
        Path link = containers().resolve("web-1_shop_app-" + CONTAINER_ID + ".log");
        Files.createSymbolicLink(link, log);
        CollectingSink sink = new CollectingSink();

        // when only the links are included
        inputs.start(settings(containers() + "/*.log").build(), sink);

        // then the lines arrive with the namespace, pod and container from the link's name (and the uid from its target)
        await().atMost(WAIT).untilAsserted(() -> assertThat(sink.bodies()).isEqualTo(numbered(1, 20)));
        Map<String, Object> resource = sink.records().get(0).resource().attributes();
        assertThat(resource).containsEntry("k8s.namespace.name", "shop").containsEntry("k8s.pod.name", "web-1")
                .containsEntry("k8s.container.name", "app").containsEntry("k8s.pod.uid", "uid-web-1");
    }

    @Test
    void aFileReachedThroughTwoIncludedPathsIsReadOnce() throws IOException {
        // given a log and its /var/log/containers link, both in the include globs
        Path log = PodLogs.logFile(pods(), "shop", "web-1", "app");
        append(log, numberedLines(1, 20));
        Files.createSymbolicLink(containers().resolve("web-1_shop_app-" + CONTAINER_ID + ".log"), log);
        CollectingSink sink = new CollectingSink();

        // when
        FileInput input = inputs.start(settings(PodLogs.glob(pods()), containers() + "/*.log").build(), sink);
        append(log, numberedLines(21, 30));

        // then every line arrives once
        await().atMost(WAIT).untilAsserted(() -> assertThat(sink.bodies()).isEqualTo(numbered(1, 30)));
        await().during(Duration.ofMillis(300)).atMost(WAIT).until(() -> sink.size() == 30);
        assertThat(input.stats().openFiles()).isEqualTo(1);
    }

    @Test
    void dockershimPodEntriesThatLinkIntoDockersDirectoryAreReadAndFollowedThroughRotation() throws IOException {
        // given the dockershim / cri-dockerd layout: /var/log/pods/<ns>_<pod>_<uid>/<container>/0.log links to
        // /var/lib/docker/containers/<id>/<id>-json.log
        Path dockerDir = Files.createDirectories(node.resolve("var/lib/docker/containers/" + CONTAINER_ID));
        Path jsonLog = dockerDir.resolve(CONTAINER_ID + "-json.log");
        append(jsonLog, dockerLines(1, 30));
        Path entry = PodLogs.logFile(pods(), "shop", "web-1", "app");
        Files.createSymbolicLink(entry, jsonLog);
        FileInputSettings settings = settings(PodLogs.glob(pods())).checkpointDirectory(checkpoints)
                .startAt(StartAt.END).build();
        CollectingSink firstSink = new CollectingSink();
        FileInput first = inputs.start(settings(PodLogs.glob(pods())).checkpointDirectory(checkpoints).build(), firstSink);
        await().atMost(WAIT).until(() -> firstSink.size() == 30);
        first.close();

        // when, while the input is stopped, docker writes more and rotates its file to <id>-json.log.1
        append(jsonLog, dockerLines(31, 40));
        Files.move(jsonLog, dockerDir.resolve(CONTAINER_ID + "-json.log.1"));
        append(jsonLog, dockerLines(41, 50));
        CollectingSink secondSink = new CollectingSink();
        inputs.start(settings, secondSink);

        // then the first run read the pod's lines with its identity, the second the rest, once
        LogRecord firstRecord = firstSink.records().get(0);
        assertThat(firstSink.bodies()).isEqualTo(numbered(1, 30));
        assertThat(firstRecord.resource().attributes()).containsEntry("k8s.pod.name", "web-1")
                .containsEntry("k8s.container.name", "app");
        await().atMost(WAIT).untilAsserted(() -> assertThat(secondSink.bodies())
                .containsExactlyInAnyOrderElementsOf(numbered(31, 50)));
        await().during(Duration.ofMillis(300)).atMost(WAIT).until(() -> secondSink.size() == 20);
    }

    private static String dockerLines(int first, int last) {
        StringBuilder text = new StringBuilder();
        for (int i = first; i <= last; i++) {
            text.append("{\"log\":\"line ").append(i).append("\\n\",\"stream\":\"stdout\",\"time\":\"")
                    .append(PodLogs.T0.plusMillis(i)).append("\"}\n");
        }
        return text.toString();
    }
}
