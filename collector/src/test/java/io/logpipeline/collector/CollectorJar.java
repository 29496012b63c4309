package io.logpipeline.collector;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * {@code java -jar target/logpipeline-collector.jar ...} as a user runs it (the jar the build just packaged), with
 * its stdout and stderr collected apart while it runs. Started with SIGINT at its default action
 * ({@code env --default-signal=INT}): a test JVM started as a background job would pass on an ignored SIGINT.
 */
final class CollectorJar implements AutoCloseable {

    private final Process process;
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final List<Thread> pumps = new ArrayList<>();

    private CollectorJar(Process process) {
        this.process = process;
        pumps.add(pump(process.getInputStream(), stdout));
        pumps.add(pump(process.getErrorStream(), stderr));
    }

    static CollectorJar start(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("env", "--default-signal=INT",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", "target/logpipeline-collector.jar"));
        command.addAll(List.of(args));
        return new CollectorJar(new ProcessBuilder(command).start());
    }

    /** Runs the jar to its end (at most {@code seconds}) and returns its exit code. */
    static Result run(int seconds, String... args) throws IOException, InterruptedException {
        try (CollectorJar jar = start(args)) {
            return jar.awaitExit(seconds);
        }
    }

    /** What the process printed and how it ended. */
    record Result(int exitCode, String stdout, String stderr) {
    }

    Result awaitExit(int seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            throw new AssertionError("still running after " + seconds + "s; stdout:\n" + stdout() + "\nstderr:\n" + stderr());
        }
        for (Thread pump : pumps) {
            pump.join();
        }
        return new Result(process.exitValue(), stdout(), stderr());
    }

    /** Waits until stdout or stderr contains {@code text}. */
    void awaitOutput(String text) {
        Awaitility.await().atMost(60, TimeUnit.SECONDS).pollInterval(50, TimeUnit.MILLISECONDS)
                .until(() -> stdout().contains(text) || stderr().contains(text) || !process.isAlive());
        if (!stdout().contains(text) && !stderr().contains(text)) {
            throw new AssertionError("ended without printing " + text + "; stdout:\n" + stdout() + "\nstderr:\n" + stderr());
        }
    }

    /** Ctrl-C. */
    void interrupt() throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-INT", String.valueOf(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new AssertionError("kill -INT " + process.pid() + " failed");
        }
    }

    String stdout() {
        synchronized (stdout) {
            return stdout.toString(StandardCharsets.UTF_8);
        }
    }

    String stderr() {
        synchronized (stderr) {
            return stderr.toString(StandardCharsets.UTF_8);
        }
    }

    private static Thread pump(InputStream from, ByteArrayOutputStream to) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try {
                for (int n = from.read(buffer); n >= 0; n = from.read(buffer)) {
                    synchronized (to) {
                        to.write(buffer, 0, n);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, "collector-jar-output");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly().waitFor();
        }
    }
}
