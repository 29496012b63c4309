package io.logpipeline.api.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.deser.ValueInstantiator;
import io.logpipeline.api.validation.Problem;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Turns what Jackson finds wrong in a document into {@link ConfigProblem}s a user can act on: the field path,
 * line and column, and a sentence without Java class names.
 *
 * <p>Why a {@link DeserializationProblemHandler} rather than a separate walk of the JSON tree: Jackson calls it at
 * the very token that is wrong (so the location is exact) and knows each type's fields (including what
 * annotations rename or ignore), so the check cannot drift from what the reader accepts. The handler records the
 * problem and skips the value, so reading goes on and every unknown field and every value of the wrong type is
 * reported in one go. Only broken JSON syntax stops the reading: nothing after it can be trusted.
 */
final class JsonProblems extends DeserializationProblemHandler {

    private final ObjectMapper mapper;
    private final List<ConfigProblem> found = new ArrayList<>();

    JsonProblems(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    List<ConfigProblem> found() {
        return found;
    }

    @Override
    public boolean handleUnknownProperty(DeserializationContext ctxt, JsonParser p, JsonDeserializer<?> deserializer, Object bean,
            String propertyName) throws IOException {
        Collection<Object> known = deserializer == null ? List.of() : deserializer.getKnownPropertyNames();
        String closest = closest(propertyName, known);
        String hint = closest != null ? "; did you mean \"" + closest + "\"?"
                : known.isEmpty() ? "" : "; the fields here are " + known.stream().map(String::valueOf).sorted().collect(Collectors.joining(", "));
        add(p, "unknown field \"" + propertyName + "\"" + hint);
        p.skipChildren();
        return true;
    }

    @Override
    public Object handleWeirdStringValue(DeserializationContext ctxt, Class<?> targetType, String value, String failureMsg)
            throws IOException {
        add(ctxt.getParser(), "\"" + value + "\" is not " + expected(targetType));
        return null;
    }

    @Override
    public Object handleWeirdNumberValue(DeserializationContext ctxt, Class<?> targetType, Number value, String failureMsg)
            throws IOException {
        add(ctxt.getParser(), value + " is not " + expected(targetType));
        return null;
    }

    @Override
    public Object handleUnexpectedToken(DeserializationContext ctxt, JavaType targetType, JsonToken token, JsonParser p,
            String failureMsg) throws IOException {
        add(p, "expected " + expected(targetType.getRawClass()) + ", got " + describe(token));
        p.skipChildren();
        return null;
    }

    @Override
    public Object handleMissingInstantiator(DeserializationContext ctxt, Class<?> instClass, ValueInstantiator valueInsts, JsonParser p,
            String msg) throws IOException {
        add(p, "expected " + expected(instClass) + ", got " + describe(p.currentToken()));
        p.skipChildren();
        return null;
    }

    @Override
    public Object handleInstantiationProblem(DeserializationContext ctxt, Class<?> instClass, Object argument, Throwable t)
            throws IOException {
        add(ctxt.getParser(), "cannot be read: " + (t.getMessage() == null ? "invalid value" : t.getMessage()));
        return null;
    }

    /** The problem of a document Jackson could not read at all (broken syntax, or a problem no handler recovers from). */
    static ConfigProblem of(JsonProcessingException e) {
        JsonLocation location = e.getLocation();
        // without Jackson's hints about parser features and its "(for Array starting at [Source: ...])": the location says it
        String message = e.getOriginalMessage();
        for (String before = null; !message.equals(before); ) { // innermost first: the hints nest
            before = message;
            message = message.replaceAll("\\s*\\([^()]*(Feature|Source:)[^()]*\\)", "");
        }
        message = message.replaceAll("\\s+", " ").strip();
        // no field path: where broken syntax stops the reading, the context's last field name is misleading
        return new ConfigProblem("", location == null ? 0 : location.getLineNr(), location == null ? 0 : location.getColumnNr(),
                "not valid JSON: " + message);
    }

    /**
     * Where each problem's field is in {@code json}: the location of its key, or of the nearest enclosing field
     * when the field itself is absent (a required field that is missing is reported at its parent).
     */
    static List<ConfigProblem> locate(ObjectMapper mapper, String json, List<Problem> problems) {
        Map<String, JsonLocation> locations = new HashMap<>();
        try (JsonParser parser = mapper.createParser(json)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                String pointer = parser.getParsingContext().pathAsPointer().toString();
                if (token == JsonToken.FIELD_NAME || parser.getParsingContext().inArray()) {
                    locations.putIfAbsent(pointer, parser.currentTokenLocation());
                }
            }
        } catch (IOException unreadable) {
            // a document that parsed once parses again; without locations the problems still say their path
        }
        List<ConfigProblem> located = new ArrayList<>();
        for (Problem problem : problems) {
            JsonLocation location = null;
            for (String pointer = pointer(problem.path()); location == null && !pointer.isEmpty();
                    pointer = pointer.substring(0, pointer.lastIndexOf('/'))) {
                location = locations.get(pointer);
            }
            located.add(new ConfigProblem(problem.path(), location == null ? 0 : location.getLineNr(),
                    location == null ? 0 : location.getColumnNr(), problem.message()));
        }
        return located;
    }

    private void add(JsonParser p, String message) {
        JsonLocation location = p.currentTokenLocation();
        found.add(new ConfigProblem(path(p.getParsingContext().pathAsPointer()), location.getLineNr(), location.getColumnNr(), message));
    }

    // /exporters/0/endpoint -> exporters[0].endpoint, the paths validation uses
    private static String path(JsonPointer pointer) {
        StringBuilder path = new StringBuilder();
        for (JsonPointer segment = pointer; segment != null && !segment.matches(); segment = segment.tail()) {
            if (segment.mayMatchElement()) {
                path.append('[').append(segment.getMatchingIndex()).append(']');
            } else {
                path.append(path.isEmpty() ? "" : ".").append(segment.getMatchingProperty());
            }
        }
        return path.toString();
    }

    // exporters[0].endpoint -> /exporters/0/endpoint
    private static String pointer(String path) {
        return path.isEmpty() ? "" : "/" + path.replace("[", ".").replace("]", "").replace('.', '/');
    }

    /** What a value of {@code type} looks like in JSON. */
    private String expected(Class<?> type) {
        if (type.isEnum()) {
            return "one of " + Arrays.stream(type.getEnumConstants()).map(constant -> mapper.convertValue(constant, String.class))
                    .collect(Collectors.joining(", "));
        } else if (type == String.class || type == Character.class || type == char.class) {
            return "a string";
        } else if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        } else if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        } else if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list";
        }
        return "an object";
    }

    private static String describe(JsonToken token) {
        if (token == null) {
            return "nothing";
        }
        return switch (token) {
            case START_OBJECT, END_OBJECT, FIELD_NAME -> "an object";
            case START_ARRAY, END_ARRAY -> "a list";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "true or false";
            case VALUE_NULL -> "null";
            default -> "a value";
        };
    }

    /**
     * The known field nearest to {@code name} (edit distance up to a third of its length), or null. Hand-written:
     * fifteen lines of Levenshtein rather than a library dependency for the api module the operator also ships.
     */
    static String closest(String name, Collection<Object> known) {
        return known.stream().map(String::valueOf).filter(Objects::nonNull)
                .map(candidate -> Map.entry(candidate, distance(name.toLowerCase(), candidate.toLowerCase())))
                .filter(entry -> entry.getValue() <= Math.max(1, name.length() / 3))
                .min(Map.Entry.<String, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                .map(Map.Entry::getKey).orElse(null);
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
