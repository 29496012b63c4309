package io.logpipeline.operator.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.api.reconciler.Constants;
import io.javaoperatorsdk.operator.processing.GroupVersionKind;
import io.logpipeline.api.v1alpha1.LogPipeline;
import io.logpipeline.operator.Manifests;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The operator's reconcile metrics stay one series per controller however many LogPipelines there are. */
class ReconcileMetricsTest {

    @Test
    void reconcilesAreCountedPerControllerNotPerResource() {
        // given
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Metrics metrics = new OperatorBeans().reconcileMetrics(registry);
        Map<String, Object> controller = Map.of(
                Constants.RESOURCE_GVK_KEY, GroupVersionKind.gvkFor(LogPipeline.class),
                Constants.CONTROLLER_NAME, "logpipeline");

        // when
        for (String name : new String[] {"a", "b", "c"}) {
            metrics.reconciliationSucceeded(Manifests.pipeline("team-" + name, name, "backend"), controller);
        }

        // then
        assertThat(registry.find("operator.sdk.reconciliations.success").counters())
                .singleElement()
                .satisfies(counter -> {
                    assertThat(counter.count()).isEqualTo(3);
                    assertThat(counter.getId().getTags()).extracting(Tag::getKey).doesNotContain("name", "namespace");
                    assertThat(counter.getId().getTags()).contains(Tag.of("kind", "LogPipeline"));
                });
    }
}
