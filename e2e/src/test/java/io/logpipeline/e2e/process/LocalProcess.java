package io.logpipeline.e2e.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** A local child process with its output in a log file, stopped together with its whole process tree. */
public final class LocalProcess {

  private final String name;
  private final Process process;
  private final Path logFile;

  private LocalProcess(String name, Process process, Path logFile) {
    this.name = name;
    this.process = process;
    this.logFile = logFile;
  }

  /**
   * Starts {@code command} with exactly {@code environment} (nothing inherited); stdout and stderr
   * both go to {@code logFile}.
   */
  public static LocalProcess start(String name, List<String> command, Map<String, String> environment,
      Path workingDir, Path logFile) {
    try {
      Files.createDirectories(logFile.getParent());
      ProcessBuilder builder = new ProcessBuilder(command)
          .directory(workingDir.toFile())
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
      builder.environment().clear();
      builder.environment().putAll(environment);
      return new LocalProcess(name, builder.start(), logFile);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name + ": " + String.join(" ", command), e);
    }
  }

  /** Wraps a process started elsewhere (e.g. with its output piped and reformatted) whose output ends up in {@code logFile}. */
  public static LocalProcess adopt(String name, Process process, Path logFile) {
    return new LocalProcess(name, process, logFile);
  }

  public String name() {
    return name;
  }

  public long pid() {
    return process.pid();
  }

  public Path logFile() {
    return logFile;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public CompletableFuture<Process> onExit() {
    return process.onExit();
  }

  public int exitValue() {
    return process.exitValue();
  }

  /**
   * SIGTERM to the process and every descendant, SIGKILL to whatever still runs after {@code grace}.
   * Descendants are collected first: once the parent is gone they are re-parented and unreachable.
   */
  public void stop(Duration grace) {
    List<ProcessHandle> tree = process.descendants().collect(Collectors.toList());
    tree.add(0, process.toHandle());
    tree.forEach(ProcessHandle::destroy);
    long deadline = System.nanoTime() + grace.toNanos();
    for (ProcessHandle handle : tree) {
      long left = Math.max(0, deadline - System.nanoTime());
      try {
        handle.onExit().get(left, TimeUnit.NANOSECONDS);
      } catch (Exception notStoppedInTime) {
        handle.destroyForcibly();
      }
    }
    tree.forEach(handle -> handle.onExit().join());
  }

  /** The last lines of the log, for failure messages. */
  public String logTail(int lines) {
    try {
      List<String> all = Files.readAllLines(logFile);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  @Override
  public String toString() {
    return name + "[pid " + process.pid() + ", log " + logFile + "]";
  }
}
