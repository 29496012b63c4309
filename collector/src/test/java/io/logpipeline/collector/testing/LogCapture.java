package io.logpipeline.collector.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The log lines a test caused, as an operator would read them ({@code @RegisterExtension}): {@link #linesOf}
 * keeps what a logger logs from then until the test ends.
 */
public final class LogCapture implements AfterEachCallback {

    private final List<Runnable> removals = new ArrayList<>();

    /** The messages the named logger logs from now on, unformatted ({@code event=... key=value}). */
    public List<String> linesOf(String loggerName) {
        Logger logger = Logger.getLogger(loggerName);
        List<String> lines = new CopyOnWriteArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                lines.add(record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(handler);
        removals.add(() -> logger.removeHandler(handler));
        return lines;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        removals.forEach(Runnable::run);
        removals.clear();
    }
}
