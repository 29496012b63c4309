package io.logpipeline.collector.chain;

import io.logpipeline.collector.record.ContainerResource;
import io.logpipeline.collector.record.LogRecord;

/**
 * Where {@code fromAttribute} and attribute matches find a key: {@code body} names the log body; any other
 * key is looked up in the record's attributes first, then in its resource.
 *
 * <p>The resource fallback is ours, not the OpenTelemetry attributes processor's: there, Kubernetes
 * metadata lives only on the resource, so {@code fromAttribute: k8s.pod.labels.project_name} (the seed's
 * service.name rule) would never find anything. Looking in the resource second lets the seed do what it
 * means while a record attribute of the same name still wins.
 */
public final class AttributeLookup {

    private final String key;
    private final boolean body;

    private AttributeLookup(String key) {
        this.key = key;
        this.body = "body".equals(key);
    }

    public static AttributeLookup of(String key) {
        return new AttributeLookup(key);
    }

    /** The value, or null when neither the record nor its resource has it. */
    public Object read(LogRecord record) {
        if (body) {
            return record.body();
        }
        Object value = record.attributes().get(key);
        if (value == null) {
            ContainerResource resource = record.resource();
            if (resource != null) {
                value = resource.get(key);
            }
        }
        return value;
    }

    public String key() {
        return key;
    }
}
