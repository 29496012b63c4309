package io.logpipeline.collector.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ComponentsTest {

    private final List<String> events = new ArrayList<>();

    /** A part that records its start and stop; {@code failStart} / {@code failStop} make them throw. */
    private Component part(String name, boolean failStart, boolean failStop) {
        return new Component() {
            @Override
            public void start() throws IOException {
                if (failStart) {
                    throw new IOException(name + ": port in use");
                }
                events.add("start " + name);
            }

            @Override
            public void stop(Deadline deadline) {
                events.add("stop " + name);
                if (failStop) {
                    throw new IllegalStateException(name + " could not stop");
                }
            }

            @Override
            public String name() {
                return name;
            }
        };
    }

    private Component part(String name) {
        return part(name, false, false);
    }

    @Test
    void startsInOrderAndStopsInReverseOrder() throws Exception {
        // given
        Components components = new Components("agent", Duration.ofSeconds(1), part("a"), part("b"), part("c"));

        // when
        components.start();
        components.stop(Deadline.after(Duration.ofSeconds(1)));

        // then
        assertThat(events).containsExactly("start a", "start b", "start c", "stop c", "stop b", "stop a");
    }

    @Test
    void aFailingStartStopsWhatStartedInReverseOrderAndThrowsTheFailure() {
        // given: the third part cannot start
        Components components = new Components("agent", Duration.ofSeconds(1), part("a"), part("b"), part("c", true, false), part("d"));

        // when / then
        assertThatThrownBy(components::start).isInstanceOf(IOException.class).hasMessage("c: port in use");
        assertThat(events).containsExactly("start a", "start b", "stop b", "stop a");

        // and a later stop stops nothing again
        components.stop(Deadline.now());
        assertThat(events).hasSize(4);
    }

    @Test
    void aFailingStopDoesNotKeepTheOthersFromStoppingAndIsThrownAfterwards() throws Exception {
        // given
        Components components = new Components("agent", Duration.ofSeconds(1), part("a"), part("b", false, true), part("c"));
        components.start();

        // when / then
        assertThatThrownBy(() -> components.stop(Deadline.now())).hasMessage("b could not stop");
        assertThat(events).containsSubsequence("stop c", "stop b", "stop a");
    }

    @Test
    void aNestedGroupStoppedFirstIsNotStoppedAgainWithItsParent() throws Exception {
        // given: the agent's shape, its pipelines stopped before the rest
        Components pipelines = new Components("pipelines", Duration.ofSeconds(1), part("host"), part("source"));
        Components agent = new Components("agent", Duration.ofSeconds(1), part("telemetry"), pipelines);
        agent.start();

        // when
        pipelines.stop(Deadline.now());
        agent.stop(Deadline.now());

        // then
        assertThat(events).containsExactly("start telemetry", "start host", "start source", "stop source", "stop host", "stop telemetry");
    }
}
