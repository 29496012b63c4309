package io.logpipeline.operator.pipeline;

import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import io.logpipeline.api.v1alpha1.LogPipeline;

/** Reconcile precondition of the credentials Secret: only when a backend references a Secret (else it is deleted). */
public class CredentialsNeeded implements Condition<Secret, LogPipeline> {

    @Override
    public boolean isMet(DependentResource<Secret, LogPipeline> dependent, LogPipeline pipeline, Context<LogPipeline> context) {
        return RenderContext.desiredState(context).needsCredentials();
    }
}
