package io.logpipeline.collector.record;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The resource attributes shared by every record of one container.
 *
 * <p>Computed once per container (from the log path, then from the Kubernetes metadata cache) and
 * shared by reference, never copied per record. The batch stage groups records by this object so
 * the exporter encodes each resource once per request.
 */
public final class ContainerResource {

    private final Map<String, Object> attributes;

    public ContainerResource(Map<String, ?> attributes) {
        this.attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    }

    /** Attribute values are String, Long, Double or Boolean; iteration follows insertion order. */
    public Map<String, Object> attributes() {
        return attributes;
    }

    public Object get(String key) {
        return attributes.get(key);
    }

    /** A new resource with {@code overrides} put over these attributes. */
    public ContainerResource with(Map<String, ?> overrides) {
        Map<String, Object> merged = new LinkedHashMap<>(attributes);
        merged.putAll(overrides);
        return new ContainerResource(merged);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ContainerResource that && attributes.equals(that.attributes);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(attributes);
    }

    @Override
    public String toString() {
        return "ContainerResource" + attributes;
    }
}
