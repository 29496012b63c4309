package io.logpipeline.operator.rbac;

import java.util.ArrayList;
import java.util.List;

/** What a collector reads to add Kubernetes metadata: the rules of its rendered ClusterRole. */
public final class CollectorPermissions {

    private CollectorPermissions() {
    }

    /** @param replicaSets whether the pipeline extracts k8s.deployment.name (pod → ReplicaSet → Deployment) */
    public static List<Permission> rules(boolean replicaSets) {
        List<Permission> rules = new ArrayList<>(List.of(
                new Permission("", "pods", Permission.READ),
                new Permission("", "namespaces", Permission.READ),
                new Permission("", "nodes", Permission.READ)));
        if (replicaSets) {
            rules.add(new Permission("apps", "replicasets", Permission.READ));
        }
        return List.copyOf(rules);
    }
}
