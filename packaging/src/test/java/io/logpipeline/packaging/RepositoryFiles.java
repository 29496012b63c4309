package io.logpipeline.packaging;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the repository files under test (chart, Dockerfiles, module poms) from the build. */
public final class RepositoryFiles {

  private RepositoryFiles() {}

  /** The repository root, set by surefire; falls back to the module's parent for IDE runs. */
  public static Path root() {
    String configured = System.getProperty("logpipeline.repository.root");
    Path root = configured != null ? Path.of(configured) : Path.of("..");
    root = root.toAbsolutePath().normalize();
    if (!Files.isRegularFile(root.resolve("mvnw"))) {
      throw new IllegalStateException("not the repository root (no mvnw): " + root);
    }
    return root;
  }

  /** The Maven project version without -SNAPSHOT: what Chart.yaml and the images call the release. */
  public static String releaseVersion() {
    String version = System.getProperty("logpipeline.project.version");
    if (version == null) {
      throw new IllegalStateException("run through Maven: logpipeline.project.version is not set");
    }
    return version.replace("-SNAPSHOT", "");
  }

  /** The Helm chart's directory. */
  public static Path chart() {
    return root().resolve("helm/logpipeline-operator");
  }
}
