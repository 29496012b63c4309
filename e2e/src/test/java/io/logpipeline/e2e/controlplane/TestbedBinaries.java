package io.logpipeline.e2e.controlplane;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The control-plane binaries e2e/testbed/install-testbed.sh installs. */
public record TestbedBinaries(Path dir) {

  /** Set by the e2e module's failsafe configuration; the installer's default otherwise. */
  public static final String DIR_PROPERTY = "logpipeline.testbed.bin";

  private static final List<String> REQUIRED =
      List.of("etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler", "kubectl");

  public static TestbedBinaries installed() {
    Path dir = Path.of(System.getProperty(DIR_PROPERTY,
        System.getProperty("user.home") + "/.cache/logpipeline-testbed/v1.20.2/bin"));
    for (String binary : REQUIRED) {
      if (!Files.isExecutable(dir.resolve(binary))) {
        throw new IllegalStateException(dir.resolve(binary) + " is missing: run e2e/testbed/install-testbed.sh"
            + " (or set -D" + DIR_PROPERTY + " to the directory that holds " + REQUIRED + ")");
      }
    }
    return new TestbedBinaries(dir);
  }

  public Path etcd() {
    return dir.resolve("etcd");
  }

  public Path kubeApiserver() {
    return dir.resolve("kube-apiserver");
  }

  public Path kubeControllerManager() {
    return dir.resolve("kube-controller-manager");
  }

  public Path kubeScheduler() {
    return dir.resolve("kube-scheduler");
  }

  public Path kubectl() {
    return dir.resolve("kubectl");
  }
}
