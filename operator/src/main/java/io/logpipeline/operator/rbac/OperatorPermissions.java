package io.logpipeline.operator.rbac;

import java.util.ArrayList;
import java.util.List;

/**
 * Every API permission the operator's code uses, declared once. The Helm chart's ClusterRole is checked
 * against this list; a new client call or informer needs an entry here.
 */
public final class OperatorPermissions {

    /** Server-side apply is a patch and needs create the first time; JOSDK updates a changed Secret with a PUT; delete for cleanup. */
    private static final List<String> READ_WRITE = List.of("get", "list", "watch", "create", "patch", "update", "delete");

    /**
     * The operator's own API: watched, status patched, finalizer added and removed (patches). The finalizers
     * subresource is for clusters that check who may set ownerReferences to a LogPipeline (e.g. OpenShift).
     */
    public static final List<Permission> CUSTOM_RESOURCES = List.of(
            new Permission("logpipeline.io", "logpipelines", List.of("get", "list", "watch", "patch")),
            new Permission("logpipeline.io", "logpipelines/status", List.of("patch")),
            new Permission("logpipeline.io", "logpipelines/finalizers", List.of("update")),
            new Permission("logpipeline.io", "logbackends", List.of("get", "list", "watch")),
            new Permission("logpipeline.io", "logbackends/status", List.of("patch")));

    /** The objects rendered per pipeline (server-side apply is a patch; cleanup deletes by label). */
    public static final List<Permission> RENDERED = List.of(
            new Permission("", "serviceaccounts", READ_WRITE),
            new Permission("", "configmaps", READ_WRITE),
            new Permission("", "secrets", READ_WRITE),
            new Permission("apps", "daemonsets", READ_WRITE),
            new Permission("rbac.authorization.k8s.io", "clusterroles", READ_WRITE),
            new Permission("rbac.authorization.k8s.io", "clusterrolebindings", READ_WRITE));

    /** Events on state changes, and the leader-election Lease (fabric8 7.4's LeaseLock reads and creates it, and renews it with a patch). */
    public static final List<Permission> OPERATION = List.of(
            new Permission("", "events", List.of("create")),
            new Permission("coordination.k8s.io", "leases", List.of("get", "create", "update", "patch")));

    private OperatorPermissions() {
    }

    /**
     * Everything above plus what collectors get: Kubernetes only lets a subject grant permissions it holds
     * itself (RBAC escalation prevention), so the operator must hold the collector's rights.
     */
    public static List<Permission> all() {
        List<Permission> all = new ArrayList<>(CUSTOM_RESOURCES);
        all.addAll(RENDERED);
        all.addAll(OPERATION);
        all.addAll(CollectorPermissions.rules(true));
        return List.copyOf(all);
    }
}
