package io.logpipeline.operator.pipeline;

import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.logpipeline.api.v1alpha1.LogPipeline;
import io.logpipeline.operator.model.DesiredState;
import io.logpipeline.operator.render.ConfigRenderer;

/** The credentials Secret, owned by its pipeline; deleted when no backend references a Secret any more. */
@KubernetesDependent(informer = @Informer(labelSelector = DesiredState.MANAGED_SELECTOR))
public class CredentialsSecretDependent extends CRUDKubernetesDependentResource<Secret, LogPipeline> {

    @Override
    protected Secret desired(LogPipeline pipeline, Context<LogPipeline> context) {
        return ConfigRenderer.credentialsSecret(RenderContext.desiredState(context));
    }
}
