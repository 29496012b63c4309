package io.logpipeline.collector.lifecycle;

import java.io.IOException;

/**
 * The lifecycle of every long-lived part of the collector, as the OpenTelemetry Collector's components have it
 * (Start, Shutdown): the constructor only builds (it opens no socket and starts no thread), {@link #start()}
 * starts, {@link #stop(Deadline)} stops. Parts are started in order and stopped in reverse order by
 * {@link Components}, so a part is stopped only after everything that uses it.
 */
public interface Component {

    /**
     * Starts the part: its threads, servers, watches. Called once.
     *
     * @throws IOException when what it needs from the machine is not there (e.g. a port in use)
     */
    void start() throws IOException;

    /**
     * Stops the part, by {@code deadline} as far as it can: what it holds is delivered or left for the next
     * start, never lost. Called once, after {@link #start()} returned; never throws a checked exception.
     */
    void stop(Deadline deadline);

    /** The name it has in logs and errors. */
    default String name() {
        return getClass().getSimpleName();
    }

    /** A part that needs nothing to start and {@code stop} to end (a registry, a client made on first use). */
    static Component stopOnly(String name, Runnable stop) {
        return new Component() {
            @Override
            public void start() {
            }

            @Override
            public void stop(Deadline deadline) {
                stop.run();
            }

            @Override
            public String name() {
                return name;
            }
        };
    }
}
