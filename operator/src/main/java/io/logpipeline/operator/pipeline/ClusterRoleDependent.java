package io.logpipeline.operator.pipeline;

import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDNoGCKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.logpipeline.api.v1alpha1.LogPipeline;
import io.logpipeline.operator.model.DesiredState;
import io.logpipeline.operator.render.RbacRenderer;

/** The collector's ClusterRole: cluster-scoped, so not owned; the pipeline's cleanup deletes it by label. */
@KubernetesDependent(informer = @Informer(labelSelector = DesiredState.MANAGED_SELECTOR))
public class ClusterRoleDependent extends CRUDNoGCKubernetesDependentResource<ClusterRole, LogPipeline> {

    @Override
    protected ClusterRole desired(LogPipeline pipeline, Context<LogPipeline> context) {
        return RbacRenderer.clusterRole(RenderContext.desiredState(context));
    }
}
