package io.logpipeline.e2e.kubelet;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ContainerRuntimeTest {

  @Test
  void timestampsAreGoRfc3339NanoWithoutTrailingZeros() {
    // given
    Instant fraction = Instant.parse("2026-11-24T21:00:00.120000000Z");
    Instant nanos = Instant.parse("2026-11-24T21:00:00.000000001Z");
    Instant whole = Instant.parse("2026-11-24T21:00:00Z");

    // when / then
    assertThat(ContainerRuntime.timestamp(fraction)).isEqualTo("2026-11-24T21:00:00.12Z");
    assertThat(ContainerRuntime.timestamp(nanos)).isEqualTo("2026-11-24T21:00:00.000000001Z");
    assertThat(ContainerRuntime.timestamp(whole)).isEqualTo("2026-11-24T21:00:00Z");
  }
}
