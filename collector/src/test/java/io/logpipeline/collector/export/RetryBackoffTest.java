package io.logpipeline.collector.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipeline.api.v1alpha1.RetrySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetryBackoffTest {

    private static RetrySpec spec(String initial, String max, String maxElapsed) {
        RetrySpec spec = new RetrySpec();
        spec.setInitialInterval(initial);
        spec.setMaxInterval(max);
        spec.setMaxElapsedTime(maxElapsed);
        return spec;
    }

    @Test
    void waitsGrowWithJitterBetweenInitialAndMaxInterval() {
        // given
        RetryBackoff.Attempts attempts = new RetryBackoff(spec("100ms", "1s", "0s")).start();

        // when
        List<Duration> waits = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            waits.add(attempts.next(null));
        }

        // then
        assertThat(waits).allMatch(w -> w.compareTo(Duration.ofMillis(100)) >= 0 && w.compareTo(Duration.ofSeconds(1)) <= 0);
        assertThat(waits.subList(20, 30)).allMatch(w -> w.compareTo(Duration.ofMillis(500)) >= 0);
        assertThat(waits.stream().distinct().count()).isGreaterThan(5);
    }

    @Test
    void retryAfterIsUsedAsGiven() {
        // given
        RetryBackoff.Attempts attempts = new RetryBackoff(spec("100ms", "1s", "0s")).start();

        // when / then
        assertThat(attempts.next(Duration.ofSeconds(7))).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void givesUpWhenTheNextWaitWouldEndAfterMaxElapsedTime() {
        // given
        RetryBackoff.Attempts attempts = new RetryBackoff(spec("100ms", "1s", "500ms")).start();

        // when / then
        assertThat(attempts.next(Duration.ofMillis(200))).isEqualTo(Duration.ofMillis(200));
        assertThat(attempts.next(Duration.ofSeconds(2))).isNull();
    }

    @Test
    void zeroMaxElapsedTimeNeverGivesUp() {
        // given
        RetryBackoff.Attempts attempts = new RetryBackoff(spec("100ms", "1s", "0s")).start();

        // when / then
        assertThat(attempts.next(Duration.ofDays(1))).isEqualTo(Duration.ofDays(1));
    }
}
