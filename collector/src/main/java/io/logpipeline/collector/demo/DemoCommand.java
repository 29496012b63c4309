package io.logpipeline.collector.demo;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.logpipeline.api.config.CollectorConfig;
import io.logpipeline.api.config.ExporterConfig;
import io.logpipeline.api.units.GoDuration;
import io.logpipeline.api.v1alpha1.CollectorSpec;
import io.logpipeline.api.v1alpha1.IncludeExclude;
import io.logpipeline.api.v1alpha1.InputSpec;
import io.logpipeline.api.v1alpha1.LogPipeline;
import io.logpipeline.api.v1alpha1.LogPipelineSpec;
import io.logpipeline.api.validation.Problem;
import io.logpipeline.api.config.CollectorConfigJson;
import io.logpipeline.api.validation.BackendValidator;
import io.logpipeline.collector.CollectorLogging;
import io.logpipeline.collector.CommandLineErrors;
import io.logpipeline.collector.telemetry.CollectorMetrics;
import io.logpipeline.collector.agent.NodeAgent;
import io.logpipeline.collector.agent.PipelineHost;
import io.logpipeline.collector.pipeline.CollectorPipeline;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code logpipeline-collector demo}: the collector on the sample logs of {@code samples/demo} with the sample
 * LogPipeline, on a machine with only a JDK. Exports to a built-in OTLP/HTTP receiver that prints every record
 * (or to {@code --endpoint}), stops by itself once every line is delivered (or on Ctrl-C), and prints a summary.
 * It runs the node agent, as a cluster would, with two tenants' pipelines from config files: {@code shop/storefront}
 * reads the shop and frontend namespaces, {@code payments/ledger} the payments namespace, each to its own backend.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Runs the collector on the sample container logs with samples/logpipeline.yaml, no cluster needed.")
public final class DemoCommand implements Callable<Integer> {

    static final String BUILT_IN_BACKEND = "local-receiver";
    static final String ENDPOINT_BACKEND = "endpoint";

    /** How long what was read gets to be delivered once the demo stops (all read, the --timeout, or Ctrl-C). */
    static final Duration DRAIN_DEADLINE = Duration.ofSeconds(5);

    @Option(names = "--endpoint", paramLabel = "URL",
            description = "Send to this OTLP/HTTP logs URL (e.g. http://localhost:4318/v1/logs) instead of the built-in receiver.")
    String endpoint;

    @Option(names = "--timeout", defaultValue = "60s", paramLabel = "DURATION", converter = CommandLineErrors.DurationConverter.class,
            description = "Give up waiting for the sample lines to be read after this long (default ${DEFAULT-VALUE}); "
                    + "what was read then gets 5s to be delivered.")
    Duration timeout = Duration.ofSeconds(60);

    @Spec
    CommandSpec spec;

    private final PrintStream out;

    public DemoCommand() {
        this(System.out);
    }

    DemoCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() throws Exception {
        if (endpoint != null) {
            List<Problem> problems = BackendValidator.validateEndpoint("--endpoint", endpoint);
            if (!problems.isEmpty()) {
                throw new ParameterException(spec.commandLine(), problems.get(0).toString());
            }
        }
        DemoSummary summary = run();
        out.println(summary.describe());
        return summary.complete() ? 0 : 1;
    }

    /** Runs the demo to the end (or Ctrl-C) and returns its summary. */
    DemoSummary run() throws Exception {
        CollectorLogging.configure(CollectorSpec.LogLevel.INFO, CollectorLogging.Format.LOGFMT);
        Path root = Files.createTempDirectory("logpipeline-demo");
        try (DemoCtrlC ctrlC = new DemoCtrlC(out, GoDuration.format(DRAIN_DEADLINE), () -> delete(root))) {
            return run(root, ctrlC);
        } finally {
            delete(root);
        }
    }

    private static void delete(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | java.io.UncheckedIOException gone) {
            // removed already, or by the other thread of a second Ctrl-C
        }
    }

    private DemoSummary run(Path root, DemoCtrlC ctrlC) throws Exception {
        DemoLogs logs = DemoLogs.layOut(root);
        out.printf("demo: %d sample lines of %d containers laid out under %s (one file rotates while it runs)%n",
                logs.totalLines(), logs.containers(), logs.podsDirectory());
        try (DemoReceiver receiver = endpoint == null ? new DemoReceiver(out) : null) {
            if (receiver != null) {
                receiver.start();
            }
            String url = receiver == null ? endpoint : receiver.endpoint();
            Path configs = Files.createDirectories(root.resolve("pipelines"));
            List<CollectorConfig> pipelines = List.of(
                    config(root, "shop", "storefront", List.of("shop", "frontend"), url, backend(receiver, "shop")),
                    config(root, "payments", "ledger", List.of("payments"), url, backend(receiver, "payments")));
            for (CollectorConfig pipeline : pipelines) {
                Files.writeString(configs.resolve(pipeline.getNamespace() + "_" + pipeline.getPipeline() + ".json"),
                        CollectorConfigJson.write(pipeline));
            }
            out.println("demo: exporting to " + url + (receiver == null ? "" : " (the built-in receiver; it prints each record it gets)"));
            NodeAgent agent = new NodeAgent(new NodeAgent.Settings(List.of(configs), null, null, root.resolve("checkpoints"), null,
                    false, "127.0.0.1", 0, DRAIN_DEADLINE, Duration.ofSeconds(1)), () -> {
                        throw new IllegalStateException("the demo runs without a cluster");
                    });
            agent.start();
            // SIGTERM (and SIGINT where the demo cannot handle it itself): stop as on Ctrl-C, and let the summary print
            Thread main = Thread.currentThread();
            CountDownLatch finished = new CountDownLatch(1);
            Thread shutdown = new Thread(() -> {
                main.interrupt();
                try {
                    finished.await(DRAIN_DEADLINE.toSeconds() + 10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "demo-shutdown");
            Runtime.getRuntime().addShutdownHook(shutdown);
            try {
                boolean read = false;
                ctrlC.waiting(main);
                try {
                    read = awaitRead(agent.host(), logs, timeout);
                } catch (InterruptedException e) {
                    out.println("demo: stopping before every line was read");
                } finally {
                    ctrlC.waiting(null);
                }
                return stop(agent, pipelines, logs, read);
            } finally {
                finished.countDown();
                try {
                    Runtime.getRuntime().removeShutdownHook(shutdown);
                } catch (IllegalStateException shuttingDown) {
                    // SIGTERM: the hook is running and waits for the summary
                }
            }
        }
    }

    /** Stops the pipelines (what was read gets {@link #DRAIN_DEADLINE} to be delivered), then counts what arrived. */
    private DemoSummary stop(NodeAgent agent, List<CollectorConfig> pipelines, DemoLogs logs, boolean read) {
        Map<String, CollectorPipeline> running = agent.host().running();
        Map<String, CollectorMetrics> metrics = new TreeMap<>();
        agent.host().states().forEach(state -> metrics.put(state.namespace() + "/" + state.name(), state.metrics()));
        agent.stopPipelines(DRAIN_DEADLINE);
        List<DemoSummary.PipelineSummary> summaries = new ArrayList<>();
        for (CollectorConfig pipeline : pipelines) {
            String key = pipeline.getNamespace() + "/" + pipeline.getPipeline();
            if (running.containsKey(key)) {
                summaries.add(DemoSummary.PipelineSummary.of(key, running.get(key), metrics.get(key),
                        pipeline.getExporters().get(0).getName()));
            }
        }
        agent.stop(Duration.ZERO);
        return new DemoSummary(logs.totalLines(), read, summaries);
    }

    private static String backend(DemoReceiver receiver, String tenant) {
        return (receiver == null ? ENDPOINT_BACKEND : BUILT_IN_BACKEND) + "-" + tenant;
    }

    /** Waits until every sample line is read (by one pipeline or the other) and handed on, rotating the rotated samples half-way. */
    private static boolean awaitRead(PipelineHost host, DemoLogs logs, Duration timeout) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean rotated = logs.rotations() == 0;
        while (System.nanoTime() - deadline < 0) {
            Collection<CollectorPipeline> running = host.running().values();
            long read = running.stream().mapToLong(pipeline -> pipeline.inputStats().linesRead()).sum();
            if (!rotated && read >= logs.linesBeforeRotation()) {
                logs.rotate();
                rotated = true;
            }
            if (rotated && read >= logs.totalLines() && running.stream().allMatch(pipeline -> pipeline.recordsInHandOff() == 0)) {
                return true;
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        return false;
    }

    /** The sample LogPipeline's spec as one tenant's pipeline on this machine, saying what it changes and why. */
    private CollectorConfig config(Path root, String namespace, String name, List<String> readable, String url, String backend)
            throws IOException {
        LogPipeline sample;
        try (InputStream yaml = DemoCommand.class.getResourceAsStream("/samples/logpipeline.yaml")) {
            if (yaml == null) {
                throw new IOException("samples/logpipeline.yaml is not on the classpath; build the jar with ./mvnw -pl collector -am package");
            }
            sample = Serialization.unmarshal(yaml, LogPipeline.class);
        }
        LogPipelineSpec spec = sample.getSpec();
        out.println("demo: pipeline " + namespace + "/" + name + " (tenant " + namespace + ", reads namespaces " + readable
                + ", exports as backend " + backend + ") from samples/logpipeline.yaml, changed for a machine without a cluster:");
        out.println("  kubernetes.enabled=false     no API server: records carry what the log path gives (namespace, pod, uid, container)");
        if (spec.getInput().getPodSelector() != null) {
            out.println("  input.podSelector ignored    pod labels come from the API server");
        }
        out.println("  input.startAt=beginning      the sample files are written before the collector starts");
        out.println("  input.paths.include          " + root.resolve("var/log/pods") + "/*/*/*.log");
        CollectorConfig config = new CollectorConfig();
        config.setPipeline(name);
        config.setNamespace(namespace);
        config.setReadableNamespaces(readable);
        InputSpec input = spec.getInput();
        input.setPodSelector(null);
        input.setStartAt(InputSpec.StartAt.BEGINNING);
        input.setPaths(IncludeExclude.of(List.of(root.resolve("var/log/pods") + "/*/*/*.log"), List.of()));
        config.setInput(input);
        spec.getKubernetes().setEnabled(false);
        config.setKubernetes(spec.getKubernetes());
        config.setProcessors(spec.getProcessors());
        config.setBatch(spec.getBatch());
        ExporterConfig exporter = new ExporterConfig();
        exporter.setName(backend);
        exporter.setEndpoint(url);
        exporter.setTimeout("5s");
        config.setExporters(List.of(exporter));
        List<Problem> problems = config.validate();
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("the demo configuration is invalid: " + problems);
        }
        return config;
    }
}
