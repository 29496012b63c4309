package io.logpipeline.operator.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.util.List;
import java.util.Optional;

/**
 * The operator's configuration, from the environment variables the Helm chart sets
 * (LOGPIPELINE_COLLECTOR_IMAGE, LOGPIPELINE_WATCH_NAMESPACES, LOGPIPELINE_COLLECTOR_DEFAULT_*).
 */
@ConfigMapping(prefix = "logpipeline")
public interface OperatorSettings {

    /** LOGPIPELINE_COLLECTOR_IMAGE: the collector image of pipelines that set no spec.collector.image. */
    @WithName("collector-image")
    String collectorImage();

    /** LOGPIPELINE_COLLECTOR_IMAGE_PULL_POLICY: Always, IfNotPresent or Never; unset leaves Kubernetes' default. */
    @WithName("collector-image-pull-policy")
    Optional<String> collectorImagePullPolicy();

    /** LOGPIPELINE_COLLECTOR_IMAGE_PULL_SECRETS: comma-separated Secret names, looked up in each pipeline's namespace. */
    @WithName("collector-image-pull-secrets")
    Optional<List<String>> collectorImagePullSecrets();

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

    /** LOGPIPELINE_COLLECTOR_DEFAULT_CPU_REQUEST. */
    @WithName("collector-default-cpu-request")
    @WithDefault("100m")
    String collectorDefaultCpuRequest();

    /** LOGPIPELINE_COLLECTOR_DEFAULT_MEMORY_REQUEST. */
    @WithName("collector-default-memory-request")
    @WithDefault("128Mi")
    String collectorDefaultMemoryRequest();

    /** LOGPIPELINE_COLLECTOR_DEFAULT_CPU_LIMIT. */
    @WithName("collector-default-cpu-limit")
    @WithDefault("500m")
    String collectorDefaultCpuLimit();

    /** LOGPIPELINE_COLLECTOR_DEFAULT_MEMORY_LIMIT. */
    @WithName("collector-default-memory-limit")
    @WithDefault("512Mi")
    String collectorDefaultMemoryLimit();
}
