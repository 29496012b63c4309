package io.logpipeline.e2e.launch;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the reactor built the product's runnable jars (system properties set by e2e/pom.xml). */
public final class ProductJars {

  private ProductJars() {
  }

  public static Path operator() {
    return existing("logpipeline.operator.jar");
  }

  public static Path collector() {
    return existing("logpipeline.collector.jar");
  }

  /** The repository's root: the chart, the CRDs and the samples. */
  public static Path projectDir() {
    return existing("logpipeline.project.dir");
  }

  private static Path existing(String property) {
    String value = System.getProperty(property);
    if (value == null || !Files.exists(Path.of(value))) {
      throw new IllegalStateException("system property " + property + " = " + value
          + " names no file; run through ./mvnw -Pe2e verify -pl e2e -am, which builds and sets it");
    }
    return Path.of(value);
  }

  static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
