package io.logpipeline.collector.export;

import io.logpipeline.collector.batch.Batch;
import io.logpipeline.collector.record.LogRecord;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Writes a batch as an OTLP {@code ExportLogsServiceRequest} in protobuf wire format, with one
 * {@code ResourceLogs} per resource group, from the records encoded one by one as they entered the batch
 * ({@link #encode}).
 *
 * <p>Hand-written on a measured hot path: building the generated opentelemetry-proto message objects
 * and serializing them cost several times more per record (docs/benchmarks.md, "Collector OTLP
 * export"). Tests decode the output with the official classes. Field numbers are those of
 * opentelemetry-proto 1.5.0 (logs/v1, common/v1, resource/v1, collector/logs/v1).
 */
final class OtlpProtobufWriter {

    // Tags: (field number << 3) | wire type; wire types 0 varint, 1 fixed64, 2 length-delimited.
    private static final int REQUEST_RESOURCE_LOGS = 1 << 3 | 2;
    private static final int RESOURCE_LOGS_RESOURCE = 1 << 3 | 2;
    private static final int RESOURCE_LOGS_SCOPE_LOGS = 2 << 3 | 2;
    private static final int RESOURCE_ATTRIBUTES = 1 << 3 | 2;
    private static final int SCOPE_LOGS_LOG_RECORDS = 2 << 3 | 2;
    private static final int LOG_TIME_UNIX_NANO = 1 << 3 | 1;
    private static final int LOG_SEVERITY_NUMBER = 2 << 3;
    private static final int LOG_SEVERITY_TEXT = 3 << 3 | 2;
    private static final int LOG_BODY = 5 << 3 | 2;
    private static final int LOG_ATTRIBUTES = 6 << 3 | 2;
    private static final int LOG_OBSERVED_TIME_UNIX_NANO = 11 << 3 | 1;
    private static final int KEY_VALUE_KEY = 1 << 3 | 2;
    private static final int KEY_VALUE_VALUE = 2 << 3 | 2;
    private static final int ANY_STRING = 1 << 3 | 2;
    private static final int ANY_BOOL = 2 << 3;
    private static final int ANY_INT = 3 << 3;
    private static final int ANY_DOUBLE = 4 << 3 | 1;
    private static final int ANY_ARRAY = 5 << 3 | 2;
    private static final int ANY_KVLIST = 6 << 3 | 2;
    private static final int LIST_VALUES = 1 << 3 | 2;

    private OtlpProtobufWriter() {
    }

    /** The request for a batch: one {@code ResourceLogs} per resource group, its records copied as they were encoded. */
    static byte[] write(Batch batch) {
        // Every size is known before writing, so the request is one exact allocation and each record is copied
        // once: growing buffers per resource and copying them into the request was most of what the processing
        // thread allocated (docs/benchmarks.md, "Collector end to end"). The encoded records carry their own tag and
        // length, so a group's ScopeLogs size is the sum the batch keeps, without a pass over the records.
        List<Batch.ResourceRecords> groups = batch.resources();
        Buffer[] resources = new Buffer[groups.size()];
        KeyBytes keys = new KeyBytes();
        int total = 0;
        for (int g = 0; g < resources.length; g++) {
            Batch.ResourceRecords group = groups.get(g);
            resources[g] = new Buffer(256);
            if (group.resource() != null) {
                writeAttributes(resources[g], RESOURCE_ATTRIBUTES, group.resource().attributes(), keys);
            }
            total += lengthDelimitedSize(resourceLogsSize(resources[g], scopeLogsSize(group)));
        }
        Buffer request = new Buffer(new byte[total]);
        for (int g = 0; g < resources.length; g++) {
            Batch.ResourceRecords group = groups.get(g);
            int scopeLogsSize = scopeLogsSize(group);
            request.writeTag(REQUEST_RESOURCE_LOGS);
            request.writeVarint(resourceLogsSize(resources[g], scopeLogsSize));
            request.writeMessage(RESOURCE_LOGS_RESOURCE, resources[g]);
            request.writeTag(RESOURCE_LOGS_SCOPE_LOGS);
            request.writeVarint(scopeLogsSize);
            for (byte[] record : group.encodedRecords()) {
                request.writeRaw(record);
            }
        }
        return request.bytes;
    }

    /** A group's {@code ScopeLogs}: its records, each already a tagged, length-prefixed field ({@link #encode}). */
    private static int scopeLogsSize(Batch.ResourceRecords group) {
        return Math.toIntExact(group.encodedBytes());
    }

    /** Size of a {@code ResourceLogs}: its {@code Resource} and its one {@code ScopeLogs}. */
    private static int resourceLogsSize(Buffer resource, int scopeLogsSize) {
        return lengthDelimitedSize(resource.size) + lengthDelimitedSize(scopeLogsSize);
    }

    /**
     * One record as the {@code log_records} field of a {@code ScopeLogs}: tag, length and the OTLP {@code LogRecord}
     * message. What a batch holds for it ({@link OtlpRecordEncoder}) and {@link #write} then copies as it is.
     */
    static byte[] encode(LogRecord record, Scratch scratch) {
        Buffer message = scratch.record;
        message.clear();
        writeLogRecord(message, record, scratch.keys);
        Buffer field = new Buffer(new byte[lengthDelimitedSize(message.size)]);
        field.writeMessage(SCOPE_LOGS_LOG_RECORDS, message);
        return field.bytes;
    }

    /** Size of a one-byte tag, the length varint and the content. */
    private static int lengthDelimitedSize(int contentSize) {
        return 1 + varintSize(contentSize) + contentSize;
    }

    private static void writeLogRecord(Buffer out, LogRecord record, KeyBytes keys) {
        if (record.timestampEpochNanos() != 0) {
            out.writeTag(LOG_TIME_UNIX_NANO);
            out.writeFixed64(record.timestampEpochNanos());
        }
        if (record.severityNumber() != 0) {
            out.writeTag(LOG_SEVERITY_NUMBER);
            out.writeVarint(record.severityNumber());
        }
        if (record.severityText() != null && !record.severityText().isEmpty()) {
            out.writeString(LOG_SEVERITY_TEXT, record.severityText());
        }
        if (record.body() != null) {
            byte[] body = record.body().getBytes(StandardCharsets.UTF_8);
            out.writeTag(LOG_BODY);
            out.writeVarint(1 + varintSize(body.length) + body.length);
            out.writeBytes(ANY_STRING, body);
        }
        writeAttributes(out, LOG_ATTRIBUTES, record.attributes(), keys);
        if (record.observedEpochNanos() != 0) {
            out.writeTag(LOG_OBSERVED_TIME_UNIX_NANO);
            out.writeFixed64(record.observedEpochNanos());
        }
    }

    private static void writeAttributes(Buffer out, int tag, Map<String, ?> attributes, KeyBytes keys) {
        if (attributes.isEmpty()) {
            return;
        }
        // forEach, not entrySet(): a record's map would allocate its entry set and an iterator for each record
        AttributeWriter shared = keys.attributeWriter;
        (shared.busy() ? new AttributeWriter(keys) : shared).write(out, tag, attributes);
    }

    /** Writes one attribute (a {@code KeyValue}) with the given tag. */
    private static void writeAttribute(Buffer out, int tag, String name, Object value, KeyBytes keys) {
        byte[] key = keys.utf8(name);
        int keySize = 1 + varintSize(key.length) + key.length;
        if (value instanceof String s) {
            // the common case, sized without a scratch buffer
            byte[] text = s.getBytes(StandardCharsets.UTF_8);
            int anySize = 1 + varintSize(text.length) + text.length;
            out.writeTag(tag);
            out.writeVarint(keySize + 1 + varintSize(anySize) + anySize);
            out.writeBytes(KEY_VALUE_KEY, key);
            out.writeTag(KEY_VALUE_VALUE);
            out.writeVarint(anySize);
            out.writeBytes(ANY_STRING, text);
        } else {
            Buffer nested = new Buffer(64);
            writeAnyValue(nested, value, keys);
            out.writeTag(tag);
            out.writeVarint(keySize + 1 + varintSize(nested.size) + nested.size);
            out.writeBytes(KEY_VALUE_KEY, key);
            out.writeMessage(KEY_VALUE_VALUE, nested);
        }
    }

    /** The {@code forEach} action of {@link #writeAttributes}, reused; a nested map (a json parser's value) gets its own. */
    private static final class AttributeWriter implements BiConsumer<String, Object> {
        private final KeyBytes keys;
        private Buffer out;
        private int tag;

        AttributeWriter(KeyBytes keys) {
            this.keys = keys;
        }

        boolean busy() {
            return out != null;
        }

        void write(Buffer target, int attributeTag, Map<String, ?> attributes) {
            out = target;
            tag = attributeTag;
            try {
                attributes.forEach(this);
            } finally {
                out = null;
            }
        }

        @Override
        public void accept(String name, Object value) {
            writeAttribute(out, tag, name, value, keys);
        }
    }

    /** Writes the fields of an AnyValue (not its tag and length). A null value writes nothing: "no value". */
    private static void writeAnyValue(Buffer out, Object value, KeyBytes keys) {
        if (value instanceof String s) {
            out.writeString(ANY_STRING, s);
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            out.writeTag(ANY_INT);
            out.writeVarint(((Number) value).longValue());
        } else if (value instanceof Double || value instanceof Float) {
            out.writeTag(ANY_DOUBLE);
            out.writeFixed64(Double.doubleToRawLongBits(((Number) value).doubleValue()));
        } else if (value instanceof Boolean b) {
            out.writeTag(ANY_BOOL);
            out.writeVarint(b ? 1 : 0);
        } else if (value instanceof Map<?, ?> map) {
            Buffer list = new Buffer(128);
            @SuppressWarnings("unchecked")
            Map<String, ?> entries = map.keySet().stream().allMatch(String.class::isInstance)
                    ? (Map<String, ?>) map
                    : stringKeys(map);
            writeAttributes(list, LIST_VALUES, entries, keys);
            out.writeMessage(ANY_KVLIST, list);
        } else if (value instanceof List<?> items) {
            Buffer array = new Buffer(128);
            Buffer item = new Buffer(64);
            for (Object element : items) {
                item.clear();
                writeAnyValue(item, element, keys);
                array.writeMessage(LIST_VALUES, item);
            }
            out.writeMessage(ANY_ARRAY, array);
        } else if (value != null) {
            out.writeString(ANY_STRING, value.toString());
        }
    }

    private static Map<String, Object> stringKeys(Map<?, ?> map) {
        Map<String, Object> converted = new java.util.LinkedHashMap<>();
        map.forEach((key, value) -> converted.put(String.valueOf(key), value));
        return converted;
    }

    static int varintSize(long value) {
        if (value < 0) {
            return 10;
        }
        int size = 1;
        while (value >= 0x80) {
            value >>>= 7;
            size++;
        }
        return size;
    }

    /** What encoding one record after another reuses: the record's buffer and the attribute keys' bytes. One thread at a time. */
    static final class Scratch {
        private final Buffer record = new Buffer(512);
        private final KeyBytes keys = new KeyBytes();
    }

    /**
     * The UTF-8 bytes of attribute keys, remembered by identity: the keys are the same few constant strings on every
     * record (parser group names, action keys), and encoding them again for each record was an allocation per key
     * per record on the measured hot path. Direct-mapped, so a key that collides is just encoded again.
     */
    private static final class KeyBytes {
        private static final int SLOTS = 64;
        private final Key[] slots = new Key[SLOTS];
        private final AttributeWriter attributeWriter = new AttributeWriter(this);

        private record Key(String text, byte[] utf8) {
        }

        byte[] utf8(String key) {
            int slot = key.hashCode() & (SLOTS - 1);
            Key known = slots[slot];
            if (known != null && (known.text == key || known.text.equals(key))) {
                return known.utf8;
            }
            byte[] utf8 = key.getBytes(StandardCharsets.UTF_8);
            slots[slot] = new Key(key, utf8);
            return utf8;
        }
    }

    /** A growable byte array with the protobuf primitives. */
    private static final class Buffer {
        private byte[] bytes;
        private int size;

        Buffer(int capacity) {
            bytes = new byte[Math.max(16, capacity)];
        }

        /** Writes into {@code exact}, which must be large enough: it is never grown. */
        Buffer(byte[] exact) {
            bytes = exact;
        }

        void clear() {
            size = 0;
        }

        private void ensure(int extra) {
            if (size + extra > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + extra));
            }
        }

        void writeTag(int tag) {
            writeVarint(tag);
        }

        void writeVarint(long value) {
            if (bytes.length - size < 10) {
                ensure(varintSize(value)); // exactly: an exact-size buffer must not grow at its end
            }
            while ((value & ~0x7FL) != 0) {
                bytes[size++] = (byte) ((value & 0x7F) | 0x80);
                value >>>= 7;
            }
            bytes[size++] = (byte) value;
        }

        void writeFixed64(long value) {
            ensure(8);
            for (int i = 0; i < 8; i++) {
                bytes[size++] = (byte) (value >>> (8 * i));
            }
        }

        void writeString(int tag, String value) {
            writeBytes(tag, value.getBytes(StandardCharsets.UTF_8));
        }

        void writeBytes(int tag, byte[] value) {
            writeTag(tag);
            writeVarint(value.length);
            ensure(value.length);
            System.arraycopy(value, 0, bytes, size, value.length);
            size += value.length;
        }

        void writeRaw(byte[] value) {
            ensure(value.length);
            System.arraycopy(value, 0, bytes, size, value.length);
            size += value.length;
        }

        void writeMessage(int tag, Buffer message) {
            writeTag(tag);
            writeVarint(message.size);
            write(message);
        }

        void write(Buffer other) {
            ensure(other.size);
            System.arraycopy(other.bytes, 0, bytes, size, other.size);
            size += other.size;
        }

    }
}
