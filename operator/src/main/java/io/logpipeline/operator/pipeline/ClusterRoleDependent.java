package io.logpipeline.operator.pipeline;

import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Constants;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDNoGCKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.logpipeline.api.v1alpha1.LogPipeline;
import io.logpipeline.operator.model.DesiredState;
import io.logpipeline.operator.render.RbacRenderer;

/** The collector's ClusterRole: cluster-scoped, so not owned; the pipeline's cleanup deletes it by label. */
// Cluster-scoped, so watched cluster-wide even when the operator watches some namespaces: JOSDK 5.3 caches
// its own writes through this informer, and a namespaced informer of a cluster-scoped kind never sees them.
@KubernetesDependent(informer = @Informer(labelSelector = DesiredState.MANAGED_SELECTOR,
        namespaces = Constants.WATCH_ALL_NAMESPACES))
public class ClusterRoleDependent extends CRUDNoGCKubernetesDependentResource<ClusterRole, LogPipeline> {

    @Override
    protected ClusterRole desired(LogPipeline pipeline, Context<LogPipeline> context) {
        return RbacRenderer.clusterRole(RenderContext.desiredState(context));
    }
}
