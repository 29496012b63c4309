package io.logpipeline.operator.config;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.Dependent;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.logpipeline.operator.model.AgentSettings;
import io.logpipeline.operator.tenancy.Tenancy;
import java.util.Map;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;

/** The beans the reconcilers are built from: the wall clock, the agent settings, tenancy, leader election, metrics. */
public class OperatorBeans {

    /** The Lease two replicas compete for; only the holder reconciles. */
    public static final String LEASE_NAME = "logpipeline-operator-lease";

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @Singleton
    AgentSettings agentSettings(OperatorSettings settings) {
        ResourceRequirementsBuilder resources = new ResourceRequirementsBuilder();
        settings.collectorCpuRequest().filter(v -> !v.isBlank()).ifPresent(v -> resources.addToRequests("cpu", new Quantity(v)));
        settings.collectorMemoryRequest().filter(v -> !v.isBlank()).ifPresent(v -> resources.addToRequests("memory", new Quantity(v)));
        settings.collectorCpuLimit().filter(v -> !v.isBlank()).ifPresent(v -> resources.addToLimits("cpu", new Quantity(v)));
        settings.collectorMemoryLimit().filter(v -> !v.isBlank()).ifPresent(v -> resources.addToLimits("memory", new Quantity(v)));
        KubernetesSerialization json = new KubernetesSerialization();
        return new AgentSettings(settings.agentNamespace(), settings.collectorImage(), settings.collectorImagePullPolicy().orElse(null),
                settings.collectorImagePullSecrets().orElse(List.of()), resources.build(),
                List.of(json.unmarshal(settings.collectorTolerations(), Toleration[].class)),
                nodeSelector(json.unmarshal(settings.collectorNodeSelector(), Map.class)),
                settings.collectorPriorityClassName().filter(v -> !v.isBlank()).orElse(null),
                settings.collectorServiceAccount(), settings.collectorLogLevel(), settings.collectorDebugTail());
    }

    /** LOGPIPELINE_COLLECTOR_NODE_SELECTOR's labels; a value that is not a string is a chart bug the schema prevents. */
    private static Map<String, String> nodeSelector(Map<?, ?> json) {
        Map<String, String> labels = new java.util.TreeMap<>();
        json.forEach((key, value) -> labels.put(String.valueOf(key), String.valueOf(value)));
        return labels;
    }

    @Produces
    @Singleton
    Tenancy tenancy(OperatorSettings settings) {
        return Tenancy.of(settings.agentNamespace(), settings.clusterPipelineNamespaces().orElse(List.of()));
    }

    /**
     * Leader election as LOGPIPELINE_LEADER_ELECTION asks, by default on in a pod only: outside a cluster a kubeconfig
     * rarely names a namespace for the Lease, and a developer's single operator needs none. Null turns it off
     * (QOSDK reads this bean only in the prod profile); a null product needs the dependent scope.
     */
    @Produces
    @Dependent
    LeaderElectionConfiguration leaderElection(OperatorSettings settings) {
        boolean inPod = System.getenv("KUBERNETES_SERVICE_HOST") != null;
        if (!settings.leaderElection().orElse(inPod)) {
            return null;
        }
        return new LeaderElectionConfiguration(LEASE_NAME, settings.leaseNamespace().orElse(null));
    }

    /**
     * JOSDK's reconcile metrics per controller, not per resource (QOSDK's default tags every meter with the
     * resource's name and namespace): with those, scraping 200 pipelines was the operator's
     * largest CPU cost in the scale benchmark (docs/benchmarks.md), and the cardinality hurts Prometheus too.
     */
    @Produces
    @Singleton
    Metrics reconcileMetrics(MeterRegistry registry) {
        return MicrometerMetrics.withoutPerResourceMetrics(registry);
    }
}
