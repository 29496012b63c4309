package io.logpipeline.collector.agent;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.logpipeline.api.agent.AgentContract;
import io.logpipeline.api.agent.AgentReport;
import io.logpipeline.api.agent.AgentReportJson;
import java.util.function.Supplier;

/**
 * Writes the agent's report into the ConfigMap {@link AgentContract#agentReportName} in the agent's
 * namespace, by server-side apply (creates it the first time; needs get, create and patch on configmaps there).
 */
final class ConfigMapReportWriter implements AgentReporter.ReportWriter {

    static final String FIELD_MANAGER = "logpipeline-agent";

    private final Supplier<KubernetesClient> client;
    private final String namespace;
    private final String name;

    ConfigMapReportWriter(Supplier<KubernetesClient> client, String namespace, String nodeName) {
        this.client = client;
        this.namespace = namespace;
        this.name = AgentContract.agentReportName(nodeName);
    }

    @Override
    public void write(AgentReport report) {
        client.get().configMaps().inNamespace(namespace).resource(new ConfigMapBuilder()
                        .withNewMetadata().withName(name).withNamespace(namespace)
                        .addToLabels(AgentContract.LABEL_ROLE, AgentContract.ROLE_AGENT_REPORT).endMetadata()
                        .addToData(AgentContract.AGENT_REPORT_KEY, AgentReportJson.write(report))
                        .build())
                .fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
    }

    @Override
    public String toString() {
        return "ConfigMap " + namespace + "/" + name;
    }
}
