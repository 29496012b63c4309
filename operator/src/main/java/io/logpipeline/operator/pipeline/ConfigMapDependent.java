package io.logpipeline.operator.pipeline;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.logpipeline.api.v1alpha1.LogPipeline;
import io.logpipeline.operator.model.DesiredState;
import io.logpipeline.operator.render.ConfigRenderer;

/** The collector's ConfigMap (collector.json), owned by its pipeline. */
@KubernetesDependent(informer = @Informer(labelSelector = DesiredState.MANAGED_SELECTOR))
public class ConfigMapDependent extends CRUDKubernetesDependentResource<ConfigMap, LogPipeline> {

    @Override
    protected ConfigMap desired(LogPipeline pipeline, Context<LogPipeline> context) {
        return ConfigRenderer.configMap(RenderContext.desiredState(context));
    }
}
