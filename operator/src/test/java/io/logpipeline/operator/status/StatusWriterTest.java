package io.logpipeline.operator.status;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.logpipeline.api.v1alpha1.LogPipeline;
import io.logpipeline.api.v1alpha1.LogPipelineStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StatusWriterTest {

    private final StatusWriter writer = new StatusWriter(Clock.fixed(Instant.parse("2026-12-06T06:00:00Z"), ZoneOffset.UTC));

    @Test
    void aPatchedStatusIsLookedAtAgainSoonSinceJosdkDropsSpecChangesMadeDuringThePatch() {
        // given a pipeline whose Accepted condition changes
        LogPipeline pipeline = pipeline();
        LogPipelineStatus before = new LogPipelineStatus();
        LogPipelineStatus after = new LogPipelineStatus();
        ConditionList conditions = writer.conditions(before, 2);
        conditions.setAccepted(List.of());
        after.setConditions(conditions.list());

        // when
        UpdateControl<LogPipeline> control = writer.patch(pipeline, before, after);

        // then the status is patched, and the pipeline reconciled once more a few seconds later
        assertThat(control.isPatchStatus()).isTrue();
        assertThat(control.getScheduleDelay()).contains(StatusWriter.RECHECK_AFTER_STATUS_PATCH.toMillis());
    }

    @Test
    void anUnchangedStatusIsNotWrittenAndAsksForNoFurtherLook() {
        // given
        LogPipelineStatus before = new LogPipelineStatus();
        ConditionList conditions = writer.conditions(before, 2);
        conditions.setAccepted(List.of());
        before.setConditions(conditions.list());

        // when
        UpdateControl<LogPipeline> control = writer.patch(pipeline(), before, before);

        // then
        assertThat(control.isNoUpdate()).isTrue();
        assertThat(control.getScheduleDelay()).isEmpty();
    }

    @Test
    void anotherLookKeepsTheSoonerOfTwoDelays() {
        // given a patch, which asks for a look again after 5 s
        LogPipelineStatus after = new LogPipelineStatus();
        ConditionList conditions = writer.conditions(new LogPipelineStatus(), 2);
        conditions.setAccepted(List.of());
        after.setConditions(conditions.list());
        UpdateControl<LogPipeline> control = writer.patch(pipeline(), new LogPipelineStatus(), after);

        // when the health check asks for one in 30 s, then in 2 s
        StatusWriter.lookAgainWithin(control, Duration.ofSeconds(30));
        long afterLater = control.getScheduleDelay().orElseThrow();
        StatusWriter.lookAgainWithin(control, Duration.ofSeconds(2));

        // then
        assertThat(afterLater).isEqualTo(StatusWriter.RECHECK_AFTER_STATUS_PATCH.toMillis());
        assertThat(control.getScheduleDelay()).contains(2_000L);
    }

    private static LogPipeline pipeline() {
        LogPipeline pipeline = new LogPipeline();
        pipeline.setMetadata(new ObjectMetaBuilder().withName("default").withNamespace("shop").withGeneration(2L).build());
        return pipeline;
    }
}
