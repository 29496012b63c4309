package io.logpipeline.collector;

import io.logpipeline.api.config.CollectorConfig;
import io.logpipeline.api.config.CollectorConfigJson;
import io.logpipeline.api.validation.FieldProblem;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The collector's command line: {@code java -jar logpipeline-collector.jar --config /etc/logpipeline/collector.json}. */
@Command(name = "logpipeline-collector", mixinStandardHelpOptions = true,
        description = "Tails container logs on this node and exports them over OTLP/HTTP, as a LogPipeline describes.")
public final class CollectorMain implements Callable<Integer> {

    /** Exit code when the configuration cannot be used; the kubelet shows it in the pod's last state. */
    public static final int EXIT_INVALID_CONFIG = 2;

    @Option(names = "--config", description = "The collector configuration (collector.json rendered by the operator).",
            defaultValue = CollectorConfig.DEFAULT_CONFIG_PATH)
    Path configFile;

    @Option(names = "--validate-only", description = "Check the configuration, print every problem, and exit.")
    boolean validateOnly;

    private final PrintWriter err;

    CollectorMain(PrintWriter err) {
        this.err = err;
    }

    public static void main(String[] args) {
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
        err.println("the pipeline stages are not wired into the process yet; --validate-only is what this build supports");
        return 1;
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
