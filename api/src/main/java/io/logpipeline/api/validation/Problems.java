package io.logpipeline.api.validation;

import io.logpipeline.api.regex.GoRegex;
import io.logpipeline.api.units.ByteSize;
import io.logpipeline.api.units.GoDuration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Collects every problem of one validation run, with the checks the validators share. */
final class Problems {

    private final List<Problem> found = new ArrayList<>();

    void add(String path, String message) {
        found.add(Problem.invalidSpec(path, message));
    }

    List<Problem> list() {
        return List.copyOf(found);
    }

    static String at(String path, String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    static String at(String path, String field, int index) {
        return at(path, field) + "[" + index + "]";
    }

    boolean required(String path, Object value) {
        if (value == null || value instanceof String s && s.isBlank()) {
            add(path, "is required");
            return false;
        }
        return true;
    }

    /** A duration that parses and is at least {@code min}. */
    Optional<Duration> duration(String path, String value, Duration min) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            Duration parsed = GoDuration.parse(value);
            if (parsed.compareTo(min) < 0) {
                add(path, "must be at least " + GoDuration.format(min) + ", got \"" + value + "\"");
                return Optional.empty();
            }
            return Optional.of(parsed);
        } catch (IllegalArgumentException e) {
            add(path, e.getMessage());
            return Optional.empty();
        }
    }

    void size(String path, String value, long minBytes) {
        if (value == null) {
            return;
        }
        try {
            if (ByteSize.parseBytes(value) < minBytes) {
                add(path, "must be at least " + minBytes + " bytes, got \"" + value + "\"");
            }
        } catch (IllegalArgumentException e) {
            add(path, e.getMessage());
        }
    }

    void atLeast(String path, Integer value, int min) {
        if (value != null && value < min) {
            add(path, "must be at least " + min + ", got " + value);
        }
    }

    /** A Go or Java regular expression that compiles. */
    Optional<GoRegex> regex(String path, String value) {
        if (!required(path, value)) {
            return Optional.empty();
        }
        try {
            return Optional.of(GoRegex.compile(value));
        } catch (IllegalArgumentException e) {
            add(path, "is not a valid regular expression: " + e.getMessage());
            return Optional.empty();
        }
    }

    /** A glob as used in include/exclude lists; compiled the way the collector matches them. */
    void glob(String path, String value) {
        if (!required(path, value)) {
            return;
        }
        try {
            Pattern.compile(Globs.toRegex(value));
        } catch (PatternSyntaxException e) {
            add(path, "is not a valid glob: " + e.getDescription());
        }
    }

    /** A field reference: {@code body} or {@code attributes.<name>}. */
    void fieldReference(String path, String value) {
        if (!required(path, value)) {
            return;
        }
        if (!value.equals("body") && !(value.startsWith("attributes.") && value.length() > "attributes.".length())
                && !(value.startsWith("resource.") && value.length() > "resource.".length())) {
            add(path, "must be body, attributes.<name> or resource.<name>, got \"" + value + "\"");
        }
    }
}
