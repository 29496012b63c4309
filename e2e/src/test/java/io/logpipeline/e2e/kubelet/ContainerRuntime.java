package io.logpipeline.e2e.kubelet;

import io.logpipeline.e2e.process.LocalProcess;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Runs a pod's container command as a local process the way a CRI runtime would: its stdout and
 * stderr become the container log {@code /var/log/pods/<ns>_<pod>_<uid>/<container>/<restarts>.log}
 * on the pod's node (CRI format, {@code <RFC3339Nano> <stream> F <line>}), with the
 * {@code /var/log/containers} symlink beside — so the collector reads the pod's output like on a
 * real node. For launchers of workload pods whose logs a scenario ships.
 */
public final class ContainerRuntime {

  private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

  private ContainerRuntime() {
  }

  public static LocalProcess start(PodSandbox sandbox, List<String> command) {
    Path log = sandbox.containerLogFile();
    try {
      Files.createDirectories(log.getParent());
      Path link = sandbox.nodeRoot().resolve("var/log/containers").resolve(sandbox.pod().getMetadata().getName() + "_"
          + sandbox.pod().getMetadata().getNamespace() + "_" + sandbox.container().getName() + "-"
          + sandbox.pod().getMetadata().getUid() + ".log");
      Files.deleteIfExists(link);
      Files.createSymbolicLink(link, log);
      ProcessBuilder builder = new ProcessBuilder(command).directory(sandbox.dir().toFile());
      builder.environment().clear();
      builder.environment().putAll(sandbox.environment());
      Process process = builder.start();
      process.getOutputStream().close();
      OutputStream file = Files.newOutputStream(log, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      String name = "pod " + sandbox.pod().getMetadata().getName();
      CompletableFuture.allOf(pump(name, "stdout", process.getInputStream(), file),
          pump(name, "stderr", process.getErrorStream(), file)).thenRun(() -> closeQuietly(file));
      return LocalProcess.adopt(name, process, log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start container " + sandbox.container().getName() + ": " + command, e);
    }
  }

  /** Copies one stream line by line until the process closes it; completes then. */
  private static CompletableFuture<Void> pump(String name, String stream, InputStream from, OutputStream to) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    Thread thread = new Thread(() -> {
      try (BufferedReader lines = new BufferedReader(new InputStreamReader(from, StandardCharsets.UTF_8))) {
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
          byte[] entry = (timestamp(Instant.now()) + " " + stream + " F " + line + "\n").getBytes(StandardCharsets.UTF_8);
          // One write per entry under one lock: stdout and stderr lines never interleave mid-line.
          synchronized (to) {
            to.write(entry);
            to.flush();
          }
        }
      } catch (IOException streamClosed) {
        // the process exited or the file was closed: nothing more to copy
      } finally {
        done.complete(null);
      }
    }, name + " " + stream);
    thread.setDaemon(true);
    thread.start();
    return done;
  }

  /** Go's RFC3339Nano, as container runtimes write it: nanoseconds without trailing zeros. */
  static String timestamp(Instant instant) {
    String nanos = String.format("%09d", instant.getNano()).replaceFirst("0+$", "");
    return SECONDS.format(instant) + (nanos.isEmpty() ? "" : "." + nanos) + "Z";
  }

  private static void closeQuietly(OutputStream file) {
    try {
      synchronized (file) {
        file.close();
      }
    } catch (IOException alreadyClosed) {
      // nothing left to flush
    }
  }
}
