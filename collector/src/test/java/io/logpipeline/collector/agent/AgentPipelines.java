package io.logpipeline.collector.agent;

import io.logpipeline.api.config.CollectorConfig;
import io.logpipeline.api.config.CollectorConfigJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Collectors;

/** Pipeline configs and container log files for the agent tests: one tenant per namespace, CRI lines numbered per namespace. */
final class AgentPipelines {

    private AgentPipelines() {
    }

    /**
     * Pipeline {@code team/name} reading {@code readable} from every file under {@code root/var/log/pods} (its globs
     * take all; tenancy must narrow them), exporting to {@code endpoint} as backend {@code backend-<name>}, with a
     * resource attribute {@code config.version} so a reload shows in the records.
     */
    static CollectorConfig pipeline(Path root, String team, String name, List<String> readable, String endpoint, String version) {
        String json = """
                {"pipeline": "%s", "namespace": "%s", "readableNamespaces": [%s],
                 "input": {"paths": {"include": ["%s/var/log/pods/*/*/*.log"]}, "startAt": "beginning", "pollInterval": "50ms"},
                 "kubernetes": {"enabled": false},
                 "processors": [{"resource": {"attributes": [{"key": "config.version", "value": "%s", "action": "upsert"}]}}],
                 "batch": {"timeout": "100ms", "sendBatchSize": 100, "sendBatchMaxSize": 100},
                 "exporters": [{"name": "backend-%s", "endpoint": "%s", "timeout": "5s",
                                "retry": {"initialInterval": "50ms", "maxInterval": "200ms"},
                                "queue": {"numConsumers": 2, "queueSize": 5, "whenFull": "block"}}]}
                """.formatted(name, team, readable.stream().map(ns -> "\"" + ns + "\"").collect(Collectors.joining(", ")),
                root, version, name, endpoint);
        try {
            return CollectorConfigJson.parse(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Appends CRI lines {@code "<namespace> line <n>"} for n in [first, last] to the namespace's one container log. */
    static void writeLines(Path root, String namespace, int first, int last) {
        Path file = root.resolve("var/log/pods/" + namespace + "_app-0_uid-" + namespace + "/app/0.log");
        StringBuilder text = new StringBuilder();
        for (int n = first; n <= last; n++) {
            text.append("2026-12-01T00:00:00.000000000Z stdout F ").append(namespace).append(" line ").append(n).append('\n');
        }
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
