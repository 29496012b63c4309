package io.logpipeline.collector.export;

import io.logpipeline.collector.record.ContainerResource;
import io.logpipeline.collector.record.LogRecord;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.resource.v1.Resource;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/** The reference encoder on the official opentelemetry-proto builders: the writer is checked against it and benchmarked beside it. */
final class ProtoClassesEncoder {

    private ProtoClassesEncoder() {
    }

    static ExportLogsServiceRequest encode(List<LogRecord> batch) {
        // Grouped by identity, not equals(): the resource is shared by reference per container, and
        // hashing its attribute map for every record would cost more than the encoding itself.
        Map<ContainerResource, ScopeLogs.Builder> scopes = new IdentityHashMap<>();
        List<ContainerResource> order = new ArrayList<>();
        ContainerResource lastResource = null;
        ScopeLogs.Builder lastScope = null;
        for (LogRecord record : batch) {
            ContainerResource resource = record.resource();
            if (lastScope == null || resource != lastResource) {
                lastScope = scopes.get(resource);
                if (lastScope == null) {
                    lastScope = ScopeLogs.newBuilder();
                    scopes.put(resource, lastScope);
                    order.add(resource);
                }
                lastResource = resource;
            }
            lastScope.addLogRecords(logRecord(record));
        }
        ExportLogsServiceRequest.Builder request = ExportLogsServiceRequest.newBuilder();
        for (ContainerResource resource : order) {
            request.addResourceLogs(ResourceLogs.newBuilder()
                    .setResource(resource(resource))
                    .addScopeLogs(scopes.get(resource)));
        }
        return request.build();
    }

    private static Resource resource(ContainerResource resource) {
        Resource.Builder builder = Resource.newBuilder();
        if (resource != null) {
            resource.attributes().forEach((key, value) -> builder.addAttributes(keyValue(key, value)));
        }
        return builder.build();
    }

    private static io.opentelemetry.proto.logs.v1.LogRecord logRecord(LogRecord record) {
        io.opentelemetry.proto.logs.v1.LogRecord.Builder builder = io.opentelemetry.proto.logs.v1.LogRecord.newBuilder()
                .setTimeUnixNano(record.timestampEpochNanos())
                .setObservedTimeUnixNano(record.observedEpochNanos())
                .setSeverityNumberValue(record.severityNumber());
        if (record.severityText() != null) {
            builder.setSeverityText(record.severityText());
        }
        if (record.body() != null) {
            builder.setBody(AnyValue.newBuilder().setStringValue(record.body()));
        }
        record.attributes().forEach((key, value) -> builder.addAttributes(keyValue(key, value)));
        return builder.build();
    }

    private static KeyValue keyValue(String key, Object value) {
        return KeyValue.newBuilder().setKey(key).setValue(anyValue(value)).build();
    }

    private static AnyValue anyValue(Object value) {
        AnyValue.Builder builder = AnyValue.newBuilder();
        if (value instanceof String s) {
            builder.setStringValue(s);
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            builder.setIntValue(((Number) value).longValue());
        } else if (value instanceof Double || value instanceof Float) {
            builder.setDoubleValue(((Number) value).doubleValue());
        } else if (value instanceof Boolean b) {
            builder.setBoolValue(b);
        } else if (value instanceof Map<?, ?> map) {
            KeyValueList.Builder list = KeyValueList.newBuilder();
            map.forEach((key, nested) -> list.addValues(keyValue(String.valueOf(key), nested)));
            builder.setKvlistValue(list);
        } else if (value instanceof List<?> items) {
            ArrayValue.Builder array = ArrayValue.newBuilder();
            items.forEach(item -> array.addValues(anyValue(item)));
            builder.setArrayValue(array);
        } else if (value != null) {
            builder.setStringValue(value.toString());
        }
        // null stays an empty AnyValue, which OTLP reads as "no value"
        return builder.build();
    }
}
