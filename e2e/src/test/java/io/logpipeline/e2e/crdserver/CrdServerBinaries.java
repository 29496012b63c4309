package io.logpipeline.e2e.crdserver;

import java.nio.file.Files;
import java.nio.file.Path;

/** The Kubernetes 1.36 CRD API server and etcd that e2e/crd-server/build.sh builds. */
public record CrdServerBinaries(Path crdServer, Path etcd) {

  /** Set by the e2e module's current-k8s profile; the build script's default otherwise. */
  public static final String HOME_PROPERTY = "logpipeline.crdserver.home";

  public static CrdServerBinaries built() {
    Path home = Path.of(System.getProperty(HOME_PROPERTY, System.getProperty("user.home") + "/.cache/logpipeline-crd-server"));
    CrdServerBinaries binaries = new CrdServerBinaries(home.resolve("crdserver"), home.resolve("sidroot/usr/bin/etcd"));
    for (Path binary : new Path[] {binaries.crdServer, binaries.etcd}) {
      if (!Files.isExecutable(binary)) {
        throw new IllegalStateException(binary + " is missing: run e2e/crd-server/build.sh"
            + " (or set -D" + HOME_PROPERTY + " to the directory it built into)");
      }
    }
    return binaries;
  }
}
