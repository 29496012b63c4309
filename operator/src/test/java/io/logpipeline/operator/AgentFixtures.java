package io.logpipeline.operator;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.logpipeline.api.agent.AgentContract;
import io.logpipeline.api.agent.AgentReport;
import io.logpipeline.api.agent.AgentReportJson;
import java.util.Map;

/**
 * What the parts a kube-api-test cluster lacks would write: a node agent's report ConfigMap (as the collector writes
 * it, AgentContract) and the agent DaemonSet's status (as the DaemonSet controller writes it).
 */
public final class AgentFixtures {

    private AgentFixtures() {
    }

    /** Creates or replaces the report of the agent on {@code report.node()}. */
    public static void writeReport(KubernetesClient client, AgentReport report) {
        ConfigMap configMap = new ConfigMapBuilder()
                .withNewMetadata()
                    .withName(AgentContract.agentReportName(report.node()))
                    .withNamespace(RunningOperator.AGENT_NAMESPACE)
                    .withLabels(Map.of(AgentContract.LABEL_ROLE, AgentContract.ROLE_AGENT_REPORT))
                .endMetadata()
                .withData(Map.of(AgentContract.AGENT_REPORT_KEY, AgentReportJson.write(report)))
                .build();
        client.resource(configMap).createOr(existing -> existing.update());
    }

    public static void deleteReport(KubernetesClient client, String node) {
        client.configMaps().inNamespace(RunningOperator.AGENT_NAMESPACE).withName(AgentContract.agentReportName(node)).delete();
    }

    public static DaemonSet daemonSet(KubernetesClient client) {
        return client.apps().daemonSets().inNamespace(RunningOperator.AGENT_NAMESPACE).withName(AgentContract.DAEMONSET_NAME).get();
    }

    /** The DaemonSet controller's status: {@code desired} nodes should run an agent, all of them do. */
    public static void daemonSetStatus(KubernetesClient client, int desired) {
        DaemonSet ds = daemonSet(client);
        ds.setStatus(new DaemonSetStatusBuilder()
                .withObservedGeneration(ds.getMetadata().getGeneration())
                .withDesiredNumberScheduled(desired)
                .withCurrentNumberScheduled(desired)
                .withNumberMisscheduled(0)
                .withNumberReady(desired)
                .withNumberAvailable(desired)
                .withUpdatedNumberScheduled(desired)
                .build());
        client.apps().daemonSets().inNamespace(RunningOperator.AGENT_NAMESPACE).resource(ds).updateStatus();
    }
}
