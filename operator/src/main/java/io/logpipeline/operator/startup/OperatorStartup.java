package io.logpipeline.operator.startup;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.logpipeline.operator.config.OperatorBeans;
import io.logpipeline.operator.config.OperatorSettings;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/** Starts the operator after checking its CRDs exist (QOSDK's own start is switched off for this). */
@Singleton
public class OperatorStartup {

    private static final Logger LOG = Logger.getLogger(OperatorStartup.class);

    /** The project version the build stamps into the application (what the image tag says). */
    @Inject
    @ConfigProperty(name = "quarkus.application.version")
    String version;

    void onStart(@Observes StartupEvent event, Operator operator, KubernetesClient client, OperatorSettings settings) {
        LOG.infof("event=operator-starting version=%s apiServer=%s", version, client.getMasterUrl());
        try {
            CrdCheck.requireInstalled(client);
        } catch (IllegalStateException e) {
            LOG.error("event=startup-failed reason=CrdsNotInstalled message=\"" + e.getMessage() + "\"");
            Quarkus.asyncExit(1);
            return;
        }
        Optional<LeaderElectionConfiguration> election = operator.getConfigurationService().getLeaderElectionConfiguration();
        String leaseNamespace = election.flatMap(LeaderElectionConfiguration::getLeaseNamespace).orElse(client.getNamespace());
        if (election.isPresent() && leaseNamespace == null) {
            // JOSDK would stop with "Lease namespace is not set and cannot be inferred" and a stack trace
            LOG.error("event=startup-failed reason=LeaseNamespaceUnknown message=\"Leader election is on but no namespace for its Lease"
                    + " is known: set LOGPIPELINE_LEASE_NAMESPACE, or LOGPIPELINE_LEADER_ELECTION=false to run a single operator\"");
            Quarkus.asyncExit(1);
            return;
        }
        operator.start();
        LOG.infof("event=operator-started namespaces=%s collectorImage=%s leaderElection=%s",
                settings.watchNamespaces().map(n -> String.join(",", n)).orElse("all"), settings.collectorImage(),
                election.isPresent() ? "lease:" + leaseNamespace + "/" + OperatorBeans.LEASE_NAME : "off");
    }
}
