package io.logpipeline.collector.lifecycle;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import static java.lang.System.Logger.Level.WARNING;

/**
 * Parts started in order and stopped in reverse order, itself a part. When a start fails, what started is stopped
 * (in reverse order, within {@code failedStartGrace}) before the failure is thrown, so a process that cannot start
 * leaves no thread or socket behind. A stop that fails does not keep the parts before it from stopping. Stopping
 * twice stops nothing the second time: a caller may stop the tail of an agent first (its pipelines) and the rest later.
 */
public final class Components implements Component {

    private static final System.Logger LOG = System.getLogger(Components.class.getName());

    private final String name;
    private final List<Component> parts;
    private final Duration failedStartGrace;
    /** The parts started and not stopped yet, the last started on top. */
    private final Deque<Component> started = new ArrayDeque<>();

    /** @param failedStartGrace how long the parts that started get to stop when a later one fails to start */
    public Components(String name, Duration failedStartGrace, Component... parts) {
        this.name = name;
        this.failedStartGrace = failedStartGrace;
        this.parts = List.of(parts);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public synchronized void start() throws IOException {
        if (!started.isEmpty()) {
            throw new IllegalStateException(name + " was started already");
        }
        for (Component part : parts) {
            try {
                part.start();
            } catch (IOException | RuntimeException e) {
                LOG.log(WARNING, "event=start_failed component={0} part={1} error=\"{2}\" action=stop_started parts={3}",
                        name, part.name(), e.getMessage(), started.size());
                try {
                    stop(Deadline.after(failedStartGrace));
                } catch (RuntimeException alsoFailed) {
                    e.addSuppressed(alsoFailed);
                }
                throw e;
            }
            started.push(part);
        }
    }

    /** Stops the parts that started, last first, all by the one {@code deadline}; throws the first failure after all were stopped. */
    @Override
    public synchronized void stop(Deadline deadline) {
        RuntimeException failure = null;
        while (!started.isEmpty()) {
            Component part = started.pop();
            try {
                part.stop(deadline);
            } catch (RuntimeException e) {
                LOG.log(WARNING, "event=stop_failed component={0} part={1} error=\"{2}\"", name, part.name(), e.toString());
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
