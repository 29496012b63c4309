package io.logpipeline.collector.logging;

import java.util.logging.Level;

/** java.util.logging levels under the names the collector's {@code --log-level} and the operator's logs use. */
final class Levels {

    private Levels() {
    }

    /** DEBUG, INFO, WARN or ERROR. */
    static String name(Level level) {
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
