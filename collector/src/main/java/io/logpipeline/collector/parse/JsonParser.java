package io.logpipeline.collector.parse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.logpipeline.api.v1alpha1.JsonParserSpec;
import io.logpipeline.collector.chain.FieldReference;
import io.logpipeline.collector.chain.RecordStage;
import io.logpipeline.collector.record.LogRecord;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The json parser: the fields of a JSON object become attributes, nested objects as nested maps or,
 * with {@code flatten}, as dotted keys. With {@code bodyField} that field replaces the body instead of
 * becoming an attribute. A source that is missing, not a string or not a JSON object is a failure
 * handled by {@code onError}; JSON nulls are left out.
 */
public final class JsonParser implements RecordStage {

    private static final ObjectReader READER = new ObjectMapper()
            .enable(DeserializationFeature.USE_LONG_FOR_INTS)
            .readerFor(JsonNode.class);

    private final FieldReference parseFrom;
    private final boolean flatten;
    private final String bodyField;
    private final OnErrorPolicy onError;
    private final ParserStats stats = new ParserStats();

    private JsonParser(JsonParserSpec spec) {
        this.parseFrom = FieldReference.parse(spec.getParseFrom());
        this.flatten = Boolean.TRUE.equals(spec.getFlatten());
        this.bodyField = spec.getBodyField();
        this.onError = new OnErrorPolicy(spec.getOnError(), stats);
    }

    public static JsonParser compile(JsonParserSpec spec) {
        return new JsonParser(spec);
    }

    public ParserStats stats() {
        return stats;
    }

    @Override
    public boolean apply(LogRecord record) {
        if (!(parseFrom.read(record) instanceof String text) || text.isEmpty() || text.charAt(firstNonSpace(text)) != '{') {
            return onError.failed();
        }
        JsonNode root;
        try {
            root = READER.readValue(text);
        } catch (JsonProcessingException e) {
            return onError.failed();
        }
        if (root == null || !root.isObject()) {
            return onError.failed();
        }
        Map<String, Object> attributes = record.attributes();
        Iterator<Map.Entry<String, JsonNode>> fields = root.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getKey().equals(bodyField)) {
                JsonNode body = field.getValue();
                record.body(body.isTextual() ? body.textValue() : body.toString());
            } else if (flatten && field.getValue().isObject()) {
                putFlattened(attributes, field.getKey(), field.getValue());
            } else {
                Object value = toValue(field.getValue());
                if (value != null) {
                    attributes.put(field.getKey(), value);
                }
            }
        }
        return true;
    }

    private static int firstNonSpace(String text) {
        int i = 0;
        while (i < text.length() - 1 && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i;
    }

    private static void putFlattened(Map<String, Object> attributes, String prefix, JsonNode object) {
        Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = prefix + "." + field.getKey();
            if (field.getValue().isObject()) {
                putFlattened(attributes, key, field.getValue());
            } else {
                Object value = toValue(field.getValue());
                if (value != null) {
                    attributes.put(key, value);
                }
            }
        }
    }

    /** String, Long, Double, Boolean, nested Map or List — the attribute value types of {@link LogRecord}. */
    private static Object toValue(JsonNode node) {
        if (node.isTextual()) {
            return node.textValue();
        } else if (node.isIntegralNumber()) {
            return node.canConvertToLong() ? (Object) node.longValue() : node.asText();
        } else if (node.isNumber()) {
            return node.doubleValue();
        } else if (node.isBoolean()) {
            return node.booleanValue();
        } else if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            node.fields().forEachRemaining(field -> {
                Object value = toValue(field.getValue());
                if (value != null) {
                    map.put(field.getKey(), value);
                }
            });
            return map;
        } else if (node.isArray()) {
            List<Object> list = new ArrayList<>(node.size());
            for (JsonNode element : node) {
                Object value = toValue(element);
                if (value != null) {
                    list.add(value);
                }
            }
            return list;
        }
        return null;
    }
}
