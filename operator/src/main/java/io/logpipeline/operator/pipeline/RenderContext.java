package io.logpipeline.operator.pipeline;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.logpipeline.api.v1alpha1.LogPipeline;
import io.logpipeline.operator.model.DesiredState;

/** Hands the reconcile's one desired-state model to the dependents, which render from it only. */
final class RenderContext {

    private RenderContext() {
    }

    static void put(Context<LogPipeline> context, DesiredState state) {
        context.managedWorkflowAndDependentResourceContext().put(DesiredState.class, state);
    }

    static DesiredState desiredState(Context<LogPipeline> context) {
        return context.managedWorkflowAndDependentResourceContext().getMandatory(DesiredState.class, DesiredState.class);
    }
}
