package io.logpipeline.testsupport;

import io.fabric8.kubeapitest.junit.EnableKubeAPIServer;
import java.time.Duration;
import java.time.LocalTime;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Holds back a kube-api-test start in the last minute and a half before local midnight.
 *
 * <p>kube-api-test 7.4 and 7.5 (ProcessReadinessChecker, unchanged) time the API server's start-up with
 * {@code LocalTime}: a start less than its startup timeout (60 s) before midnight computes a deadline
 * that wraps to the small hours, so its first
 * readiness poll already counts as late and fails with "Kube API Server did not start properly" (a CI run
 * at 23:59 failed this way). Registered for every test class through JUnit's extension auto-detection
 * (the parent pom turns it on, {@code META-INF/services} names this class); acts only on classes that
 * carry {@link EnableKubeAPIServer}. Benchmarks that start a {@code KubeAPIServer} themselves call
 * {@link #waitOutMidnight()} first.
 */
public final class KubeApiTestMidnightGuard implements BeforeAllCallback {

  /** kube-api-test's default startup timeout plus a margin for a slow start. */
  static final Duration UNSAFE_BEFORE_MIDNIGHT = Duration.ofSeconds(90);

  private static final Duration PAST_MIDNIGHT = Duration.ofMillis(500);

  @Override
  public void beforeAll(ExtensionContext context) {
    if (AnnotationSupport.isAnnotated(context.getRequiredTestClass(), EnableKubeAPIServer.class)) {
      waitOutMidnight();
    }
  }

  /** Sleeps until just after midnight when a kube-api-test start now would hit the wrap-around. */
  public static void waitOutMidnight() {
    Duration wait = waitBeforeStartingAt(LocalTime.now());
    if (wait.isZero()) {
      return;
    }
    System.err.printf("kube-api-test: waiting %d ms for midnight to pass (its start-up deadline wraps at 24:00)%n",
        wait.toMillis());
    try {
      Thread.sleep(wait.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static Duration waitBeforeStartingAt(LocalTime now) {
    Duration untilMidnight = Duration.between(now, LocalTime.MAX).plusNanos(1);
    if (untilMidnight.compareTo(UNSAFE_BEFORE_MIDNIGHT) > 0) {
      return Duration.ZERO;
    }
    return untilMidnight.plus(PAST_MIDNIGHT);
  }
}
