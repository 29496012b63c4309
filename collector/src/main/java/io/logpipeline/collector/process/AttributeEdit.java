package io.logpipeline.collector.process;

import io.logpipeline.api.v1alpha1.AttributeAction;
import io.logpipeline.collector.chain.AttributeLookup;
import io.logpipeline.collector.chain.RegexSearch;
import io.logpipeline.collector.record.LogRecord;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;

/**
 * One attribute action compiled at config load, applied to a map of attributes: a record's (with the
 * record at hand for {@code fromAttribute}) or a resource's (where {@code fromAttribute} reads that map).
 */
final class AttributeEdit {

    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    });

    private final AttributeAction.Action action;
    private final String key;
    private final String value;
    private final AttributeLookup from;
    private final RegexSearch pattern;
    private final List<Map.Entry<String, String>> groups;
    private final AttributeAction.ConvertedType convertedType;

    private AttributeEdit(AttributeAction spec) {
        this.action = spec.getAction();
        this.key = spec.getKey();
        this.value = spec.getValue();
        this.from = spec.getFromAttribute() == null ? null : AttributeLookup.of(spec.getFromAttribute());
        if (spec.getPattern() != null) {
            this.pattern = RegexSearch.compile(spec.getPattern());
            this.groups = List.copyOf(pattern.groupNames().entrySet());
        } else {
            this.pattern = null;
            this.groups = List.of();
        }
        this.convertedType = spec.getConvertedType();
    }

    static AttributeEdit compile(AttributeAction spec) {
        return new AttributeEdit(spec);
    }

    /**
     * @param record the record whose attributes {@code target} is, or null when {@code target} is a resource
     */
    void apply(Map<String, Object> target, LogRecord record) {
        switch (action) {
            case INSERT -> {
                if (!target.containsKey(key)) {
                    putIfKnown(target, source(target, record));
                }
            }
            case UPDATE -> {
                if (target.containsKey(key)) {
                    putIfKnown(target, source(target, record));
                }
            }
            case UPSERT -> putIfKnown(target, source(target, record));
            case DELETE -> target.remove(key);
            case HASH -> {
                Object current = target.get(key);
                if (current != null) {
                    target.put(key, sha256Hex(String.valueOf(current)));
                }
            }
            case EXTRACT -> extract(target, record);
            case CONVERT -> {
                Object current = target.get(key);
                if (current != null) {
                    Object converted = convert(current);
                    if (converted != null) {
                        target.put(key, converted);
                    }
                }
            }
            default -> throw new IllegalStateException("unhandled action " + action);
        }
    }

    private Object source(Map<String, Object> target, LogRecord record) {
        if (value != null) {
            return value;
        }
        if (record != null) {
            return from.read(record);
        }
        return "body".equals(from.key()) ? null : target.get(from.key());
    }

    private void putIfKnown(Map<String, Object> target, Object newValue) {
        if (newValue != null) {
            target.put(key, newValue);
        }
    }

    private void extract(Map<String, Object> target, LogRecord record) {
        if (!(source(target, record) instanceof String text)) {
            return;
        }
        Matcher matcher = pattern.search(text);
        if (matcher == null) {
            return;
        }
        if (key != null) {
            String group = matcher.group(1);
            if (group != null) {
                target.put(key, group);
            }
            return;
        }
        for (Map.Entry<String, String> group : groups) {
            String found = matcher.group(group.getKey());
            if (found != null) {
                target.put(group.getValue(), found);
            }
        }
    }

    /** The converted value, or null when the value cannot be converted (then it stays as it is, as in OpenTelemetry). */
    private Object convert(Object current) {
        return switch (convertedType) {
            case STRING -> String.valueOf(current);
            case INT -> {
                if (current instanceof Long) {
                    yield current;
                } else if (current instanceof Number number) {
                    yield number.longValue();
                } else if (current instanceof Boolean bool) {
                    yield bool ? 1L : 0L;
                } else if (current instanceof String text) {
                    try {
                        yield Long.parseLong(text.trim());
                    } catch (NumberFormatException e) {
                        yield toLongFromDecimal(text);
                    }
                }
                yield null;
            }
            case DOUBLE -> {
                if (current instanceof Number number) {
                    yield number.doubleValue();
                } else if (current instanceof Boolean bool) {
                    yield bool ? 1.0 : 0.0;
                } else if (current instanceof String text) {
                    try {
                        yield Double.parseDouble(text.trim());
                    } catch (NumberFormatException e) {
                        yield null;
                    }
                }
                yield null;
            }
            case BOOL -> {
                if (current instanceof Boolean) {
                    yield current;
                } else if (current instanceof Number number) {
                    yield number.doubleValue() != 0;
                } else if (current instanceof String text) {
                    String trimmed = text.trim();
                    if (trimmed.equalsIgnoreCase("true")) {
                        yield Boolean.TRUE;
                    } else if (trimmed.equalsIgnoreCase("false")) {
                        yield Boolean.FALSE;
                    }
                }
                yield null;
            }
        };
    }

    private static Long toLongFromDecimal(String text) {
        try {
            return (long) Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static String sha256Hex(String text) {
        MessageDigest digest = SHA_256.get();
        digest.reset();
        return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
