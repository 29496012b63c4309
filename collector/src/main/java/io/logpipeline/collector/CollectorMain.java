package io.logpipeline.collector;

import io.logpipeline.api.agent.AgentContract;
import io.logpipeline.api.v1alpha1.CollectorSpec;
import io.logpipeline.api.v1alpha1.CollectorSpec.LogLevel;
import io.logpipeline.collector.agent.NodeAgent;
import io.logpipeline.collector.agent.NodeAgentProcess;
import io.logpipeline.collector.demo.DemoCommand;
import io.logpipeline.collector.statedir.PrepareStateDirCommand;
import io.logpipeline.collector.upgrade.RemoveLegacyObjectsCommand;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The collector's command line: the node agent, {@code java -jar logpipeline-collector.jar --watch-namespace NS}
 * in a cluster, {@code ... --config FILE|DIR ...} outside one.
 */
@Command(name = "logpipeline-collector", mixinStandardHelpOptions = true, versionProvider = ManifestVersion.class,
        subcommands = {DemoCommand.class, PrepareStateDirCommand.class, RemoveLegacyObjectsCommand.class},
        description = "The node agent: tails container logs on this node and exports them over OTLP/HTTP for every LogPipeline.")
public final class CollectorMain implements Callable<Integer> {

    /** Exit code when the configuration cannot be used; the kubelet shows it in the pod's last state. */
    public static final int EXIT_INVALID_CONFIG = NodeAgentProcess.EXIT_INVALID_CONFIG;

    @Option(names = "--config", paramLabel = "FILE|DIR",
            description = "Pipeline configuration files (CollectorConfig JSON) or directories of *.json, re-read when they change; "
                    + "repeatable. Selects the file source (outside a cluster).")
    List<Path> configPaths = new ArrayList<>();

    @Option(names = "--watch-namespace", paramLabel = "NS", defaultValue = "${env:POD_NAMESPACE}",
            description = "The agent's namespace, where the operator writes the pipeline ConfigMaps and Secrets "
                    + "(default: $POD_NAMESPACE). Selects the Kubernetes source when no --config is given.")
    String watchNamespace;

    @Option(names = "--node-name", paramLabel = "NODE", defaultValue = "${env:NODE_NAME}",
            description = "This node, for pod metadata and the agent report (default: $NODE_NAME).")
    String nodeName;

    @Option(names = "--checkpoint-root", paramLabel = "DIR",
            description = "Where each pipeline keeps its read positions, in <namespace>_<name>/ (default "
                    + AgentContract.CHECKPOINT_ROOT + ", under --host-root when that is given).")
    Path checkpointRoot;

    @Option(names = "--host-root", paramLabel = "DIR",
            description = "Where the node's filesystem is mounted when the agent runs outside its container: the absolute "
                    + "paths of every pipeline's input globs (include and exclude) and the default checkpoint root are read under DIR.")
    Path hostRoot;

    @Option(names = "--validate-only", description = "Check the --config files as the agent would load them: one line per file "
            + "that loads, one line per problem (FILE:LINE:COLUMN: FIELD: MESSAGE) of a file that does not; exit 0 or 2.")
    boolean validateOnly;

    @Option(names = "--log-level", defaultValue = "info", paramLabel = "LEVEL", converter = LogLevelConverter.class,
            description = "debug, info, warn or error (default ${DEFAULT-VALUE}).")
    LogLevel logLevel;

    @Option(names = "--log-format", defaultValue = "logfmt", paramLabel = "FORMAT", converter = CollectorLogging.FormatConverter.class,
            description = "logfmt (time=... level=... logger=... event=... key=value) or json (one object per line, "
                    + "the operator's keys) (default ${DEFAULT-VALUE}).")
    CollectorLogging.Format logFormat;

    @Option(names = "--debug-tail", description = "Serve /debug/tail?pipeline=<namespace>/<name>: the live stream of processed records.")
    boolean debugTail;

    @Option(names = "--shutdown-grace", defaultValue = "20s", paramLabel = "DURATION", converter = CommandLineErrors.DurationConverter.class,
            description = "On SIGTERM, how long to flush and deliver what was read before writing the checkpoints (default ${DEFAULT-VALUE}); "
                    + "keep it below the pod's terminationGracePeriodSeconds. Also the time a reloaded pipeline gets to deliver.")
    Duration shutdownGrace;

    @Option(names = "--telemetry-address", defaultValue = "0.0.0.0", paramLabel = "HOST",
            description = "Address /metrics, /healthz, /readyz and /debug/tail listen on (default ${DEFAULT-VALUE}).")
    String telemetryAddress;

    @Option(names = "--telemetry-port", defaultValue = "12345", paramLabel = "PORT",
            description = "Port of /metrics, /healthz, /readyz and /debug/tail (default ${DEFAULT-VALUE}; 0 picks a free one).")
    int telemetryPort;

    private final PrintWriter out;
    private final PrintWriter err;

    CollectorMain(PrintWriter out, PrintWriter err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        // before anything touches java.util.logging: keep logging through the shutdown hook
        System.setProperty("java.util.logging.manager", CollectorLogging.ShutdownSafeLogManager.class.getName());
        System.exit(commandLine(new PrintWriter(System.out, true), new PrintWriter(System.err, true)).execute(args));
    }

    /** The command line with its subcommands, reporting a user's mistake in one line on {@code err}. */
    static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        return new CommandLine(new CollectorMain(out, err)).setOut(out).setErr(err).setParameterExceptionHandler(new CommandLineErrors());
    }

    @Override
    public Integer call() {
        if (validateOnly) {
            return ConfigValidation.run(configPaths, out, err);
        }
        CollectorLogging.configure(logLevel, logFormat);
        return NodeAgentProcess.run(new NodeAgent.Settings(configPaths, watchNamespace, nodeName, checkpointRoot(), hostRoot, debugTail,
                telemetryAddress, telemetryPort, shutdownGrace, Duration.ofSeconds(1)), err);
    }

    // The container path of the checkpoints, seen from where the node's filesystem is mounted.
    private Path checkpointRoot() {
        if (checkpointRoot != null) {
            return checkpointRoot;
        }
        Path containerPath = Path.of(AgentContract.CHECKPOINT_ROOT);
        return hostRoot == null ? containerPath : hostRoot.resolve(containerPath.getRoot().relativize(containerPath));
    }

    /** {@code --log-level info}, as the LogPipeline's collector.logLevel spells it. */
    static final class LogLevelConverter implements CommandLine.ITypeConverter<LogLevel> {
        @Override
        public LogLevel convert(String value) {
            try {
                return CollectorSpec.LogLevel.valueOf(value.toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("\"" + value + "\" is not a level; use debug, info, warn or error");
            }
        }
    }
}
