package io.logpipeline.operator.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.util.List;
import java.util.Optional;

/**
 * The operator's configuration, from the environment variables the Helm chart sets (LOGPIPELINE_AGENT_NAMESPACE,
 * LOGPIPELINE_COLLECTOR_*, LOGPIPELINE_CLUSTER_PIPELINE_NAMESPACES, LOGPIPELINE_WATCH_NAMESPACES).
 */
@ConfigMapping(prefix = "logpipeline")
public interface OperatorSettings {

    /**
     * LOGPIPELINE_AGENT_NAMESPACE: where the node agent runs and the operator writes the DaemonSet and every
     * pipeline's ConfigMap and Secret (the chart's release namespace).
     */
    @WithName("agent-namespace")
    String agentNamespace();

    /**
     * LOGPIPELINE_CLUSTER_PIPELINE_NAMESPACES: comma-separated namespaces whose LogPipelines may read every
     * namespace; the agent namespace always is one. Elsewhere a pipeline reads its own namespace only.
     */
    @WithName("cluster-pipeline-namespaces")
    Optional<List<String>> clusterPipelineNamespaces();

    /** LOGPIPELINE_COLLECTOR_IMAGE: the node agent's image. */
    @WithName("collector-image")
    String collectorImage();

    /** LOGPIPELINE_COLLECTOR_IMAGE_PULL_POLICY: Always, IfNotPresent or Never; unset leaves Kubernetes' default. */
    @WithName("collector-image-pull-policy")
    Optional<String> collectorImagePullPolicy();

    /** LOGPIPELINE_COLLECTOR_IMAGE_PULL_SECRETS: comma-separated Secret names in the agent namespace. */
    @WithName("collector-image-pull-secrets")
    Optional<List<String>> collectorImagePullSecrets();

    /** LOGPIPELINE_COLLECTOR_SERVICE_ACCOUNT: the agent's ServiceAccount, which the chart creates and binds. */
    @WithName("collector-service-account")
    @WithDefault("logpipeline-collector")
    String collectorServiceAccount();

    /** LOGPIPELINE_COLLECTOR_TOLERATIONS: a JSON list of Kubernetes tolerations for the agent pods. */
    @WithName("collector-tolerations")
    @WithDefault("[]")
    String collectorTolerations();

    /** LOGPIPELINE_COLLECTOR_NODE_SELECTOR: a JSON object of node labels the agent pods must match. */
    @WithName("collector-node-selector")
    @WithDefault("{}")
    String collectorNodeSelector();

    /** LOGPIPELINE_COLLECTOR_PRIORITY_CLASS_NAME: the agent pods' PriorityClass; unset means the cluster default. */
    @WithName("collector-priority-class-name")
    Optional<String> collectorPriorityClassName();

    /** LOGPIPELINE_COLLECTOR_LOG_LEVEL: the agent's own log level (trace, debug, info, warn, error). */
    @WithName("collector-log-level")
    @WithDefault("info")
    String collectorLogLevel();

    /** LOGPIPELINE_COLLECTOR_DEBUG_TAIL: serve the agent's /debug/tail live stream of processed records. */
    @WithName("collector-debug-tail")
    @WithDefault("false")
    boolean collectorDebugTail();

    /** LOGPIPELINE_WATCH_NAMESPACES: comma-separated namespaces to watch; empty watches all. */
    @WithName("watch-namespaces")
    Optional<List<String>> watchNamespaces();

    /**
     * LOGPIPELINE_LEADER_ELECTION: true or false; unset means on inside a pod (Kubernetes sets KUBERNETES_SERVICE_HOST
     * there) and off outside a cluster, where a developer runs one operator against a kubeconfig. The chart sets true.
     */
    @WithName("leader-election")
    Optional<Boolean> leaderElection();

    /**
     * LOGPIPELINE_LEASE_NAMESPACE: namespace of the leader-election Lease; unset means the operator pod's own
     * namespace (from its ServiceAccount), which is what the chart wants.
     */
    @WithName("lease-namespace")
    Optional<String> leaseNamespace();

    /** LOGPIPELINE_COLLECTOR_CPU_REQUEST; empty leaves it unset. */
    @WithName("collector-cpu-request")
    @WithDefault("100m")
    Optional<String> collectorCpuRequest();

    /** LOGPIPELINE_COLLECTOR_MEMORY_REQUEST; empty leaves it unset. */
    @WithName("collector-memory-request")
    @WithDefault("128Mi")
    Optional<String> collectorMemoryRequest();

    /** LOGPIPELINE_COLLECTOR_CPU_LIMIT; empty leaves it unset. */
    @WithName("collector-cpu-limit")
    @WithDefault("500m")
    Optional<String> collectorCpuLimit();

    /** LOGPIPELINE_COLLECTOR_MEMORY_LIMIT; empty leaves it unset. */
    @WithName("collector-memory-limit")
    @WithDefault("512Mi")
    Optional<String> collectorMemoryLimit();
}
