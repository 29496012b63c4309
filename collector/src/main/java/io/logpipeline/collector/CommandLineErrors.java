package io.logpipeline.collector;

import io.logpipeline.api.units.GoDuration;
import java.io.PrintWriter;
import java.time.Duration;
import picocli.CommandLine;

/**
 * How the command line answers a user's mistake: one line naming the option and the form it expects, exit code 2,
 * before anything runs (no usage screen, no stack trace).
 */
public final class CommandLineErrors implements CommandLine.IParameterExceptionHandler {

    @Override
    public int handleParseException(CommandLine.ParameterException ex, String[] args) {
        CommandLine command = ex.getCommandLine();
        PrintWriter err = command.getErr();
        String suggestion = "";
        if (ex instanceof CommandLine.UnmatchedArgumentException unmatched && !unmatched.getSuggestions().isEmpty()) {
            suggestion = "; did you mean " + String.join(" or ", unmatched.getSuggestions()) + "?";
        }
        err.println(ex.getMessage() + suggestion + " (see " + command.getCommandSpec().qualifiedName() + " --help)");
        return command.getCommandSpec().exitCodeOnInvalidInput();
    }

    /** A Go duration option ({@code 500ms}, {@code 20s}, {@code 1m30s}). */
    public static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return GoDuration.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
