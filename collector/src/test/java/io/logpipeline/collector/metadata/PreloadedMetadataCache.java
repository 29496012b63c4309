package io.logpipeline.collector.metadata;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.function.LongSupplier;

/** A metadata cache filled directly, without informers or an API server: for benchmarks. */
public final class PreloadedMetadataCache {

    private PreloadedMetadataCache() {
    }

    public static KubernetesMetadataCache of(PodMetadataExtractor extractor, String nodeName, LongSupplier nanoClock, List<Pod> pods) {
        KubernetesMetadataCache cache = new KubernetesMetadataCache(null, nodeName, extractor, nanoClock);
        pods.forEach(cache::podUpserted);
        return cache;
    }
}
