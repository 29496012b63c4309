package io.logpipeline.e2e.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Local processes that share one fresh temporary state directory (their logs under {@code logs/}):
 * {@link #close()} stops them in reverse start order and deletes the directory; a JVM shutdown hook
 * stops them when a test run is killed first.
 */
public final class ProcessGroup implements AutoCloseable {

  private static final Duration STOP_GRACE = Duration.ofSeconds(10);

  private final Path dir;
  private final List<LocalProcess> processes = new ArrayList<>();
  private final Thread shutdownHook = new Thread(this::stopProcesses, "process-group-shutdown");

  private ProcessGroup(Path dir) {
    this.dir = dir;
  }

  /** A group with a new temporary directory named after {@code prefix}. */
  public static ProcessGroup create(String prefix) {
    try {
      ProcessGroup group = new ProcessGroup(Files.createTempDirectory(prefix));
      Runtime.getRuntime().addShutdownHook(group.shutdownHook);
      return group;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Path dir() {
    return dir;
  }

  /** Starts {@code command} in the directory with only PATH inherited; output to logs/{name}.log. */
  public synchronized LocalProcess launch(String name, List<String> command) {
    LocalProcess process = LocalProcess.start(name, command, Map.of("PATH", System.getenv("PATH")), dir, dir.resolve("logs/" + name + ".log"));
    processes.add(process);
    return process;
  }

  /** The first process started under {@code name}. */
  public synchronized Optional<LocalProcess> find(String name) {
    return processes.stream().filter(process -> process.name().equals(name)).findFirst();
  }

  /** Stops the processes in reverse start order, then deletes the directory. */
  @Override
  public void close() {
    stopProcesses();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException alreadyShuttingDown) {
      // the hook is running or ran: nothing left to unregister
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dir, e);
    }
  }

  private synchronized void stopProcesses() {
    for (int i = processes.size() - 1; i >= 0; i--) {
      processes.get(i).stop(STOP_GRACE);
    }
    processes.clear();
  }
}
