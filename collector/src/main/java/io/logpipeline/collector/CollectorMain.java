package io.logpipeline.collector;

import io.logpipeline.api.config.CollectorConfig;
import io.logpipeline.api.config.CollectorConfigJson;
import io.logpipeline.api.units.GoDuration;
import io.logpipeline.api.validation.FieldProblem;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.logpipeline.collector.demo.DemoCommand;
import io.logpipeline.collector.metadata.KubernetesMetadataCache;
import io.logpipeline.collector.metadata.PodMetadataExtractor;
import io.logpipeline.collector.pipeline.CollectorPipeline;
import io.logpipeline.collector.statedir.PrepareStateDirCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The collector's command line: {@code java -jar logpipeline-collector.jar --config /etc/logpipeline/collector.json}. */
@Command(name = "logpipeline-collector", mixinStandardHelpOptions = true, versionProvider = ManifestVersion.class,
        subcommands = {DemoCommand.class, PrepareStateDirCommand.class},
        description = "Tails container logs on this node and exports them over OTLP/HTTP, as a LogPipeline describes.")
public final class CollectorMain implements Callable<Integer> {

    /** Exit code when the configuration cannot be used; the kubelet shows it in the pod's last state. */
    public static final int EXIT_INVALID_CONFIG = 2;

    @Option(names = "--config", description = "The collector configuration (collector.json rendered by the operator).",
            defaultValue = CollectorConfig.DEFAULT_CONFIG_PATH)
    Path configFile;

    @Option(names = "--validate-only", description = "Check the configuration, print every problem, and exit.")
    boolean validateOnly;

    @Option(names = "--shutdown-grace", defaultValue = "20s", paramLabel = "DURATION",
            description = "On SIGTERM, how long to flush and deliver what was read before writing the checkpoints (default ${DEFAULT-VALUE}); "
                    + "keep it below the pod's terminationGracePeriodSeconds.")
    String shutdownGrace;

    @Option(names = "--telemetry-address", defaultValue = "0.0.0.0", paramLabel = "HOST",
            description = "Address /metrics, /healthz, /readyz and /debug/tail listen on (default ${DEFAULT-VALUE}).")
    String telemetryAddress;

    private final PrintWriter err;

    CollectorMain(PrintWriter err) {
        this.err = err;
    }

    public static void main(String[] args) {
        // before anything touches java.util.logging: keep logging through the shutdown hook
        System.setProperty("java.util.logging.manager", CollectorLogging.ShutdownSafeLogManager.class.getName());
        PrintWriter err = new PrintWriter(System.err, true);
        System.exit(new CommandLine(new CollectorMain(err)).setErr(err).execute(args));
    }

    @Override
    public Integer call() {
        CollectorConfig config;
        try {
            config = load(configFile);
        } catch (InvalidConfigException e) {
            err.println(e.getMessage());
            return EXIT_INVALID_CONFIG;
        }
        if (validateOnly) {
            return 0;
        }
        Duration grace;
        try {
            grace = GoDuration.parse(shutdownGrace);
        } catch (IllegalArgumentException e) {
            err.println("--shutdown-grace: \"" + shutdownGrace + "\" is not a duration; use e.g. 20s or 1m30s");
            return EXIT_INVALID_CONFIG;
        }
        CollectorLogging.configure(config.getTelemetry().getLogLevel());
        System.Logger log = System.getLogger(CollectorMain.class.getName());
        KubernetesMetadataCache cache = null;
        if (CollectorPipeline.needsMetadata(config)) {
            String node = System.getenv("NODE_NAME");
            if (node == null || node.isBlank()) {
                err.println("kubernetes.enabled is true but the environment variable NODE_NAME is not set; set it from the pod's "
                        + "spec.nodeName (the rendered DaemonSet does), or set kubernetes.enabled: false");
                return EXIT_INVALID_CONFIG;
            }
            cache = new KubernetesMetadataCache(new KubernetesClientBuilder().build(), node,
                    new PodMetadataExtractor(config.getKubernetes()), System::nanoTime);
        }
        CollectorPipeline pipeline;
        try {
            pipeline = new CollectorPipeline(config, cache, telemetryAddress);
        } catch (IllegalArgumentException e) {
            err.println("config file " + configFile + ": " + e.getMessage());
            return EXIT_INVALID_CONFIG;
        }
        try {
            pipeline.start();
        } catch (IOException e) {
            err.println("cannot listen on " + telemetryAddress + ":" + config.getTelemetry().getPort()
                    + " (telemetry.port): " + e.getMessage() + "; choose a free port");
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(pipeline, grace, log), "collector-shutdown"));
        log.log(System.Logger.Level.INFO, "event=collector_started version={0} config={1} pipeline={2} shutdown_grace={3}",
                ManifestVersion.version(), configFile, config.getPipeline(), shutdownGrace);
        try {
            new CountDownLatch(1).await(); // runs until SIGTERM/SIGINT; the shutdown hook ends the process
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /**
     * The shutdown hook: a clean stop (everything read is delivered within the grace period and
     * checkpointed) ends with exit code 0 rather than the JVM's 143 for SIGTERM, so the kubelet
     * records it as Completed.
     */
    private static void stop(CollectorPipeline pipeline, Duration grace, System.Logger log) {
        log.log(System.Logger.Level.INFO, "event=shutdown_requested grace={0}", GoDuration.format(grace));
        try {
            pipeline.shutdown(grace);
            pipeline.close();
        } catch (InterruptedException | RuntimeException e) {
            log.log(System.Logger.Level.ERROR, "event=shutdown_failed error=\"" + e + "\"");
            System.err.flush();
            Runtime.getRuntime().halt(1);
        }
        System.out.flush();
        System.err.flush();
        Runtime.getRuntime().halt(0);
    }

    /** Reads and validates the configuration; every problem is in the exception's message, one per line. */
    static CollectorConfig load(Path file) throws InvalidConfigException {
        CollectorConfig config;
        try {
            config = CollectorConfigJson.read(file);
        } catch (NoSuchFileException e) {
            throw new InvalidConfigException("config file " + file + " does not exist; pass --config <path to collector.json>");
        } catch (IOException e) {
            throw new InvalidConfigException("config file " + file + " is not a collector configuration: " + e.getMessage());
        }
        List<FieldProblem> problems = config.validate();
        if (!problems.isEmpty()) {
            StringBuilder message = new StringBuilder("config file " + file + " has " + problems.size()
                    + (problems.size() == 1 ? " problem" : " problems") + ":");
            problems.forEach(p -> message.append(System.lineSeparator()).append("  ").append(p));
            throw new InvalidConfigException(message.toString());
        }
        return config;
    }

    /** The configuration cannot be used; the message says why and where. */
    static final class InvalidConfigException extends Exception {
        InvalidConfigException(String message) {
            super(message);
        }
    }
}
