package io.logpipeline.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalTime;
import org.junit.jupiter.api.Test;

class KubeApiTestMidnightGuardTest {

  @Test
  void startsAtOnceDuringTheDay() {
    // given a start well before midnight, or just after it
    // when / then
    assertThat(KubeApiTestMidnightGuard.waitBeforeStartingAt(LocalTime.of(12, 0))).isZero();
    assertThat(KubeApiTestMidnightGuard.waitBeforeStartingAt(LocalTime.of(23, 58, 29))).isZero();
    assertThat(KubeApiTestMidnightGuard.waitBeforeStartingAt(LocalTime.of(0, 0, 0))).isZero();
  }

  @Test
  void waitsUntilJustAfterMidnightInTheUnsafeWindow() {
    // given the minute and a half before midnight, where kube-api-test's deadline would wrap
    // when / then
    assertThat(KubeApiTestMidnightGuard.waitBeforeStartingAt(LocalTime.of(23, 59, 11)))
        .isEqualTo(Duration.ofSeconds(49).plusMillis(500));
    assertThat(KubeApiTestMidnightGuard.waitBeforeStartingAt(LocalTime.of(23, 58, 31)))
        .isEqualTo(Duration.ofSeconds(89).plusMillis(500));
    assertThat(KubeApiTestMidnightGuard.waitBeforeStartingAt(LocalTime.of(23, 59, 59, 500_000_000)))
        .isEqualTo(Duration.ofSeconds(1));
  }
}
