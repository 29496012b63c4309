package io.logpipeline.collector.metadata;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EphemeralContainer;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The collector's view of Kubernetes: fabric8 informers on this node's pods (field selector
 * {@code spec.nodeName=<node>}), and on namespaces or this node only when a label/annotation rule reads
 * them. Keeps one {@link PodMetadata} per pod, found by uid or by namespace and name. A deleted pod stays
 * findable for a grace period, because its last lines are often read after it is gone. Informers
 * reconnect by themselves after disconnects and API-server restarts.
 */
public final class KubernetesMetadataCache implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(KubernetesMetadataCache.class.getName());
    /** How long a deleted pod's metadata is kept for lines still being read from its files. */
    static final long DELETED_POD_GRACE_NANOS = 120_000_000_000L;

    private final KubernetesClient client;
    private final String nodeName;
    private final PodMetadataExtractor extractor;
    private final LongSupplier nanoClock;
    private final Map<String, PodMetadata> byUid = new ConcurrentHashMap<>();
    private final Map<String, PodMetadata> byName = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Object>> namespaceAttributes = new ConcurrentHashMap<>();
    private volatile Map<String, Object> nodeAttributes = Map.of();
    /** Bumped whenever namespace or node attributes change, so resources built from them are rebuilt. */
    private final AtomicLong generation = new AtomicLong();
    private final Deque<Deleted> deleted = new ArrayDeque<>();
    private final List<Consumer<PodMetadata>> podListeners = new CopyOnWriteArrayList<>();
    private final List<SharedIndexInformer<? extends HasMetadata>> informers = new ArrayList<>();

    public KubernetesMetadataCache(KubernetesClient client, String nodeName, PodMetadataExtractor extractor, LongSupplier nanoClock) {
        this.client = client;
        this.nodeName = Objects.requireNonNull(nodeName, "nodeName");
        this.extractor = extractor;
        this.nanoClock = nanoClock;
    }

    /**
     * Calls {@code listener} with a pod's metadata whenever it is added or changes (on an informer thread).
     *
     * @return what removes the listener again (a pipeline that stops, while the shared cache runs on)
     */
    public Runnable onPodChanged(Consumer<PodMetadata> listener) {
        podListeners.add(listener);
        return () -> podListeners.remove(listener);
    }

    /** Starts the informers without waiting for them; {@link #hasSynced()} says when the first lists are in. */
    public synchronized void start() {
        SharedIndexInformer<Pod> pods = client.pods().inAnyNamespace().withField("spec.nodeName", nodeName).runnableInformer(0);
        pods.itemStore(new TrimmingItemStore<>(KubernetesMetadataCache::trimPod));
        pods.addEventHandler(handler(this::podUpserted, this::podDeleted));
        informers.add(pods);
        if (extractor.needsNamespaces()) {
            SharedIndexInformer<Namespace> namespaces = client.namespaces().runnableInformer(0);
            namespaces.itemStore(new TrimmingItemStore<>(namespace -> new NamespaceBuilder().withMetadata(trimMeta(namespace.getMetadata())).build()));
            namespaces.addEventHandler(handler(this::namespaceUpserted, namespace -> {
                namespaceAttributes.remove(namespace.getMetadata().getName());
                generation.incrementAndGet();
            }));
            informers.add(namespaces);
        }
        if (extractor.needsNode()) {
            SharedIndexInformer<Node> node = client.nodes().withField("metadata.name", nodeName).runnableInformer(0);
            node.itemStore(new TrimmingItemStore<>(n -> new NodeBuilder().withMetadata(trimMeta(n.getMetadata())).build()));
            node.addEventHandler(handler(n -> {
                nodeAttributes = extractor.extractNode(n);
                generation.incrementAndGet();
            }, n -> { }));
            informers.add(node);
        }
        for (SharedIndexInformer<? extends HasMetadata> informer : informers) {
            informer.exceptionHandler((started, error) -> {
                LOG.log(Level.WARNING, "event=informer_error resource={0} error=\"{1}\" action=retry",
                        informer.getApiTypeClass().getSimpleName(), error.getMessage());
                return true;
            });
            informer.start();
        }
        LOG.log(Level.INFO, "event=metadata_informers_started node={0} namespaces={1} node_labels={2}",
                nodeName, extractor.needsNamespaces(), extractor.needsNode());
    }

    /** True once every informer has listed its objects: the collector's readiness waits on this. */
    public boolean hasSynced() {
        List<SharedIndexInformer<? extends HasMetadata>> started;
        synchronized (this) {
            started = List.copyOf(informers);
        }
        return !started.isEmpty() && started.stream().allMatch(SharedIndexInformer::hasSynced);
    }

    /** The pod with this uid, else the pod with this namespace and name (static pods log under their config hash); null when unknown. */
    public PodMetadata find(String uid, String namespace, String name) {
        PodMetadata pod = uid == null ? null : byUid.get(uid);
        if (pod == null && namespace != null && name != null) {
            pod = byName.get(namespace + '/' + name);
        }
        return pod;
    }

    public Map<String, Object> namespaceAttributes(String namespace) {
        return namespace == null ? Map.of() : namespaceAttributes.getOrDefault(namespace, Map.of());
    }

    public Map<String, Object> nodeAttributes() {
        return nodeAttributes;
    }

    public long generation() {
        return generation.get();
    }

    /** Pods deleted from the cluster whose metadata is still kept for their late lines. */
    public int podsInGracePeriod() {
        synchronized (deleted) {
            return deleted.size();
        }
    }

    /** Forgets deleted pods whose grace period is over. */
    public void purgeDeleted() {
        long now = nanoClock.getAsLong();
        synchronized (deleted) {
            while (!deleted.isEmpty() && now - deleted.peekFirst().atNanos >= DELETED_POD_GRACE_NANOS) {
                PodMetadata pod = deleted.pollFirst().pod;
                byUid.remove(pod.uid(), pod);
                byName.remove(pod.namespace() + '/' + pod.name(), pod);
            }
        }
    }

    @Override
    public synchronized void close() {
        informers.forEach(SharedIndexInformer::stop);
        informers.clear();
    }

    /** A pod was added or changed (package-private so tests and benchmarks can preload the cache). */
    void podUpserted(Pod pod) {
        PodMetadata metadata = extractor.extract(pod);
        if (metadata.uid() != null) {
            byUid.put(metadata.uid(), metadata);
        }
        byName.put(metadata.namespace() + '/' + metadata.name(), metadata);
        for (Consumer<PodMetadata> listener : podListeners) {
            listener.accept(metadata);
        }
    }

    private void podDeleted(Pod pod) {
        PodMetadata metadata = pod.getMetadata().getUid() == null ? null : byUid.get(pod.getMetadata().getUid());
        if (metadata != null) {
            synchronized (deleted) {
                deleted.addLast(new Deleted(metadata, nanoClock.getAsLong()));
            }
        }
    }

    private void namespaceUpserted(Namespace namespace) {
        namespaceAttributes.put(namespace.getMetadata().getName(), extractor.extractNamespace(namespace));
        generation.incrementAndGet();
    }

    private static <T> ResourceEventHandler<T> handler(Consumer<T> upserted, Consumer<T> deleted) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T object) {
                upserted.accept(object);
            }

            @Override
            public void onUpdate(T oldObject, T newObject) {
                upserted.accept(newObject);
            }

            @Override
            public void onDelete(T object, boolean deletedFinalStateUnknown) {
                deleted.accept(object);
            }
        };
    }

    /** Keeps what {@link PodMetadataExtractor} reads: identity, labels, annotations, owners, node, images, start time. */
    static Pod trimPod(Pod pod) {
        PodBuilder trimmed = new PodBuilder().withMetadata(trimMeta(pod.getMetadata()));
        if (pod.getSpec() != null) {
            trimmed.withNewSpec()
                    .withNodeName(pod.getSpec().getNodeName())
                    .withContainers(trimContainers(pod.getSpec().getContainers()))
                    .withInitContainers(trimContainers(pod.getSpec().getInitContainers()))
                    .withEphemeralContainers(pod.getSpec().getEphemeralContainers() == null ? List.of()
                            : pod.getSpec().getEphemeralContainers().stream()
                                    .map(c -> { EphemeralContainer e = new EphemeralContainer(); e.setName(c.getName()); e.setImage(c.getImage()); return e; })
                                    .toList())
                    .endSpec();
        }
        if (pod.getStatus() != null && pod.getStatus().getStartTime() != null) {
            trimmed.withNewStatus().withStartTime(pod.getStatus().getStartTime()).endStatus();
        }
        return trimmed.build();
    }

    private static List<Container> trimContainers(List<Container> containers) {
        if (containers == null) {
            return List.of();
        }
        return containers.stream().map(c -> {
            Container container = new Container();
            container.setName(c.getName());
            container.setImage(c.getImage());
            return container;
        }).toList();
    }

    private static ObjectMeta trimMeta(ObjectMeta meta) {
        return new ObjectMetaBuilder()
                .withName(meta.getName())
                .withNamespace(meta.getNamespace())
                .withUid(meta.getUid())
                .withResourceVersion(meta.getResourceVersion())
                .withLabels(meta.getLabels())
                .withAnnotations(meta.getAnnotations())
                .withOwnerReferences(meta.getOwnerReferences())
                .build();
    }

    private record Deleted(PodMetadata pod, long atNanos) {
    }
}
