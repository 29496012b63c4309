package io.logpipeline.collector;

import io.logpipeline.api.config.CollectorConfig;
import io.logpipeline.api.config.ExporterConfig;
import io.logpipeline.api.config.InvalidConfigException;
import io.logpipeline.collector.agent.ConfigFileSource;
import io.logpipeline.collector.agent.DesiredPipeline;
import io.logpipeline.collector.agent.PipelineHost;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code --validate-only}: every {@code --config} file checked as the agent would load it. A file that loads gets one
 * line on stdout saying what it holds; a file that does not gets one line per problem on stderr, in the form
 * {@code FILE:LINE:COLUMN: FIELD: MESSAGE}, and a last line with the count.
 */
final class ConfigValidation {

    private ConfigValidation() {
    }

    /** @return 0 when every file loads, {@link CollectorMain#EXIT_INVALID_CONFIG} otherwise */
    static int run(List<Path> configPaths, PrintWriter out, PrintWriter err) {
        if (configPaths.isEmpty()) {
            err.println("--validate-only checks --config files; pass --config FILE|DIR");
            return CollectorMain.EXIT_INVALID_CONFIG;
        }
        List<DesiredPipeline> pipelines;
        try {
            pipelines = List.copyOf(new ConfigFileSource(configPaths, Duration.ZERO, desired -> { }).read().values());
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return CollectorMain.EXIT_INVALID_CONFIG;
        }
        if (pipelines.isEmpty()) {
            err.println("--config " + configPaths.stream().map(Path::toString).collect(Collectors.joining(", "))
                    + ": no *.json file to check");
            return CollectorMain.EXIT_INVALID_CONFIG;
        }
        int invalid = 0;
        for (DesiredPipeline pipeline : pipelines) {
            try {
                out.println(pipeline.origin() + ": ok: " + describe(PipelineHost.parse(pipeline)));
            } catch (InvalidConfigException e) {
                e.problems().forEach(problem -> err.println(problem.describe(pipeline.origin())));
                err.println(pipeline.origin() + ": " + e.problems().size() + (e.problems().size() == 1 ? " problem" : " problems"));
                invalid++;
            } catch (IllegalArgumentException e) {
                err.println(pipeline.origin() + ": " + e.getMessage());
                invalid++;
            }
        }
        return invalid == 0 ? 0 : CollectorMain.EXIT_INVALID_CONFIG;
    }

    /** {@code pipeline monitoring/default reads 1 path glob, 2 processors, exports to 1 backend (victorialogs)}. */
    static String describe(CollectorConfig config) {
        List<String> globs = config.getInput().getPaths().getInclude();
        List<String> backends = config.getExporters().stream().map(ExporterConfig::getName).toList();
        int processors = config.getProcessors() == null ? 0 : config.getProcessors().size();
        return "pipeline " + (config.getNamespace() == null ? "default" : config.getNamespace()) + "/" + config.getPipeline()
                + " reads " + count(globs.size(), "path glob") + " (" + String.join(", ", globs) + "), "
                + count(processors, "processor") + ", exports to " + count(backends.size(), "backend")
                + " (" + String.join(", ", backends) + ")";
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
