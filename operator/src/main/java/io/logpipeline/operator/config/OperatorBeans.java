package io.logpipeline.operator.config;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.logpipeline.operator.model.CollectorDefaults;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;

/** The beans the reconcilers are built from: the wall clock, collector defaults, leader election, metrics. */
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
    CollectorDefaults collectorDefaults(OperatorSettings settings) {
        return new CollectorDefaults(settings.collectorImage(), new ResourceRequirementsBuilder()
                .addToRequests("cpu", new Quantity(settings.collectorDefaultCpuRequest()))
                .addToRequests("memory", new Quantity(settings.collectorDefaultMemoryRequest()))
                .addToLimits("cpu", new Quantity(settings.collectorDefaultCpuLimit()))
                .addToLimits("memory", new Quantity(settings.collectorDefaultMemoryLimit()))
                .build(),
                settings.collectorImagePullPolicy().orElse(null),
                settings.collectorImagePullSecrets().orElse(List.of()));
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
