package io.logpipeline.collector;

import io.logpipeline.api.v1alpha1.CollectorSpec;

import java.util.Locale;

/**
 * Sets up slf4j-simple, where both SLF4J (fabric8) and {@link System.Logger} (the collector's own
 * classes, through slf4j-jdk-platform-logging) end: one line per event on stderr,
 * {@code <time> <LEVEL> <class> - event=... key=value}, at the configured level.
 */
public final class CollectorLogging {

    private CollectorLogging() {
    }

    /** Must run before the first logger is created: slf4j-simple reads its settings once. */
    public static void configure(CollectorSpec.LogLevel level) {
        String name = level.name().toLowerCase(Locale.ROOT);
        setIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", name);
        // the Kubernetes client logs every watch event at debug; its info lines are what an operator needs
        setIfAbsent("org.slf4j.simpleLogger.log.io.fabric8", level == CollectorSpec.LogLevel.DEBUG ? "info" : name);
        setIfAbsent("org.slf4j.simpleLogger.showDateTime", "true");
        setIfAbsent("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
        setIfAbsent("org.slf4j.simpleLogger.showThreadName", "false");
        setIfAbsent("org.slf4j.simpleLogger.showShortLogName", "true");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
