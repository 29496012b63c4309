package io.logpipeline.operator.model;

import io.logpipeline.api.agent.AgentContract;
import java.util.Map;
import java.util.SortedMap;

/**
 * What the operator writes for one LogPipeline, decided once per reconcile: its compiled configuration and
 * its credentials, both in the agent namespace under {@link AgentContract#pipelineObjectName}.
 *
 * @param credentials Secret key → base64 value; empty when no backend references a Secret or ConfigMap
 * @param configHash {@link AgentContract#configHash} of the JSON and the credentials
 */
public record DesiredState(
        String pipeline,
        String namespace,
        String agentNamespace,
        String collectorConfigJson,
        SortedMap<String, String> credentials,
        String configHash) {

    public static final String LABEL_NAME = "app.kubernetes.io/name";
    public static final String LABEL_MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String LABEL_PART_OF = "app.kubernetes.io/part-of";
    public static final String MANAGED_BY = "logpipeline-operator";
    /** The label every object older, per-pipeline versions rendered carries (see the upgrade notes). */
    public static final String LEGACY_LABEL_PIPELINE = "logpipeline.io/pipeline";

    /** Name of the ConfigMap and the Secret. */
    public String objectName() {
        return AgentContract.pipelineObjectName(namespace, pipeline);
    }

    public boolean needsCredentials() {
        return !credentials.isEmpty();
    }

    /** Labels of the pipeline's objects: the agent's watch selects on the role, the operator lists by namespace. */
    public Map<String, String> labels(String role) {
        return new java.util.TreeMap<>(Map.of(
                LABEL_MANAGED_BY, MANAGED_BY,
                LABEL_PART_OF, "logpipeline",
                AgentContract.LABEL_ROLE, role,
                AgentContract.LABEL_PIPELINE_NAMESPACE, namespace));
    }
}
