package io.logpipeline.collector.process;

import io.logpipeline.api.v1alpha1.ResourceProcessorSpec;
import io.logpipeline.collector.chain.RecordStage;
import io.logpipeline.collector.record.ContainerResource;
import io.logpipeline.collector.record.LogRecord;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The resource processor. Its actions run once per distinct resource, not per record: the edited
 * resource is cached and the same instance is handed to every record of that container, so the
 * batch still groups them and the exporter encodes the resource once.
 */
public final class ResourceProcessor implements RecordStage {

    /** Bound on remembered resources; far above the containers of one node, and cleared rather than grown. */
    static final int CACHE_LIMIT = 4096;

    private final AttributeEdit[] edits;
    private final Map<ContainerResource, ContainerResource> edited = new ConcurrentHashMap<>();
    private volatile Memo last = new Memo(null, null);

    private ResourceProcessor(AttributeEdit[] edits) {
        this.edits = edits;
    }

    public static ResourceProcessor compile(ResourceProcessorSpec spec) {
        return new ResourceProcessor(spec.getAttributes().stream().map(AttributeEdit::compile).toArray(AttributeEdit[]::new));
    }

    @Override
    public boolean apply(LogRecord record) {
        ContainerResource resource = record.resource();
        if (resource == null) {
            return true;
        }
        Memo memo = last;
        if (memo.input != resource) {
            memo = new Memo(resource, edit(resource));
            last = memo;
        }
        record.resource(memo.output);
        return true;
    }

    private ContainerResource edit(ContainerResource resource) {
        ContainerResource cached = edited.get(resource);
        if (cached != null) {
            return cached;
        }
        Map<String, Object> attributes = new LinkedHashMap<>(resource.attributes());
        for (AttributeEdit edit : edits) {
            edit.apply(attributes, null);
        }
        ContainerResource result = new ContainerResource(attributes);
        if (edited.size() >= CACHE_LIMIT) {
            edited.clear();
        }
        edited.put(resource, result);
        return result;
    }

    /** The last resource seen and its edited form: records of one container arrive in runs. */
    private record Memo(ContainerResource input, ContainerResource output) {
    }
}
