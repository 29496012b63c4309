package io.logpipeline.operator.model;

import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;
import java.util.Map;

/**
 * The node agent's own settings (chart values, not per pipeline: one agent serves every pipeline), from which
 * the shared DaemonSet is rendered. A pipeline edit never changes them, so it never restarts an agent.
 *
 * @param namespace the agent (release) namespace
 * @param imagePullPolicy Always, IfNotPresent or Never; null leaves Kubernetes' default
 * @param imagePullSecrets names of docker-registry Secrets in the agent namespace
 * @param priorityClassName null for the cluster default
 * @param logLevel the agent's {@code --log-level}
 * @param debugTail whether the agent serves {@code /debug/tail}
 */
public record AgentSettings(
        String namespace,
        String image,
        String imagePullPolicy,
        List<String> imagePullSecrets,
        ResourceRequirements resources,
        List<Toleration> tolerations,
        Map<String, String> nodeSelector,
        String priorityClassName,
        String serviceAccountName,
        String logLevel,
        boolean debugTail) {

    public AgentSettings {
        imagePullSecrets = List.copyOf(imagePullSecrets);
        tolerations = List.copyOf(tolerations);
        nodeSelector = Map.copyOf(nodeSelector);
    }

    /** The chart's defaults for everything but namespace, image and resources (what tests and the benchmark use). */
    public static AgentSettings of(String namespace, String image, ResourceRequirements resources) {
        return new AgentSettings(namespace, image, null, List.of(), resources, List.of(), Map.of(), null,
                "logpipeline-collector", "info", false);
    }
}
