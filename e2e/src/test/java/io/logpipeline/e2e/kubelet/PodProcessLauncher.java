package io.logpipeline.e2e.kubelet;

import java.util.Map;

/**
 * Starts the local process that stands in for a pod's container: the process kubelet's container
 * runtime. Given the pod, its node and its volumes on disk (the sandbox), it returns the started
 * process and where the container's ports ended up on 127.0.0.1.
 */
@FunctionalInterface
public interface PodProcessLauncher {

  PodProcess launch(PodSandbox sandbox);

  /** Picks the launcher by the pod's (first) container image; an unknown image fails the launch. */
  static PodProcessLauncher byImage(Map<String, PodProcessLauncher> launchers) {
    return sandbox -> {
      String image = sandbox.container().getImage();
      PodProcessLauncher launcher = launchers.get(image);
      if (launcher == null) {
        throw new IllegalArgumentException("no process for image " + image + " (known: " + launchers.keySet() + ")");
      }
      return launcher.launch(sandbox);
    };
  }
}
