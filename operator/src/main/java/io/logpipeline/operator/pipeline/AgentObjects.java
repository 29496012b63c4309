package io.logpipeline.operator.pipeline;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.logpipeline.api.agent.AgentContract;
import io.logpipeline.operator.model.AgentSettings;
import io.logpipeline.operator.model.DesiredState;
import io.logpipeline.operator.render.ConfigRenderer;
import io.logpipeline.operator.render.DaemonSetRenderer;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Writes what the node agents read, all in the agent namespace: a pipeline's ConfigMap and credentials Secret, and
 * the one shared DaemonSet. Each is written (server-side apply) only when the operator's cache shows it differs, so
 * a reconcile that changes nothing costs no API call; each pipeline touches its own objects only.
 */
final class AgentObjects {

    static final String FIELD_MANAGER = "logpipeline-operator";
    private static final Logger LOG = Logger.getLogger(AgentObjects.class);

    private final AgentSettings settings;
    private final DaemonSet daemonSet;

    AgentObjects(AgentSettings settings) {
        this.settings = settings;
        this.daemonSet = DaemonSetRenderer.daemonSet(settings);
    }

    String namespace() {
        return settings.namespace();
    }

    /** Writes the pipeline's ConfigMap and Secret (or deletes a Secret it no longer needs); true when anything was written. */
    boolean writePipeline(KubernetesClient client, DesiredState state, Optional<ConfigMap> cachedConfig, Optional<Secret> cachedSecret) {
        boolean written = false;
        ConfigMap config = ConfigRenderer.configMap(state);
        if (cachedConfig.isEmpty() || !Objects.equals(cachedConfig.get().getData(), config.getData())
                || !sameMetadata(cachedConfig.get(), config)) {
            apply(client, config);
            written = true;
        }
        if (state.needsCredentials()) {
            Secret secret = ConfigRenderer.credentialsSecret(state);
            if (cachedSecret.isEmpty() || !Objects.equals(cachedSecret.get().getData(), secret.getData())
                    || !sameMetadata(cachedSecret.get(), secret)) {
                apply(client, secret);
                written = true;
            }
        } else if (cachedSecret.isPresent()) {
            client.resource(cachedSecret.get()).delete();
            written = true;
        }
        return written;
    }

    /** Creates or updates the shared DaemonSet when the cached one is missing or was rendered from other settings. */
    void ensureDaemonSet(KubernetesClient client, Optional<DaemonSet> cached) {
        String want = daemonSet.getMetadata().getAnnotations().get(DaemonSetRenderer.ANNOTATION_SPEC_HASH);
        String have = cached.map(ds -> ds.getMetadata().getAnnotations()).map(a -> a.get(DaemonSetRenderer.ANNOTATION_SPEC_HASH)).orElse(null);
        if (!want.equals(have)) {
            apply(client, daemonSet);
            LOG.infof("event=agent-daemonset-applied namespace=%s name=%s specHash=%s", namespace(), AgentContract.DAEMONSET_NAME, want);
        }
    }

    /** Deletes the pipeline's ConfigMap and Secret; the agents stop that pipeline and drop its checkpoints. */
    void deletePipeline(KubernetesClient client, String pipelineNamespace, String pipeline) {
        String name = AgentContract.pipelineObjectName(pipelineNamespace, pipeline);
        client.configMaps().inNamespace(namespace()).withName(name).delete();
        client.secrets().inNamespace(namespace()).withName(name).delete();
    }

    void deleteDaemonSet(KubernetesClient client) {
        client.apps().daemonSets().inNamespace(namespace()).withName(AgentContract.DAEMONSET_NAME).delete();
        LOG.infof("event=agent-daemonset-deleted namespace=%s reason=no-logpipeline-left", namespace());
    }

    private static boolean sameMetadata(HasMetadata cached, HasMetadata desired) {
        return contains(cached.getMetadata().getLabels(), desired.getMetadata().getLabels())
                && contains(cached.getMetadata().getAnnotations(), desired.getMetadata().getAnnotations());
    }

    private static boolean contains(Map<String, String> actual, Map<String, String> wanted) {
        return wanted == null || actual != null && actual.entrySet().containsAll(wanted.entrySet());
    }

    private static void apply(KubernetesClient client, HasMetadata object) {
        client.resource(object).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
    }
}
