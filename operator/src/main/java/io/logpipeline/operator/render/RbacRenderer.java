package io.logpipeline.operator.render;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.logpipeline.operator.model.DesiredState;
import io.logpipeline.operator.rbac.CollectorPermissions;
import java.util.List;

/** The collector's identity and its read-only access to pod, namespace and node metadata. */
public final class RbacRenderer {

    private RbacRenderer() {
    }

    public static ServiceAccount serviceAccount(DesiredState state) {
        return new ServiceAccountBuilder()
                .withMetadata(namespaced(state, state.collectorName()))
                .withAutomountServiceAccountToken(true)
                .build();
    }

    public static ClusterRole clusterRole(DesiredState state) {
        List<PolicyRule> rules = CollectorPermissions.rules(state.replicaSetAccess()).stream()
                .map(p -> p.toPolicyRule())
                .toList();
        return new ClusterRoleBuilder()
                .withMetadata(clusterScoped(state))
                .withRules(rules)
                .build();
    }

    public static ClusterRoleBinding clusterRoleBinding(DesiredState state) {
        return new ClusterRoleBindingBuilder()
                .withMetadata(clusterScoped(state))
                .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", state.clusterRoleName())
                .addNewSubject()
                    .withKind("ServiceAccount")
                    .withName(state.collectorName())
                    .withNamespace(state.namespace())
                .endSubject()
                .build();
    }

    static ObjectMeta namespaced(DesiredState state, String name) {
        return new ObjectMetaBuilder().withName(name).withNamespace(state.namespace()).withLabels(state.labels()).build();
    }

    private static ObjectMeta clusterScoped(DesiredState state) {
        return new ObjectMetaBuilder().withName(state.clusterRoleName()).withLabels(state.labels()).build();
    }
}
