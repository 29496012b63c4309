package io.logpipeline.collector;

import io.logpipeline.api.v1alpha1.CollectorSpec;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Sets up java.util.logging, where both {@link System.Logger} (the collector's classes) and SLF4J (fabric8,
 * through slf4j-jdk14) end: one line per event on stderr at the configured level,
 * {@code 2026-11-24T22:07:27.363Z INFO CollectorPipeline event=pipeline_started key=value ...}.
 */
public final class CollectorLogging {

    // java.util.logging holds loggers weakly: a level set on a collected logger would be forgotten.
    private static final Logger FABRIC8 = Logger.getLogger("io.fabric8");

    private CollectorLogging() {
    }

    /** Replaces the root handlers by one stderr handler with the one-line format, at {@code level}. */
    public static void configure(CollectorSpec.LogLevel level) {
        Logger root = Logger.getLogger("");
        for (Handler handler : root.getHandlers()) {
            root.removeHandler(handler);
        }
        ConsoleHandler stderr = new ConsoleHandler();
        stderr.setLevel(Level.ALL);
        stderr.setFormatter(new OneLineFormatter());
        root.addHandler(stderr);
        root.setLevel(julLevel(level));
        // the Kubernetes client logs every watch event at debug; its info lines are what an operator needs
        FABRIC8.setLevel(level == CollectorSpec.LogLevel.DEBUG ? Level.INFO : julLevel(level));
    }

    private static Level julLevel(CollectorSpec.LogLevel level) {
        return switch (level) {
            case DEBUG -> Level.FINE;
            case INFO -> Level.INFO;
            case WARN -> Level.WARNING;
            case ERROR -> Level.SEVERE;
        };
    }

    /** {@code <time> <LEVEL> <class> <message>}; a stack trace only when an exception is attached (an unexpected failure). */
    static final class OneLineFormatter extends Formatter {

        @Override
        public String format(LogRecord record) {
            String logger = record.getLoggerName() == null ? "" : record.getLoggerName();
            StringBuilder line = new StringBuilder(160)
                    .append(Instant.ofEpochMilli(record.getMillis())).append(' ')
                    .append(levelName(record.getLevel())).append(' ')
                    .append(logger.substring(logger.lastIndexOf('.') + 1)).append(' ')
                    .append(formatMessage(record)).append(System.lineSeparator());
            if (record.getThrown() != null) {
                StringWriter trace = new StringWriter();
                record.getThrown().printStackTrace(new PrintWriter(trace));
                line.append(trace);
            }
            return line.toString();
        }

        private static String levelName(Level level) {
            if (level.intValue() >= Level.SEVERE.intValue()) {
                return "ERROR";
            } else if (level.intValue() >= Level.WARNING.intValue()) {
                return "WARN";
            } else if (level.intValue() >= Level.INFO.intValue()) {
                return "INFO";
            }
            return "DEBUG";
        }
    }

    /**
     * The LogManager the collector's main installs: java.util.logging closes every handler in its own
     * shutdown hook, which would silence the collector's shutdown (flush, drain, checkpoint) that runs in
     * another hook at the same time. This one only flushes then.
     */
    public static final class ShutdownSafeLogManager extends LogManager {

        @Override
        public void reset() {
            if (Thread.currentThread().getClass().getName().equals("java.util.logging.LogManager$Cleaner")) {
                for (Handler handler : Logger.getLogger("").getHandlers()) {
                    handler.flush();
                }
                return;
            }
            super.reset();
        }
    }
}
