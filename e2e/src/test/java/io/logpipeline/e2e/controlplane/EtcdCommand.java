package io.logpipeline.e2e.controlplane;

import java.nio.file.Path;
import java.util.List;

/** The command line of a single-member etcd on 127.0.0.1, as the control planes here start it. */
public final class EtcdCommand {

  private EtcdCommand() {
  }

  public static List<String> of(Path binary, String name, Path dataDir, int clientPort, int peerPort) {
    return List.of(binary.toString(),
        "--name=" + name,
        "--data-dir=" + dataDir,
        "--listen-client-urls=http://127.0.0.1:" + clientPort,
        "--advertise-client-urls=http://127.0.0.1:" + clientPort,
        "--listen-peer-urls=http://127.0.0.1:" + peerPort,
        "--initial-advertise-peer-urls=http://127.0.0.1:" + peerPort,
        "--initial-cluster=" + name + "=http://127.0.0.1:" + peerPort);
  }
}
