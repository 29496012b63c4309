package io.logpipeline.collector.agent;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.logpipeline.collector.input.discovery.SharedFileDiscovery;
import io.logpipeline.collector.lifecycle.Component;
import io.logpipeline.collector.lifecycle.Components;
import io.logpipeline.collector.lifecycle.Deadline;
import io.logpipeline.collector.telemetry.AgentMetrics;
import io.logpipeline.collector.telemetry.Readiness;
import io.logpipeline.collector.telemetry.TelemetryServer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import static java.lang.System.Logger.Level.INFO;

/**
 * The collector process: one agent per node hosting every pipeline (DESIGN §3, §4). Builds the shared
 * parts (metrics, API server connection, metadata caches, file discovery, telemetry endpoint), the
 * {@link PipelineHost}, the configuration source (files or the API server) and, in a cluster, the
 * {@link AgentReporter}, each a {@link Component}: the constructor only builds (no thread, no socket),
 * {@link #start()} starts them in that order, {@link #stop(Duration)} stops them in reverse order, and a start
 * that fails stops what had started.
 */
public final class NodeAgent {

    private static final System.Logger LOG = System.getLogger(NodeAgent.class.getName());

    /**
     * How the agent runs, from its command line.
     *
     * @param configPaths pipeline config files or directories (the file source); empty selects the Kubernetes source
     * @param watchNamespace the agent's namespace, where the pipeline ConfigMaps and Secrets are (Kubernetes source)
     * @param nodeName this node; needed for metadata and the report
     * @param hostRoot where the node's filesystem is mounted ({@code --host-root}); null when the agent sees it at /
     * @param telemetryPort 0 picks a free port (tests)
     * @param configPollInterval how often config files are read again
     */
    public record Settings(List<Path> configPaths, String watchNamespace, String nodeName, Path checkpointRoot,
            Path hostRoot, boolean debugTail, String telemetryAddress, int telemetryPort, Duration shutdownGrace, Duration configPollInterval) {

        public Settings {
            configPaths = List.copyOf(configPaths);
        }

        boolean kubernetesSource() {
            return configPaths.isEmpty();
        }
    }

    private final Settings settings;
    private final long bufferBytes;
    private final AgentMetrics metrics;
    private final Readiness readiness = new Readiness();
    private final MetadataCaches caches;
    private final SharedFileDiscovery fileDiscovery = new SharedFileDiscovery();
    private final PipelineHost host;
    private final AgentReporter reporter;
    private final TelemetryServer telemetry;
    /** Host, source, reporter: stopped first, so {@code /metrics} still answers with the final counts. */
    private final Components pipelines;
    private final Components all;

    /**
     * The memory all pipelines together may hold of records read and not yet delivered, by default: half the
     * JVM's maximum heap ({@code -XX:MaxRAMPercentage=70} of the pod's memory limit in the image). The other half
     * is for what every pipeline needs whatever its backlog: records being read and processed, the metadata
     * caches, the HTTP clients, garbage not yet collected.
     */
    public static long defaultBufferBytes() {
        return Runtime.getRuntime().maxMemory() / 2;
    }

    /**
     * An agent whose pipelines share {@link #defaultBufferBytes()}.
     *
     * @param client makes the API server connection on first use (outside a cluster only a pipeline with
     *     {@code kubernetes.enabled} asks for it); the agent closes it when it stops
     * @throws IllegalArgumentException naming the flag and the fix when the settings cannot work
     */
    public NodeAgent(Settings settings, Supplier<KubernetesClient> client) {
        this(settings, client, defaultBufferBytes());
    }

    /**
     * @param bufferBytes what all pipelines together may hold of records read and not yet delivered; each gets an
     *     equal share as its memory budget
     */
    public NodeAgent(Settings settings, Supplier<KubernetesClient> client, long bufferBytes) {
        this.settings = settings;
        this.bufferBytes = bufferBytes;
        LazyClient shared = new LazyClient(client);
        this.metrics = new AgentMetrics();
        this.caches = new MetadataCaches(shared, settings.nodeName());
        if (settings.kubernetesSource()) {
            if (settings.watchNamespace() == null || settings.watchNamespace().isBlank()) {
                throw new IllegalArgumentException("no pipelines to run: pass --config FILE|DIR outside a cluster, or "
                        + "--watch-namespace (POD_NAMESPACE from the pod's metadata.namespace) in one");
            }
            if (settings.nodeName() == null || settings.nodeName().isBlank()) {
                throw new IllegalArgumentException("--node-name: not set; set NODE_NAME from the pod's spec.nodeName "
                        + "(the agent reports under it)");
            }
            this.reporter = new AgentReporter(settings.nodeName(), Clock.systemUTC(),
                    new ConfigMapReportWriter(shared, settings.watchNamespace(), settings.nodeName()));
        } else {
            this.reporter = null;
        }
        this.host = new PipelineHost(settings.checkpointRoot(), settings.hostRoot(), settings.debugTail(), settings.shutdownGrace(), metrics, caches,
                fileDiscovery, reporter == null ? () -> { } : reporter::stateChanged, bufferBytes);
        PipelineSource source = settings.kubernetesSource()
                ? new KubernetesPipelineSource(shared, settings.watchNamespace(), host::apply)
                : new ConfigFileSource(settings.configPaths(), settings.configPollInterval(), host::apply);
        if (reporter != null) {
            reporter.report(host::states);
        }
        metrics.observeFileDiscovery(fileDiscovery);
        readiness.register("pipelines", host::ready);
        readiness.register("metadata", caches::synced);
        readiness.registerProblem("checkpoints", host::checkpointProblem);
        this.telemetry = new TelemetryServer(settings.telemetryAddress(), settings.telemetryPort(), metrics, readiness,
                settings.debugTail() ? host::liveTail : null);
        Duration grace = settings.shutdownGrace();
        this.pipelines = reporter == null ? new Components("pipelines", grace, host, source)
                : new Components("pipelines", grace, host, source, reporter);
        this.all = new Components("agent", grace, Component.stopOnly("metrics", metrics::close),
                Component.stopOnly("kubernetes-client", shared::close), caches, fileDiscovery, telemetry, pipelines);
    }

    /**
     * Starts the shared parts (the file discovery the pipelines share, the telemetry endpoint), then the host and the
     * configuration source (which starts the pipelines), then the reports. When one cannot start, what started is
     * stopped again before the failure is thrown.
     *
     * @throws IOException when the telemetry endpoint cannot listen (its port is in use)
     */
    public void start() throws IOException {
        all.start();
        LOG.log(INFO, "event=agent_started version={3} source={0} node={1} checkpoints={2} host_root={4} buffer_bytes={5}",
                settings.kubernetesSource() ? "kubernetes:" + settings.watchNamespace() : "files:" + settings.configPaths(),
                settings.nodeName(), settings.checkpointRoot(), io.logpipeline.collector.ManifestVersion.version(),
                settings.hostRoot() == null ? "/" : settings.hostRoot(), String.valueOf(bufferBytes));
    }

    public int telemetryPort() {
        return telemetry.port();
    }

    public PipelineHost host() {
        return host;
    }

    /** The directory walk and watch every pipeline's input takes its files from. */
    public SharedFileDiscovery fileDiscovery() {
        return fileDiscovery;
    }

    /**
     * Stops in reverse order, everything by one deadline {@code grace} from now: {@link #stopPipelines} (unless it
     * ran), then the telemetry endpoint and the shared parts.
     */
    public void stop(Duration grace) {
        all.stop(Deadline.after(grace));
    }

    /**
     * No more reports (the last one stands: a stopping agent must not report "runs nothing" for the moment
     * until its successor starts), no more configuration changes, and every pipeline delivers within the
     * grace and commits its checkpoints; {@code /metrics} still answers, with the final counts, until {@link #stop}.
     */
    public void stopPipelines(Duration grace) {
        pipelines.stop(Deadline.after(grace));
    }

    /** The API server connection, made on first use and closed with the agent (when the agent made it). */
    private static final class LazyClient implements Supplier<KubernetesClient> {
        private final Supplier<KubernetesClient> factory;
        private KubernetesClient client;

        LazyClient(Supplier<KubernetesClient> factory) {
            this.factory = factory;
        }

        @Override
        public synchronized KubernetesClient get() {
            if (client == null) {
                client = factory.get();
            }
            return client;
        }

        synchronized void close() {
            if (client != null) {
                client.close();
            }
        }
    }
}
