package io.logpipeline.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionListTest {

    private static final Clock FIRST = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    private static final Clock LATER = Clock.fixed(Instant.parse("2026-01-01T01:00:00Z"), ZoneOffset.UTC);

    @Test
    void lastTransitionTimeMovesOnlyWhenTheStatusChanges() {
        // given
        List<Condition> before = new ConditionList(List.of(), FIRST, 1)
                .set(Conditions.ACCEPTED, Conditions.TRUE, Conditions.Reasons.VALID, "The spec is valid.")
                .set(Conditions.COLLECTOR_READY, Conditions.FALSE, Conditions.Reasons.UPDATING, "1/3 node agents run configuration 9f2c41d0.")
                .list();

        // when
        ConditionList after = new ConditionList(before, LATER, 2)
                .set(Conditions.ACCEPTED, Conditions.TRUE, Conditions.Reasons.VALID, "The spec is valid.")
                .set(Conditions.COLLECTOR_READY, Conditions.FALSE, Conditions.Reasons.CONFIG_REJECTED, "The node agent on worker-1 refused configuration 9f2c41d0.")
                .setReadyFromOthers("ok");

        // then
        assertThat(after.list()).extracting(Condition::getType, Condition::getLastTransitionTime, Condition::getObservedGeneration)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("Accepted", "2026-01-01T00:00:00Z", 2L),
                        org.assertj.core.groups.Tuple.tuple("CollectorReady", "2026-01-01T00:00:00Z", 2L),
                        org.assertj.core.groups.Tuple.tuple("Ready", "2026-01-01T01:00:00Z", 2L));
        assertThat(after.changed()).extracting(Condition::getType).containsExactly("CollectorReady", "Ready");
    }

    @Test
    void readyMirrorsTheFirstConditionThatIsNotTrue() {
        // given
        ConditionList conditions = new ConditionList(List.of(), FIRST, 1)
                .set(Conditions.ACCEPTED, Conditions.TRUE, Conditions.Reasons.VALID, "The spec is valid.")
                .set(Conditions.BACKENDS_RESOLVED, Conditions.FALSE, Conditions.Reasons.BACKEND_NOT_FOUND, "spec.backendRefs[0]: missing")
                .set(Conditions.COLLECTOR_READY, Conditions.UNKNOWN, Conditions.Reasons.PENDING, "waiting");

        // when
        Condition ready = ConditionList.find(conditions.setReadyFromOthers("ok").list(), Conditions.READY).orElseThrow();

        // then
        assertThat(ready).extracting(Condition::getStatus, Condition::getReason, Condition::getMessage)
                .containsExactly("False", "BackendNotFound", "spec.backendRefs[0]: missing");
    }

    @Test
    void messagesFitTheConditionSchemaTheApiServerEnforces() {
        // given a message longer than metav1.Condition allows, and none at all
        String huge = "x".repeat(40_000);

        // when
        List<Condition> list = new ConditionList(List.of(), FIRST, 1)
                .set(Conditions.ACCEPTED, Conditions.FALSE, Conditions.Reasons.INVALID_SPEC, huge)
                .set(Conditions.COLLECTOR_READY, Conditions.UNKNOWN, Conditions.Reasons.PENDING, null)
                .list();

        // then
        assertThat(list.get(0).getMessage()).hasSize(ConditionList.MAX_MESSAGE).endsWith("…");
        assertThat(list.get(1).getMessage()).isEmpty();
    }
}
