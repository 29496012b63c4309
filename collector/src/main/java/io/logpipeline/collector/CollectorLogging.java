package io.logpipeline.collector;

import io.logpipeline.api.v1alpha1.CollectorSpec;

import io.logpipeline.collector.logging.JsonLogFormatter;
import io.logpipeline.collector.logging.LogfmtFormatter;
import java.util.List;
import java.util.Locale;
import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import java.util.stream.Stream;
import picocli.CommandLine;

/**
 * Sets up java.util.logging, where both {@link System.Logger} (the collector's classes) and SLF4J (fabric8,
 * through slf4j-jdk14) end: one line per event on stderr at the configured level, as logfmt
 * ({@code time=2026-11-24T22:07:27.363Z level=info logger=CollectorPipeline event=pipeline_started key=value ...},
 * {@link LogfmtFormatter}) or as JSON with the operator's keys ({@link JsonLogFormatter}).
 */
public final class CollectorLogging {

    /** {@code --log-format}. */
    public enum Format {
        LOGFMT, JSON
    }

    /**
     * Libraries that stay at info when the collector logs at debug: the Kubernetes client logs every watch event,
     * the JDK's security logger every CA certificate of the trust store, OkHttp's task runner every scheduled task,
     * the JDK HTTP server (telemetry) every exchange. Held here: java.util.logging holds loggers weakly, and a
     * level set on a collected logger would be forgotten.
     */
    private static final List<Logger> CHATTY_AT_DEBUG = Stream.of("io.fabric8", "jdk.event.security", "javax.net.ssl", "sun.security",
            "okhttp3", "com.sun.net.httpserver", "jdk.internal.httpclient").map(Logger::getLogger).toList();

    private CollectorLogging() {
    }

    /** Replaces the root handlers by one stderr handler writing {@code format}, at {@code level}. */
    public static void configure(CollectorSpec.LogLevel level, Format format) {
        Logger root = Logger.getLogger("");
        for (Handler handler : root.getHandlers()) {
            root.removeHandler(handler);
        }
        ConsoleHandler stderr = new ConsoleHandler();
        stderr.setLevel(Level.ALL);
        stderr.setFormatter(format == Format.JSON ? new JsonLogFormatter() : new LogfmtFormatter());
        root.addHandler(stderr);
        root.setLevel(julLevel(level));
        for (Logger chatty : CHATTY_AT_DEBUG) {
            chatty.setLevel(level == CollectorSpec.LogLevel.DEBUG ? Level.INFO : julLevel(level));
        }
    }

    private static Level julLevel(CollectorSpec.LogLevel level) {
        return switch (level) {
            case DEBUG -> Level.FINE;
            case INFO -> Level.INFO;
            case WARN -> Level.WARNING;
            case ERROR -> Level.SEVERE;
        };
    }

    /** {@code --log-format logfmt|json}. */
    public static final class FormatConverter implements CommandLine.ITypeConverter<Format> {
        @Override
        public Format convert(String value) {
            try {
                return Format.valueOf(value.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("\"" + value + "\" is not a log format; use logfmt or json");
            }
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
