package io.logpipeline.collector.demo;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicInteger;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C during the demo. The first stops it: while it waits for the sample lines to be read, the wait ends; what
 * was read then gets the short drain deadline to be delivered, and the summary says what arrived. The second exits
 * at once (exit code 130), for a backend that is down. Without this, the JVM would run its shutdown hooks on the
 * first Ctrl-C and ignore the second until they end.
 *
 * <p>{@code sun.misc.Signal} (module jdk.unsupported) is the only way a Java program handles SIGINT itself;
 * where it is not available (a JVM run with {@code -Xrs}) the demo keeps the JVM's default: its shutdown hook.
 */
final class DemoCtrlC implements AutoCloseable {

    private final PrintStream out;
    private final String drainDeadline;
    private final Runnable beforeExit;
    private final AtomicInteger presses = new AtomicInteger();
    private volatile Thread waiting;
    private SignalHandler previous;

    /**
     * @param drainDeadline how long what was read gets to be delivered after the first Ctrl-C, as the message says it
     * @param beforeExit what the second Ctrl-C does before exiting (remove the temporary files)
     */
    DemoCtrlC(PrintStream out, String drainDeadline, Runnable beforeExit) {
        this.out = out;
        this.drainDeadline = drainDeadline;
        this.beforeExit = beforeExit;
        try {
            previous = Signal.handle(new Signal("INT"), signal -> onCtrlC());
        } catch (IllegalArgumentException | UnsupportedOperationException unavailable) {
            previous = null; // -Xrs or no SIGINT here: the shutdown hook stops the demo
        }
    }

    /** The thread to interrupt on the first Ctrl-C while it waits for the lines to be read; null when nothing waits. */
    synchronized void waiting(Thread thread) {
        waiting = thread;
        if (thread == null) {
            Thread.interrupted(); // a Ctrl-C between the end of the wait and now must not cut the drain short
        }
    }

    boolean pressed() {
        return presses.get() > 0;
    }

    // on the JVM's signal thread
    private void onCtrlC() {
        if (presses.incrementAndGet() == 1) {
            out.println("demo: Ctrl-C: stopping; what was read gets up to " + drainDeadline
                    + " to be delivered, then the summary — press Ctrl-C again to exit now");
            synchronized (this) {
                if (waiting != null) {
                    waiting.interrupt();
                }
            }
            return;
        }
        out.println("demo: second Ctrl-C: exiting now, without a summary");
        out.flush();
        beforeExit.run();
        Runtime.getRuntime().halt(130);
    }

    @Override
    public void close() {
        if (previous != null) {
            Signal.handle(new Signal("INT"), previous);
        }
    }
}
