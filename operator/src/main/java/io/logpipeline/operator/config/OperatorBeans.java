package io.logpipeline.operator.config;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.logpipeline.operator.model.CollectorDefaults;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/** The beans the reconcilers are built from: the wall clock, collector defaults, leader election. */
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
                .build());
    }

    @Produces
    @Singleton
    LeaderElectionConfiguration leaderElection(OperatorSettings settings) {
        return new LeaderElectionConfiguration(LEASE_NAME, settings.leaseNamespace().orElse(null));
    }
}
