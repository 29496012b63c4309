package io.logpipeline.collector.metadata;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * An informer store that keeps a trimmed copy of each object (only the fields the metadata stage reads,
 * plus the name and resourceVersion the informer needs), so a node agent never holds whole Pods with
 * their managed fields, env and volumes.
 */
final class TrimmingItemStore<T extends HasMetadata> implements ItemStore<T> {

    private final Map<String, T> items = new ConcurrentHashMap<>();
    private final UnaryOperator<T> trim;

    TrimmingItemStore(UnaryOperator<T> trim) {
        this.trim = trim;
    }

    @Override
    public String getKey(T object) {
        return Cache.metaNamespaceKeyFunc(object);
    }

    @Override
    public T put(String key, T object) {
        return items.put(key, trim.apply(object));
    }

    @Override
    public T remove(String key) {
        return items.remove(key);
    }

    @Override
    public Stream<String> keySet() {
        return items.keySet().stream();
    }

    @Override
    public Stream<T> values() {
        return items.values().stream();
    }

    @Override
    public int size() {
        return items.size();
    }

    @Override
    public T get(String key) {
        return items.get(key);
    }
}
