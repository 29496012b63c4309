package io.logpipeline.operator.rbac;

import java.util.ArrayList;
import java.util.List;

/**
 * Every API permission the operator's code uses, declared once: cluster-wide ({@link #cluster()}, the chart's
 * ClusterRole) and in the agent namespace only ({@link #AGENT_NAMESPACE}, the chart's Role). The chart is checked
 * against these lists; a new client call or informer needs an entry here. No RBAC verb anywhere: the node agent's
 * ServiceAccount and roles ship in the chart, so the operator never grants anything.
 */
public final class OperatorPermissions {

    /**
     * The operator's own API: watched, status patched, finalizer added and removed (patches).
     */
    public static final List<Permission> CUSTOM_RESOURCES = List.of(
            new Permission("logpipeline.io", "logpipelines", List.of("get", "list", "watch", "patch")),
            new Permission("logpipeline.io", "logpipelines/status", List.of("patch")),
            new Permission("logpipeline.io", "logbackends", List.of("get", "list", "watch")),
            new Permission("logpipeline.io", "logbackends/status", List.of("patch")));

    /**
     * What LogBackends reference, read in the pipelines' namespaces: Secrets (watched, so a rotated token re-renders
     * at once) and the ConfigMap a TLS CA may come from (read once per reconcile); Events on state changes.
     */
    public static final List<Permission> REFERENCES = List.of(
            new Permission("", "secrets", Permission.READ),
            new Permission("", "configmaps", List.of("get")),
            new Permission("", "events", List.of("create")));

    /**
     * What the operator writes, in the agent namespace only: the pipelines' ConfigMaps and Secrets and the agent
     * DaemonSet (server-side apply is a patch, and needs create the first time; the finalizer and the last pipeline
     * delete), plus the agents' report ConfigMaps it reads with the same rule.
     */
    public static final List<Permission> AGENT_NAMESPACE = List.of(
            new Permission("", "configmaps", List.of("get", "list", "watch", "create", "patch", "delete")),
            new Permission("", "secrets", List.of("get", "list", "watch", "create", "patch", "delete")),
            new Permission("apps", "daemonsets", List.of("get", "list", "watch", "create", "patch", "delete")));

    /** The leader-election Lease (fabric8's LeaseLock reads and creates it, and renews it with a patch), release namespace. */
    public static final List<Permission> LEADER_ELECTION = List.of(
            new Permission("coordination.k8s.io", "leases", List.of("get", "create", "update", "patch")));

    private OperatorPermissions() {
    }

    /** The ClusterRole's rules. */
    public static List<Permission> cluster() {
        List<Permission> all = new ArrayList<>(CUSTOM_RESOURCES);
        all.addAll(REFERENCES);
        return List.copyOf(all);
    }
}
