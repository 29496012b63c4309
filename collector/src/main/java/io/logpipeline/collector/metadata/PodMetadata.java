package io.logpipeline.collector.metadata;

import java.util.Map;

/**
 * The trimmed record the metadata cache keeps per pod: the resource attributes this pipeline wants from it,
 * already computed, plus what is needed to find it and to answer label selectors — never the Pod object.
 *
 * @param attributes pod-level resource attributes in emission order (names, node, workloads, labels, annotations)
 * @param images container name → image name and tag, for {@code container.image.name} / {@code container.image.tag}
 */
public record PodMetadata(String uid, String namespace, String name, Map<String, String> labels,
                          Map<String, Object> attributes, Map<String, ContainerImage> images) {

    /** A container's image reference split the way the OpenTelemetry semantic conventions want it. */
    public record ContainerImage(String name, String tag) {
    }
}
