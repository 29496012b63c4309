package io.logpipeline.operator.config;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.logpipeline.operator.model.CollectorDefaults;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import org.eclipse.microprofile.config.inject.ConfigProperty;

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

    /**
     * Null (no leader election) when QUARKUS_OPERATOR_SDK_LEADER_ELECTION_ENABLED is false, as the chart sets it
     * for a single replica: QOSDK would otherwise elect a leader in the prod profile and fail at start on the
     * Lease permissions the chart only grants when replicaCount > 1. Dependent scope, so the producer may return null.
     */
    @Produces
    @Dependent
    LeaderElectionConfiguration leaderElection(OperatorSettings settings,
            @ConfigProperty(name = "quarkus.operator-sdk.leader-election.enabled", defaultValue = "true") boolean enabled) {
        return enabled ? new LeaderElectionConfiguration(LEASE_NAME, settings.leaseNamespace().orElse(null)) : null;
    }
}
