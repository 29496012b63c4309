package io.logpipeline.collector.agent;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.logpipeline.api.config.CollectorConfig;
import io.logpipeline.api.config.CollectorConfigJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * A node agent in the test's JVM on the file source: pipelines are config files in {@code root/pipelines},
 * written, edited and removed as a user would, checkpoints under {@code root/checkpoints}, telemetry on a
 * free port of 127.0.0.1. Closing it stops the agent as SIGTERM would.
 */
public final class RunningAgent implements AutoCloseable {

    private final Path configs;
    private final NodeAgent agent;
    private final Path checkpoints;

    private RunningAgent(Path root, String nodeName, Path hostRoot, boolean debugTail, Supplier<KubernetesClient> client)
            throws IOException {
        this(root, nodeName, hostRoot, debugTail, client, NodeAgent.defaultBufferBytes());
    }

    private RunningAgent(Path root, String nodeName, Path hostRoot, boolean debugTail, Supplier<KubernetesClient> client,
            long bufferBytes) throws IOException {
        this.configs = Files.createDirectories(root.resolve("pipelines"));
        this.checkpoints = root.resolve("checkpoints");
        this.agent = new NodeAgent(new NodeAgent.Settings(List.of(configs), null, nodeName, checkpoints, hostRoot, debugTail,
                "127.0.0.1", 0, Duration.ofSeconds(5), Duration.ofMillis(100)), client, bufferBytes);
    }

    /** An agent without a cluster whose pipelines share {@code bufferBytes} of memory (each gets an equal budget). */
    public static RunningAgent startWithBuffers(Path root, long bufferBytes, CollectorConfig... pipelines) throws IOException {
        return started(new RunningAgent(root, null, null, false, () -> {
            throw new IllegalStateException("no cluster in this test");
        }, bufferBytes), pipelines);
    }

    /** An agent without a cluster; {@code pipelines} are written before it starts. */
    public static RunningAgent start(Path root, boolean debugTail, CollectorConfig... pipelines) throws IOException {
        return start(root, null, () -> {
            throw new IllegalStateException("no cluster in this test");
        }, debugTail, pipelines);
    }

    /** An agent on node {@code nodeName} whose pipelines may read metadata through {@code client}. */
    public static RunningAgent start(Path root, String nodeName, Supplier<KubernetesClient> client, boolean debugTail,
            CollectorConfig... pipelines) throws IOException {
        return started(new RunningAgent(root, nodeName, null, debugTail, client), pipelines);
    }

    /** An agent without a cluster that sees the node's filesystem under {@code hostRoot} ({@code --host-root}). */
    public static RunningAgent startUnderHostRoot(Path root, Path hostRoot, CollectorConfig... pipelines) throws IOException {
        return started(new RunningAgent(root, null, hostRoot, false, () -> {
            throw new IllegalStateException("no cluster in this test");
        }), pipelines);
    }

    private static RunningAgent started(RunningAgent running, CollectorConfig... pipelines) throws IOException {
        for (CollectorConfig pipeline : pipelines) {
            running.write(pipeline);
        }
        running.agent.start();
        return running;
    }

    /** Adds or replaces a pipeline's config file; the agent picks it up at its next poll. */
    public void write(CollectorConfig pipeline) {
        writeRaw(pipeline.getNamespace(), pipeline.getPipeline(), CollectorConfigJson.write(pipeline));
    }

    /** Writes any text as a pipeline's config file (to test what a broken one does). */
    public void writeRaw(String namespace, String name, String json) {
        try {
            Path file = configs.resolve(namespace + "_" + name + ".json");
            Path next = configs.resolve("." + namespace + "_" + name + ".tmp");
            Files.writeString(next, json);
            Files.move(next, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void remove(String namespace, String name) throws IOException {
        Files.delete(configs.resolve(namespace + "_" + name + ".json"));
    }

    public PipelineHost host() {
        return agent.host();
    }

    public io.logpipeline.collector.input.discovery.SharedFileDiscovery fileDiscovery() {
        return agent.fileDiscovery();
    }

    public Path checkpointDirectory(String namespace, String name) {
        return checkpoints.resolve(namespace + "_" + name);
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url(path))).build(), HttpResponse.BodyHandlers.ofString());
    }

    public String url(String path) {
        return "http://127.0.0.1:" + agent.telemetryPort() + path;
    }

    @Override
    public void close() {
        agent.stop(Duration.ofSeconds(5));
    }
}
