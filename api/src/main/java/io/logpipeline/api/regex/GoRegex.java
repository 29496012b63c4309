package io.logpipeline.api.regex;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Compiles the regular expressions users copy from OpenTelemetry Collector and Alloy configs.
 *
 * <p>Those are Go (RE2) patterns: named groups are written {@code (?P<name>...)} and names may hold
 * underscores, which Java group names cannot. Both spellings are accepted; each group gets a safe
 * Java name and {@link #groupNames()} maps it back to the name the user wrote.
 */
public final class GoRegex {

    private final Pattern pattern;
    private final Map<String, String> groupNames;
    private final int unnamedGroupCount;

    private GoRegex(Pattern pattern, Map<String, String> groupNames, int unnamedGroupCount) {
        this.pattern = pattern;
        this.groupNames = groupNames;
        this.unnamedGroupCount = unnamedGroupCount;
    }

    /**
     * @throws IllegalArgumentException naming the position and the problem, when the pattern does not compile
     */
    public static GoRegex compile(String source) {
        if (source == null || source.isEmpty()) {
            throw new IllegalArgumentException("the pattern is empty");
        }
        StringBuilder java = new StringBuilder(source.length());
        Map<String, String> names = new LinkedHashMap<>();
        int unnamed = 0;
        for (int i = 0; i < source.length(); i++) {
            char c = source.charAt(i);
            if (c == '\\' && i + 1 < source.length()) {
                java.append(c).append(source.charAt(++i));
                continue;
            }
            if (c == '[') {
                // copy a character class verbatim: parentheses inside it are literals
                int end = classEnd(source, i);
                java.append(source, i, end + 1);
                i = end;
                continue;
            }
            if (c == '(' && source.startsWith("(?P<", i) || c == '(' && source.startsWith("(?<", i)
                    && !source.startsWith("(?<=", i) && !source.startsWith("(?<!", i)) {
                int nameStart = source.indexOf('<', i) + 1;
                int nameEnd = source.indexOf('>', nameStart);
                if (nameEnd < 0) {
                    throw new IllegalArgumentException("group name at index " + i + " is not closed with '>'");
                }
                String name = source.substring(nameStart, nameEnd);
                if (!name.matches("[A-Za-z_][A-Za-z0-9_.]*")) {
                    throw new IllegalArgumentException("group name \"" + name + "\" at index " + i
                            + " must start with a letter or _ and hold only letters, digits, _ and .");
                }
                if (names.containsValue(name)) {
                    throw new IllegalArgumentException("group name \"" + name + "\" is used twice");
                }
                String javaName = "g" + names.size() + "x";
                names.put(javaName, name);
                java.append("(?<").append(javaName).append('>');
                i = nameEnd;
                continue;
            }
            if (c == '(' && (i + 1 >= source.length() || source.charAt(i + 1) != '?')) {
                unnamed++;
            }
            java.append(c);
        }
        try {
            return new GoRegex(Pattern.compile(java.toString()), Collections.unmodifiableMap(names), unnamed);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(e.getDescription() + " near index " + e.getIndex());
        }
    }

    private static int classEnd(String source, int open) {
        int i = open + 1;
        if (i < source.length() && source.charAt(i) == '^') {
            i++;
        }
        if (i < source.length() && source.charAt(i) == ']') {
            i++;
        }
        for (; i < source.length(); i++) {
            char c = source.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == ']') {
                return i;
            }
        }
        return source.length() - 1;
    }

    public Pattern pattern() {
        return pattern;
    }

    /** Java group name → the name the user wrote, in the order the groups appear. */
    public Map<String, String> groupNames() {
        return groupNames;
    }

    /** The names the user wrote, in order. */
    public List<String> userGroupNames() {
        return new ArrayList<>(groupNames.values());
    }

    public int unnamedGroupCount() {
        return unnamedGroupCount;
    }
}
