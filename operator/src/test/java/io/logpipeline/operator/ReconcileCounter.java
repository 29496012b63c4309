package io.logpipeline.operator;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** JOSDK's metrics hook in tests: how many reconciles started per resource, so a test can say what a change costs. */
public final class ReconcileCounter implements Metrics {

    private final Map<String, AtomicInteger> started = new ConcurrentHashMap<>();

    @Override
    public void reconciliationStarted(HasMetadata resource, Map<String, Object> metadata) {
        started.computeIfAbsent(key(resource.getKind(), resource.getMetadata().getNamespace(), resource.getMetadata().getName()),
                k -> new AtomicInteger()).incrementAndGet();
    }

    /** Reconciles started so far of the {@code kind} (e.g. "LogPipeline") {@code namespace/name}. */
    public int started(String kind, String namespace, String name) {
        AtomicInteger count = started.get(key(kind, namespace, name));
        return count == null ? 0 : count.get();
    }

    private static String key(String kind, String namespace, String name) {
        return kind + "/" + namespace + "/" + name;
    }
}
