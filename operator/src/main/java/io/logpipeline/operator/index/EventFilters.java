package io.logpipeline.operator.index;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Objects;

/**
 * Which updates of a secondary resource reach a reconciler. At 1,000 pipelines (docs/benchmarks.md) status round
 * trips between the two reconcilers (a pipeline's status patch reconciled its backends, whose usedBy patch reconciled
 * their pipelines) were most of the reconciles.
 */
public final class EventFilters {

    private EventFilters() {
    }

    /** An update that changed the object's spec (its generation), not only its status or metadata; symmetric. */
    public static boolean specChanged(HasMetadata one, HasMetadata other) {
        return !Objects.equals(one.getMetadata().getGeneration(), other.getMetadata().getGeneration());
    }
}
