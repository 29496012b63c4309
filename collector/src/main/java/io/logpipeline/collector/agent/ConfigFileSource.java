package io.logpipeline.collector.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logpipeline.collector.lifecycle.Deadline;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Pipelines from {@code CollectorConfig} JSON files, outside a cluster ({@code --config FILE|DIR ...}):
 * each file is one pipeline, a directory contributes its {@code *.json} files. The files are read again
 * every poll interval and the host hears of the set whenever a file was added, changed or removed.
 * (A poll rather than a WatchService: it sees edits through symlinks and on every file system, and a
 * handful of small files a second costs nothing.) Credentials come from the files' own env and file references.
 */
public final class ConfigFileSource implements PipelineSource {

    private static final System.Logger LOG = System.getLogger(ConfigFileSource.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Path> paths;
    private final Duration pollInterval;
    private final Consumer<Map<String, DesiredPipeline>> onChange;
    /** The key a file had when it last parsed, so a file broken by an edit is reported under its pipeline. */
    private final Map<Path, DesiredIdentity> lastIdentity = new HashMap<>();
    private Map<String, DesiredPipeline> delivered;
    private Thread thread;
    private volatile boolean running;

    /**
     * @param onChange gets the first complete set at {@link #start()}, then every changed set
     * @throws IllegalArgumentException naming the path when one does not exist
     */
    public ConfigFileSource(List<Path> paths, Duration pollInterval, Consumer<Map<String, DesiredPipeline>> onChange) {
        for (Path path : paths) {
            if (!Files.exists(path)) {
                throw new IllegalArgumentException("--config " + path + ": no such file or directory; pass pipeline config files "
                        + "(CollectorConfig JSON) or a directory of them");
            }
        }
        this.paths = List.copyOf(paths);
        this.pollInterval = pollInterval;
        this.onChange = onChange;
    }

    @Override
    public synchronized void start() {
        deliverIfChanged(onChange);
        running = true;
        thread = new Thread(() -> poll(onChange), "config-files");
        thread.setDaemon(true);
        thread.start();
    }

    private void poll(Consumer<Map<String, DesiredPipeline>> onChange) {
        while (running) {
            try {
                TimeUnit.NANOSECONDS.sleep(pollInterval.toNanos());
            } catch (InterruptedException stopped) {
                return;
            }
            if (running) {
                deliverIfChanged(onChange);
            }
        }
    }

    private void deliverIfChanged(Consumer<Map<String, DesiredPipeline>> onChange) {
        Map<String, DesiredPipeline> desired = read();
        if (!desired.equals(delivered)) {
            delivered = desired;
            onChange.accept(desired);
        }
    }

    /** Every pipeline the paths hold now, by key. */
    public Map<String, DesiredPipeline> read() {
        Map<String, DesiredPipeline> desired = new TreeMap<>();
        for (Path file : files()) {
            String json;
            try {
                json = Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                continue; // removed or replaced between the listing and the read; the next poll sees it
            }
            DesiredIdentity identity = identity(file, json);
            DesiredPipeline pipeline = new DesiredPipeline(identity.namespace, identity.name, json, Map.of(), file.toString());
            DesiredPipeline before = desired.putIfAbsent(pipeline.key(), pipeline);
            if (before != null) {
                LOG.log(System.Logger.Level.WARNING, "event=duplicate_pipeline pipeline={0} used={1} ignored={2}",
                        pipeline.key(), before.origin(), file);
            }
        }
        return desired;
    }

    private DesiredIdentity identity(Path file, String json) {
        try {
            JsonNode root = JSON.readTree(json);
            if (root != null && root.hasNonNull("pipeline")) {
                DesiredIdentity identity = new DesiredIdentity(root.path("namespace").asText("default"), root.get("pipeline").asText());
                lastIdentity.put(file, identity);
                return identity;
            }
        } catch (IOException notJson) {
            // reported by the host when it parses the configuration, under the identity below
        }
        return lastIdentity.getOrDefault(file, new DesiredIdentity("file", file.getFileName().toString()));
    }

    private List<Path> files() {
        List<Path> files = new ArrayList<>();
        for (Path path : paths) {
            if (Files.isDirectory(path)) {
                try (Stream<Path> entries = Files.list(path)) {
                    entries.filter(entry -> entry.getFileName().toString().endsWith(".json") && Files.isRegularFile(entry))
                            .sorted().forEach(files::add);
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.WARNING, "event=config_directory_unreadable path={0} error=\"{1}\"", path, e.getMessage());
                }
            } else if (Files.isRegularFile(path)) {
                files.add(path);
            }
        }
        return files;
    }

    @Override
    public synchronized void stop(Deadline deadline) {
        running = false;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(deadline.remaining().toMillis() + 1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private record DesiredIdentity(String namespace, String name) {
    }
}
