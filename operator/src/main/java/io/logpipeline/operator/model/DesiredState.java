package io.logpipeline.operator.model;

import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * Everything the operator renders for one LogPipeline, decided once per reconcile. Every dependent
 * renders from this model only, so the objects always agree with each other (names, labels, hash).
 *
 * @param credentials file name in the credentials Secret → base64 value; empty when no backend references a Secret
 * @param replicaSetAccess the collector must read ReplicaSets (it extracts k8s.deployment.name)
 */
public record DesiredState(
        String pipeline,
        String namespace,
        Map<String, String> labels,
        Map<String, String> selectorLabels,
        String collectorConfigJson,
        SortedMap<String, String> credentials,
        String configHash,
        String image,
        ResourceRequirements resources,
        List<Toleration> tolerations,
        Map<String, String> nodeSelector,
        String priorityClassName,
        boolean replicaSetAccess) {

    public static final String LABEL_NAME = "app.kubernetes.io/name";
    public static final String LABEL_INSTANCE = "app.kubernetes.io/instance";
    public static final String LABEL_MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String LABEL_PART_OF = "app.kubernetes.io/part-of";
    public static final String LABEL_PIPELINE = "logpipeline.io/pipeline";
    /** Cluster-scoped objects carry their pipeline's namespace too, so cleanup finds exactly them. */
    public static final String LABEL_PIPELINE_NAMESPACE = "logpipeline.io/pipeline-namespace";
    public static final String MANAGED_BY = "logpipeline-operator";
    /** The label selector of every informer of rendered objects. */
    public static final String MANAGED_SELECTOR = LABEL_MANAGED_BY + "=" + MANAGED_BY;
    public static final String CONFIG_HASH_ANNOTATION = "logpipeline.io/config-hash";

    /** ServiceAccount, ConfigMap and DaemonSet name. */
    public String collectorName() {
        return collectorName(pipeline);
    }

    public String credentialsSecretName() {
        return collectorName() + "-credentials";
    }

    /** ClusterRole and ClusterRoleBinding name: unique across namespaces. */
    public String clusterRoleName() {
        return "logpipeline-" + namespace + "-" + pipeline + "-collector";
    }

    public boolean needsCredentials() {
        return !credentials.isEmpty();
    }

    public String checkpointHostPath() {
        return "/var/lib/logpipeline/" + namespace + "_" + pipeline;
    }

    public static String collectorName(String pipeline) {
        return pipeline + "-collector";
    }
}
