package io.logpipeline.e2e.launch;

import io.logpipeline.e2e.kubelet.PodProcess;
import io.logpipeline.e2e.kubelet.PodProcessLauncher;
import io.logpipeline.e2e.kubelet.PodSandbox;
import io.logpipeline.e2e.process.FreePorts;
import io.logpipeline.e2e.process.LocalProcess;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the operator image's pod as {@code java -jar quarkus-run.jar} with the pod's environment,
 * whose KUBECONFIG holds the pod's ServiceAccount token: the operator gets exactly what the chart's
 * RBAC grants. Its HTTP port 8080 (health, metrics) moves to a free local port.
 */
public final class OperatorLauncher implements PodProcessLauncher {

  private static final int HTTP_PORT = 8080;
  /** C1 only and a small serial heap: on a shared 2-core machine this starts in seconds. */
  private static final List<String> TEST_JVM_OPTIONS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m");

  private final List<String> jvmOptions;
  private final Map<String, String> imageEnvironment;

  public OperatorLauncher() {
    this(TEST_JVM_OPTIONS, Map.of());
  }

  /**
   * Runs the JVM with {@code jvmOptions} and the image's {@code ENV} instead, e.g. Dockerfile.operator's, when what
   * is measured is the operator itself; the pod's environment still wins, as in a container.
   */
  public OperatorLauncher(List<String> jvmOptions, Map<String, String> imageEnvironment) {
    this.jvmOptions = List.copyOf(jvmOptions);
    this.imageEnvironment = Map.copyOf(imageEnvironment);
  }

  @Override
  public PodProcess launch(PodSandbox sandbox) {
    int port = FreePorts.next();
    Map<String, String> environment = new HashMap<>(imageEnvironment);
    environment.putAll(sandbox.environment());
    environment.put("QUARKUS_HTTP_PORT", Integer.toString(port));
    environment.put("QUARKUS_HTTP_HOST", "127.0.0.1");
    List<String> command = new ArrayList<>(List.of(ProductJars.java()));
    command.addAll(jvmOptions);
    command.addAll(List.of("-Djava.io.tmpdir=" + sandbox.hostPath("/tmp"), "-jar", ProductJars.operator().toString()));
    LocalProcess process = LocalProcess.start("operator " + sandbox.pod().getMetadata().getName(),
        command, environment, sandbox.dir(), sandbox.dir().resolve("operator.log"));
    return new PodProcess(process, Map.of(HTTP_PORT, port));
  }
}
