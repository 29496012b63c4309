package io.logpipeline.collector.agent;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.logpipeline.api.v1alpha1.KubernetesMetadataSpec;
import io.logpipeline.collector.lifecycle.Component;
import io.logpipeline.collector.lifecycle.Deadline;
import io.logpipeline.collector.metadata.KubernetesMetadataCache;
import io.logpipeline.collector.metadata.PodMetadataExtractor;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The Kubernetes metadata caches of the agent, shared between pipelines: pipelines whose
 * {@code kubernetes} sections are equal share one cache and its informers; the last pipeline to let go of
 * a cache stops it, and {@link #stop} stops those still held. Nothing to {@link #start()}: a cache starts when the
 * first pipeline that needs it is built. (A cache extracts the labels and annotations its section names when a pod arrives,
 * so pipelines with different sections have their own; one informer for all of them can come later.)
 */
final class MetadataCaches implements Component {

    private final Supplier<KubernetesClient> client;
    private final String nodeName;
    private final Map<KubernetesMetadataSpec, Shared> caches = new HashMap<>();

    /**
     * @param client the API server connection, made on first use (none is needed when no pipeline wants metadata)
     * @param nodeName this node ({@code NODE_NAME}); null outside a cluster
     */
    MetadataCaches(Supplier<KubernetesClient> client, String nodeName) {
        this.client = client;
        this.nodeName = nodeName;
    }

    /**
     * A started cache for this section, shared with the pipelines that asked for an equal one.
     *
     * @throws IllegalArgumentException naming the field and the fix when the agent cannot run a cache
     */
    synchronized KubernetesMetadataCache acquire(KubernetesMetadataSpec spec) {
        Shared shared = caches.get(spec);
        if (shared == null) {
            if (nodeName == null || nodeName.isBlank()) {
                throw new IllegalArgumentException("kubernetes.enabled is true but the agent has no node name; start it with "
                        + "--node-name or NODE_NAME from the pod's spec.nodeName, or set kubernetes.enabled: false");
            }
            KubernetesMetadataCache cache = new KubernetesMetadataCache(client.get(), nodeName, new PodMetadataExtractor(spec), System::nanoTime);
            cache.start();
            shared = new Shared(cache);
            caches.put(spec, shared);
        }
        shared.users++;
        return shared.cache;
    }

    /** Lets go of a cache from {@link #acquire}; the last user stops it. */
    synchronized void release(KubernetesMetadataCache cache) {
        caches.entrySet().removeIf(entry -> {
            Shared shared = entry.getValue();
            if (shared.cache != cache || --shared.users > 0) {
                return false;
            }
            cache.close();
            return true;
        });
    }

    /** Whether every cache has listed its objects. */
    synchronized boolean synced() {
        return caches.values().stream().allMatch(shared -> shared.cache.hasSynced());
    }

    @Override
    public void start() {
    }

    @Override
    public synchronized void stop(Deadline deadline) {
        caches.values().forEach(shared -> shared.cache.close());
        caches.clear();
    }

    private static final class Shared {
        private final KubernetesMetadataCache cache;
        private int users;

        Shared(KubernetesMetadataCache cache) {
            this.cache = cache;
        }
    }
}
