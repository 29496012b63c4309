package io.logpipeline.operator.pipeline;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
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
 *
 * <p>Every write goes through the informer that caches its kind ({@link InformerEventSource#eventFilteringUpdateAndCacheResource},
 * JOSDK's read-after-write support): the written object is in that cache at once, and the watch event the write
 * itself causes reconciles nothing (another writer's change still does). Measured at 1,000 pipelines
 * (docs/benchmarks.md): without it every compiled pipeline was reconciled a second time by its own ConfigMap, and
 * the first reconciles after a start, all seeing no DaemonSet in the cache yet, applied it 44 times at once — the API
 * server retries concurrent writes of one object, which held every reconcile for 13 s.
 */
final class AgentObjects {

    static final String FIELD_MANAGER = "logpipeline-operator";
    private static final Logger LOG = Logger.getLogger(AgentObjects.class);

    private final AgentSettings settings;
    private final DaemonSet daemonSet;
    /** One DaemonSet write at a time: the reconciles waiting meanwhile find it in the cache afterwards. */
    private final Object daemonSetWrite = new Object();

    AgentObjects(AgentSettings settings) {
        this.settings = settings;
        this.daemonSet = DaemonSetRenderer.daemonSet(settings);
    }

    String namespace() {
        return settings.namespace();
    }

    /** Writes the pipeline's ConfigMap and Secret (or deletes a Secret it no longer needs); true when anything was written. */
    boolean writePipeline(KubernetesClient client, DesiredState state, InformerEventSource<ConfigMap, ?> configs,
            InformerEventSource<Secret, ?> credentials) {
        boolean written = false;
        ConfigMap config = ConfigRenderer.configMap(state);
        Optional<ConfigMap> cachedConfig = configs.get(ResourceID.fromResource(config));
        if (cachedConfig.isEmpty() || !Objects.equals(cachedConfig.get().getData(), config.getData())
                || !sameMetadata(cachedConfig.get(), config)) {
            applyThrough(configs, client, config);
            written = true;
        }
        ResourceID secretId = new ResourceID(state.objectName(), namespace());
        Optional<Secret> cachedSecret = credentials.get(secretId);
        if (state.needsCredentials()) {
            Secret secret = ConfigRenderer.credentialsSecret(state);
            if (cachedSecret.isEmpty() || !Objects.equals(cachedSecret.get().getData(), secret.getData())
                    || !sameMetadata(cachedSecret.get(), secret)) {
                applyThrough(credentials, client, secret);
                written = true;
            }
        } else if (cachedSecret.isPresent()) {
            client.resource(cachedSecret.get()).delete();
            written = true;
        }
        return written;
    }

    /** Creates or updates the shared DaemonSet when the cached one is missing or was rendered from other settings. */
    void ensureDaemonSet(KubernetesClient client, InformerEventSource<DaemonSet, ?> daemonSets) {
        ResourceID id = new ResourceID(AgentContract.DAEMONSET_NAME, namespace());
        String want = specHash(Optional.of(daemonSet));
        if (want.equals(specHash(daemonSets.get(id)))) {
            return;
        }
        synchronized (daemonSetWrite) {
            // a reconcile that held the lock meanwhile may have written it: then the cache holds what it wrote
            if (!want.equals(specHash(daemonSets.get(id)))) {
                applyThrough(daemonSets, client, daemonSet);
                LOG.infof("event=agent-daemonset-applied namespace=%s name=%s specHash=%s", namespace(), AgentContract.DAEMONSET_NAME, want);
            }
        }
    }

    private static String specHash(Optional<DaemonSet> daemonSet) {
        return daemonSet.map(ds -> ds.getMetadata().getAnnotations()).map(a -> a.get(DaemonSetRenderer.ANNOTATION_SPEC_HASH)).orElse(null);
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

    /** Server-side apply, the result cached in {@code source} and its own watch event filtered (see the class comment). */
    private static <R extends HasMetadata> void applyThrough(InformerEventSource<R, ?> source, KubernetesClient client, R object) {
        source.eventFilteringUpdateAndCacheResource(object,
                desired -> client.resource(desired).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply());
    }
}
