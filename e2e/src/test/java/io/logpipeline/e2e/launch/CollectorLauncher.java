package io.logpipeline.e2e.launch;

import io.logpipeline.e2e.kubelet.PodProcess;
import io.logpipeline.e2e.kubelet.PodProcessLauncher;
import io.logpipeline.e2e.kubelet.PodSandbox;
import io.logpipeline.e2e.process.FreePorts;
import io.logpipeline.e2e.process.LocalProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the node agent's pod as {@code java -jar logpipeline-collector.jar} with its container args, {@code $(VAR)}
 * expanded from the container's environment as a kubelet does. The agent reads its pipelines through the API (the
 * sandbox's KUBECONFIG is the pod's service account); their configs name container paths ({@code /var/log/pods/...},
 * {@code /var/lib/logpipeline}), which the product's {@code --host-root} reads under the fake node's root. Telemetry
 * port 12345 moves to a free local port. The init container {@code prepare-state-dir} is not run: every process here
 * has one uid, so there is no ownership to hand over (CheckpointDirectoryAsCollectorUserIT and the image tests cover it).
 */
public final class CollectorLauncher implements PodProcessLauncher {

  private static final int TELEMETRY_PORT = 12345;
  private static final Pattern VARIABLE = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

  @Override
  public PodProcess launch(PodSandbox sandbox) {
    int port = FreePorts.next();
    Path tmp = sandbox.dir().resolve("tmp");
    try {
      Files.createDirectories(tmp);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> command = new ArrayList<>(List.of(ProductJars.java(), "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-Xmx128m", "-Djava.io.tmpdir=" + tmp, "-jar", ProductJars.collector().toString()));
    Map<String, String> environment = sandbox.environment();
    for (String arg : sandbox.container().getArgs()) {
      command.add(expand(arg, environment));
    }
    command.addAll(List.of("--host-root", sandbox.nodeRoot().toString(),
        "--telemetry-address", "127.0.0.1", "--telemetry-port", String.valueOf(port)));
    LocalProcess process = LocalProcess.start("collector " + sandbox.pod().getMetadata().getName(), command,
        environment, sandbox.dir(), sandbox.dir().resolve("collector.log"));
    return new PodProcess(process, Map.of(TELEMETRY_PORT, port));
  }

  /** A kubelet's {@code $(VAR)} expansion: a variable the container does not define stays as written. */
  static String expand(String arg, Map<String, String> environment) {
    Matcher matcher = VARIABLE.matcher(arg);
    StringBuilder expanded = new StringBuilder();
    while (matcher.find()) {
      String value = environment.get(matcher.group(1));
      matcher.appendReplacement(expanded, Matcher.quoteReplacement(value == null ? matcher.group() : value));
    }
    return matcher.appendTail(expanded).toString();
  }
}
