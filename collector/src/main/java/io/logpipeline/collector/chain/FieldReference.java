package io.logpipeline.collector.chain;

import io.logpipeline.collector.record.ContainerResource;
import io.logpipeline.collector.record.LogRecord;

/** A parsed {@code parseFrom} reference ({@code body}, {@code attributes.<name>}, {@code resource.<name>}), resolved once at config load. */
public final class FieldReference {

    private enum Kind { BODY, ATTRIBUTE, RESOURCE }

    private final Kind kind;
    private final String name;
    private final String text;

    private FieldReference(Kind kind, String name, String text) {
        this.kind = kind;
        this.name = name;
        this.text = text;
    }

    /**
     * @throws IllegalArgumentException when the reference is none of the three forms (the validator says so first)
     */
    public static FieldReference parse(String text) {
        if ("body".equals(text)) {
            return new FieldReference(Kind.BODY, null, text);
        }
        if (text != null && text.startsWith("attributes.") && text.length() > "attributes.".length()) {
            return new FieldReference(Kind.ATTRIBUTE, text.substring("attributes.".length()), text);
        }
        if (text != null && text.startsWith("resource.") && text.length() > "resource.".length()) {
            return new FieldReference(Kind.RESOURCE, text.substring("resource.".length()), text);
        }
        throw new IllegalArgumentException("must be body, attributes.<name> or resource.<name>, got \"" + text + "\"");
    }

    /** The value, or null when the record has none. */
    public Object read(LogRecord record) {
        return switch (kind) {
            case BODY -> record.body();
            case ATTRIBUTE -> record.attributes().get(name);
            case RESOURCE -> {
                ContainerResource resource = record.resource();
                yield resource == null ? null : resource.get(name);
            }
        };
    }

    @Override
    public String toString() {
        return text;
    }
}
