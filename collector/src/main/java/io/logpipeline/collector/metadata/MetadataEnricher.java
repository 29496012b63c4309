package io.logpipeline.collector.metadata;

import io.logpipeline.api.units.GoDuration;
import io.logpipeline.api.v1alpha1.KubernetesMetadataSpec;
import io.logpipeline.collector.chain.RecordConsumer;
import io.logpipeline.collector.record.ContainerResource;
import io.logpipeline.collector.record.LogRecord;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The metadata stage: replaces each record's path resource (namespace, pod, uid, container, restart count
 * from the log path) by the container's full Kubernetes resource. That resource is built once per container
 * and shared by all its records; it is rebuilt only when the pod's (or its namespace's or node's) metadata
 * changes.
 *
 * <p>With {@code waitForMetadata}, records of a pod the cache does not know yet are held (in order, per
 * container, at most {@link #MAX_HELD_RECORDS} in all) until the pod appears — they then go on enriched, from
 * the informer thread — or until {@code waitForMetadataTimeout} has passed since the first of them arrived —
 * then they and later records of that container go on with the path's metadata and are counted as missing,
 * until the pod appears. {@link #releaseExpired()} must run periodically (the collector's timer).
 */
public final class MetadataEnricher implements RecordConsumer, AutoCloseable {

    /** Bound on records held in memory while waiting; beyond it records go on with path metadata. */
    static final int MAX_HELD_RECORDS = 10_000;
    /** Bound on cached container resources; cleared rather than grown. */
    static final int CACHE_LIMIT = 4096;

    private final KubernetesMetadataCache cache;
    private final RecordConsumer next;
    private final LongSupplier nanoClock;
    private final boolean waitForMetadata;
    private final long waitNanos;
    private final boolean wantImageName;
    private final boolean wantImageTag;
    private final MetadataStats stats = new MetadataStats();

    private final Map<ContainerResource, Enriched> enriched = new ConcurrentHashMap<>();
    private volatile Enriched last;
    /** Containers whose pod is unknown: held records, or a given-up marker (records then pass with path metadata). */
    private final Map<ContainerResource, Waiting> waiting = new LinkedHashMap<>();
    private int heldRecords;
    private final Runnable podListenerRegistration;

    public MetadataEnricher(KubernetesMetadataSpec spec, KubernetesMetadataCache cache, RecordConsumer next, LongSupplier nanoClock) {
        this.cache = cache;
        this.next = next;
        this.nanoClock = nanoClock;
        this.waitForMetadata = !Boolean.FALSE.equals(spec.getWaitForMetadata());
        this.waitNanos = GoDuration.parse(spec.getWaitForMetadataTimeout()).toNanos();
        List<String> metadata = spec.getMetadata() == null ? KubernetesMetadataSpec.DEFAULT_METADATA : spec.getMetadata();
        this.wantImageName = metadata.contains("container.image.name");
        this.wantImageTag = metadata.contains("container.image.tag");
        this.podListenerRegistration = cache.onPodChanged(this::release);
    }

    /** Stops listening to the shared cache: a stopped pipeline's enricher must not be called again. */
    @Override
    public void close() {
        podListenerRegistration.run();
    }

    public MetadataStats stats() {
        return stats;
    }

    @Override
    public void accept(LogRecord record) {
        ContainerResource path = record.resource();
        ContainerResource resource = enrichedResource(path);
        if (resource != null) {
            record.resource(resource);
            next.accept(record);
            return;
        }
        if (waitForMetadata && hold(path, record)) {
            return;
        }
        // not held: given up on this container, the hold is full, or the pod arrived a moment ago
        resource = enrichedResource(path);
        if (resource != null) {
            record.resource(resource);
        } else {
            stats.missing.increment();
        }
        next.accept(record);
    }

    /** Sends on, with path metadata, the held records of containers that have waited the timeout. */
    public void releaseExpired() {
        cache.purgeDeleted();
        List<LogRecord> expired = new ArrayList<>();
        synchronized (waiting) {
            long now = nanoClock.getAsLong();
            for (Waiting w : waiting.values()) {
                if (!w.gaveUp && now - w.sinceNanos >= waitNanos) {
                    w.gaveUp = true;
                    expired.addAll(w.records);
                    heldRecords -= w.records.size();
                    w.records.clear();
                }
            }
            if (waiting.size() > CACHE_LIMIT) {
                // containers of pods that never appeared; forgetting them only means one more wait if they log again
                waiting.values().removeIf(w -> w.gaveUp);
            }
        }
        stats.missing.add(expired.size());
        expired.forEach(next::accept);
    }

    /** The container's full resource, or null when its pod is unknown. */
    private ContainerResource enrichedResource(ContainerResource path) {
        if (path == null) {
            return null;
        }
        Enriched memo = last;
        if (memo == null || memo.path != path) {
            memo = enriched.get(path);
        }
        PodMetadata pod = memo != null && memo.generation == cache.generation() ? current(memo.pod, path) : lookup(path);
        if (pod == null) {
            return null;
        }
        if (memo == null || memo.pod != pod || memo.generation != cache.generation()) {
            memo = build(path, pod);
        }
        last = memo;
        return memo.resource;
    }

    /** The pod as the cache knows it now; {@code known} when unchanged (the common case: one map read). */
    private PodMetadata current(PodMetadata known, ContainerResource path) {
        PodMetadata now = cache.find(known.uid(), null, null);
        return now != null ? now : lookup(path);
    }

    private PodMetadata lookup(ContainerResource path) {
        return cache.find(string(path.get("k8s.pod.uid")), string(path.get("k8s.namespace.name")), string(path.get("k8s.pod.name")));
    }

    private Enriched build(ContainerResource path, PodMetadata pod) {
        long generation = cache.generation();
        Map<String, Object> attributes = new LinkedHashMap<>(path.attributes());
        attributes.putAll(pod.attributes());
        PodMetadata.ContainerImage image = pod.images().get(string(path.get("k8s.container.name")));
        if (image != null) {
            if (wantImageName) {
                attributes.put("container.image.name", image.name());
            }
            if (wantImageTag && image.tag() != null) {
                attributes.put("container.image.tag", image.tag());
            }
        }
        attributes.putAll(cache.namespaceAttributes(pod.namespace()));
        attributes.putAll(cache.nodeAttributes());
        Enriched built = new Enriched(path, pod, generation, new ContainerResource(attributes));
        if (enriched.size() >= CACHE_LIMIT) {
            enriched.clear();
        }
        enriched.put(path, built);
        return built;
    }

    /** @return false when the record is not held (given up on this container, or the hold is full) */
    private boolean hold(ContainerResource path, LogRecord record) {
        if (path == null) {
            return false;
        }
        synchronized (waiting) {
            Waiting w = waiting.get(path);
            if (w == null) {
                if (heldRecords >= MAX_HELD_RECORDS) {
                    return false;
                }
                w = new Waiting(nanoClock.getAsLong());
                waiting.put(path, w);
            }
            if (w.gaveUp || heldRecords >= MAX_HELD_RECORDS) {
                return false;
            }
            // the pod may have arrived between the lookup and this lock; then release() has already run
            if (lookup(path) != null) {
                waiting.remove(path);
                return false;
            }
            w.records.add(record);
            heldRecords++;
            return true;
        }
    }

    /** A pod became known: its containers' held records go on, enriched, in order. */
    private void release(PodMetadata pod) {
        List<LogRecord> ready = new ArrayList<>();
        synchronized (waiting) {
            for (Iterator<Map.Entry<ContainerResource, Waiting>> it = waiting.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<ContainerResource, Waiting> entry = it.next();
                ContainerResource path = entry.getKey();
                if (pod.uid().equals(path.get("k8s.pod.uid"))
                        || pod.namespace().equals(path.get("k8s.namespace.name")) && pod.name().equals(path.get("k8s.pod.name"))) {
                    ready.addAll(entry.getValue().records);
                    heldRecords -= entry.getValue().records.size();
                    it.remove();
                }
            }
        }
        for (LogRecord record : ready) {
            ContainerResource resource = enrichedResource(record.resource());
            if (resource != null) {
                record.resource(resource);
                stats.waitedAndEnriched.increment();
            } else {
                stats.missing.increment();
            }
            next.accept(record);
        }
    }

    private static String string(Object value) {
        return value == null ? null : value.toString();
    }

    /** A container's resource as built from one version of its pod's metadata. */
    private record Enriched(ContainerResource path, PodMetadata pod, long generation, ContainerResource resource) {
    }

    /** Records of one container waiting for their pod. */
    private static final class Waiting {

        private final long sinceNanos;
        private final ArrayDeque<LogRecord> records = new ArrayDeque<>();
        private boolean gaveUp;

        Waiting(long sinceNanos) {
            this.sinceNanos = sinceNanos;
        }
    }
}
