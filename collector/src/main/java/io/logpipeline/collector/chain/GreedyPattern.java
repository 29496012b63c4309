package io.logpipeline.collector.chain;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An anchored pattern of character classes and literals, each repeated greedily, that {@code java.util.regex}
 * would match without ever backtracking — matched here in one pass over the characters.
 *
 * <p>Measured hot path: after the final {@code (?P<message>.*)$} was taken as the rest of the line, the seed
 * parser's {@code ^(?P<timestamp>\d{4}-\d{2}-\d{2}T\S+)\s+(?P<level>[A-Za-z]+)\s+} was still ~20 % of the
 * processing thread in {@code java.util.regex} (docs/benchmarks.md, "Collector end to end"). Only a small subset is
 * accepted, and only when the greedy first try is the only possible match: every repeated item's class is disjoint
 * from every class that can come right after it, so giving characters back could never let the rest match. That
 * makes the result exactly {@link java.util.regex.Matcher#find()}'s (tests compare both on generated texts).
 *
 * <p>Accepted: a leading {@code ^} (required); literal characters and escaped punctuation; {@code \d \D \s \S \w \W}
 * with Java's ASCII meanings; {@code [...]} classes of those, literals and ranges, optionally negated; quantifiers
 * {@code ? * + {n} {n,} {n,m}}; groups {@code (...)}, {@code (?P<name>...)}, {@code (?<name>...)} of such items, not
 * nested and not repeated. A text holding a surrogate (where Java counts code points, not chars) is not matched here:
 * {@link #match} answers {@link #UNDECIDED} and the caller takes the general path.
 */
public final class GreedyPattern {

    /** What {@link #match} answers when it does not decide: the caller must use the general matcher. */
    public static final int[] UNDECIDED = new int[0];

    private static final String METACHARACTERS = "\\^$.|?*+()[]{}";
    private static final BitSet DIGIT = range('0', '9');
    private static final BitSet SPACE = chars(" \t\n\u000B\f\r");
    private static final BitSet WORD = union(union(range('a', 'z'), range('A', 'Z')), union(DIGIT, chars("_")));

    private final Item[] items;
    private final Map<String, Integer> groups;
    private final int groupCount;

    /** One class repeated between min and max times; opens and closes groups before and after it. */
    private record Item(CharClass matches, int min, int max, int[] opens, int[] closes) {
    }

    /** A set of chars (never a surrogate): a table for Latin-1, the set itself beyond. */
    private static final class CharClass {
        private final BitSet members;
        private final boolean[] latin1 = new boolean[256];

        CharClass(BitSet members) {
            this.members = members;
            for (int c = 0; c < latin1.length; c++) {
                latin1[c] = members.get(c);
            }
        }

        boolean matches(char c) {
            return c < 256 ? latin1[c] : members.get(c);
        }

        boolean intersects(CharClass other) {
            return members.intersects(other.members);
        }
    }

    private GreedyPattern(Item[] items, Map<String, Integer> groups, int groupCount) {
        this.items = items;
        this.groups = groups;
        this.groupCount = groupCount;
    }

    /** The compiled pattern, or null when {@code source} is outside the subset or could backtrack. */
    public static GreedyPattern compile(String source) {
        try {
            return new Parser(source).parse();
        } catch (IllegalArgumentException outsideTheSubset) {
            return null;
        }
    }

    /** Group name as the user wrote it → group number (1-based, counting unnamed groups too). */
    public Map<String, Integer> groupNumbers() {
        return groups;
    }

    /**
     * Matches at the start of {@code text}.
     *
     * @return null when it does not match; {@link #UNDECIDED} when the text holds a surrogate; otherwise the spans:
     *     {@code [0]} and {@code [1]} the match, {@code [2g]} and {@code [2g+1]} group g's
     */
    public int[] match(String text) {
        int[] spans = new int[2 * (groupCount + 1)];
        int at = 0;
        int length = text.length();
        for (Item item : items) {
            for (int group : item.opens) {
                spans[2 * group] = at;
            }
            int count = 0;
            while (count < item.max && at < length) {
                char c = text.charAt(at);
                if (Character.isSurrogate(c)) {
                    return UNDECIDED;
                }
                if (!item.matches.matches(c)) {
                    break;
                }
                at++;
                count++;
            }
            if (count < item.min) {
                return at < length && Character.isSurrogate(text.charAt(at)) ? UNDECIDED : null;
            }
            for (int group : item.closes) {
                spans[2 * group + 1] = at;
            }
        }
        spans[1] = at;
        return spans;
    }

    /** The value of group {@code number} in {@code spans} from {@link #match}. */
    public static String group(String text, int[] spans, int number) {
        return text.substring(spans[2 * number], spans[2 * number + 1]);
    }

    /** A one-pass reader of the accepted subset. */
    private static final class Parser {
        private final String source;
        private int at;
        private final List<Item> items = new ArrayList<>();
        private final Map<String, Integer> groups = new LinkedHashMap<>();
        private int groupCount;
        private final List<Integer> pendingOpens = new ArrayList<>();

        Parser(String source) {
            this.source = source;
        }

        GreedyPattern parse() {
            expect(source.startsWith("^"));
            at = 1;
            int openGroup = 0;
            int itemsInGroup = 0;
            while (at < source.length()) {
                char c = source.charAt(at);
                if (c == '(') {
                    expect(openGroup == 0);
                    openGroup = ++groupCount;
                    itemsInGroup = 0;
                    at++;
                    if (source.startsWith("?P<", at) || source.startsWith("?<", at) && !source.startsWith("?<=", at)
                            && !source.startsWith("?<!", at)) {
                        int nameStart = source.indexOf('<', at) + 1;
                        int nameEnd = source.indexOf('>', nameStart);
                        expect(nameEnd > nameStart);
                        groups.put(source.substring(nameStart, nameEnd), openGroup);
                        at = nameEnd + 1;
                    } else {
                        expect(c == '(' && (at >= source.length() || source.charAt(at) != '?'));
                    }
                    pendingOpens.add(openGroup);
                } else if (c == ')') {
                    // an empty group or one whose items ended before it would have no item to close it on
                    expect(openGroup != 0 && itemsInGroup > 0);
                    at++;
                    expect(at >= source.length() || "?*+{".indexOf(source.charAt(at)) < 0);
                    Item last = items.remove(items.size() - 1);
                    items.add(new Item(last.matches, last.min, last.max, last.opens, append(last.closes, openGroup)));
                    openGroup = 0;
                } else {
                    CharClass matches = atom();
                    int[] counts = quantifier();
                    int[] opens = pendingOpens.stream().mapToInt(Integer::intValue).toArray();
                    pendingOpens.clear();
                    items.add(new Item(matches, counts[0], counts[1], opens, new int[0]));
                    itemsInGroup++;
                }
            }
            expect(openGroup == 0 && pendingOpens.isEmpty());
            checkNoBacktracking();
            return new GreedyPattern(items.toArray(Item[]::new), Collections.unmodifiableMap(groups), groupCount);
        }

        /** Each repeated item's class is disjoint from every class that may match the character after its run. */
        private void checkNoBacktracking() {
            for (int i = 0; i < items.size(); i++) {
                Item item = items.get(i);
                if (item.min == item.max) {
                    continue;
                }
                for (int next = i + 1; next < items.size(); next++) {
                    expect(!item.matches.intersects(items.get(next).matches));
                    if (items.get(next).min > 0) {
                        break;
                    }
                }
            }
        }

        private CharClass atom() {
            char c = source.charAt(at);
            if (c == '[') {
                return characterClass();
            }
            if (c == '\\') {
                expect(at + 1 < source.length());
                char escaped = source.charAt(at + 1);
                at += 2;
                BitSet shorthand = shorthand(escaped);
                if (shorthand != null) {
                    return charClass(shorthand, false);
                }
                expect(!Character.isLetterOrDigit(escaped));
                return charClass(chars(String.valueOf(escaped)), false);
            }
            expect(METACHARACTERS.indexOf(c) < 0 && !Character.isSurrogate(c));
            at++;
            return charClass(chars(String.valueOf(c)), false);
        }

        private CharClass characterClass() {
            at++;
            boolean negated = at < source.length() && source.charAt(at) == '^';
            if (negated) {
                at++;
            }
            BitSet members = new BitSet();
            boolean first = true;
            while (true) {
                expect(at < source.length());
                char c = source.charAt(at);
                if (c == ']') {
                    // Go reads a leading ] as a literal and Java does not: outside the subset
                    expect(!first);
                    at++;
                    break;
                }
                first = false;
                if (c == '\\') {
                    expect(at + 1 < source.length());
                    char escaped = source.charAt(at + 1);
                    at += 2;
                    BitSet shorthand = shorthand(escaped);
                    if (shorthand != null) {
                        // [\d-z] is an error in Go and something else in Java
                        expect(at < source.length() && source.charAt(at) != '-');
                        members.or(shorthand);
                        continue;
                    }
                    expect(!Character.isLetterOrDigit(escaped));
                    c = escaped;
                } else {
                    // nested classes, intersections and POSIX names mean something else in Java and Go
                    expect(c != '[' && c != '&' && c != ']' && !Character.isSurrogate(c));
                    at++;
                }
                if (at + 1 < source.length() && source.charAt(at) == '-' && source.charAt(at + 1) != ']') {
                    char end = source.charAt(at + 1);
                    expect(end != '\\' && end != '[' && end >= c && !Character.isSurrogate(end));
                    members.or(range(c, end));
                    at += 2;
                } else {
                    members.set(c);
                }
            }
            return charClass(members, negated);
        }

        private int[] quantifier() {
            if (at >= source.length()) {
                return new int[] {1, 1};
            }
            char c = source.charAt(at);
            int[] counts;
            if (c == '?') {
                counts = new int[] {0, 1};
                at++;
            } else if (c == '*') {
                counts = new int[] {0, Integer.MAX_VALUE};
                at++;
            } else if (c == '+') {
                counts = new int[] {1, Integer.MAX_VALUE};
                at++;
            } else if (c == '{') {
                int close = source.indexOf('}', at);
                expect(close > at);
                String[] bounds = source.substring(at + 1, close).split(",", -1);
                expect(bounds.length <= 2 && bounds[0].matches("\\d{1,4}") && (bounds.length == 1 || bounds[1].matches("\\d{0,4}")));
                int min = Integer.parseInt(bounds[0]);
                int max = bounds.length == 1 ? min : bounds[1].isEmpty() ? Integer.MAX_VALUE : Integer.parseInt(bounds[1]);
                expect(max >= min);
                counts = new int[] {min, max};
                at = close + 1;
            } else {
                return new int[] {1, 1};
            }
            // lazy and possessive forms, and a quantified quantifier, are outside the subset
            expect(at >= source.length() || "?*+{".indexOf(source.charAt(at)) < 0);
            return counts;
        }

        private static BitSet shorthand(char escaped) {
            return switch (escaped) {
                case 'd' -> DIGIT;
                case 's' -> SPACE;
                case 'w' -> WORD;
                case 'D' -> complement(DIGIT);
                case 'S' -> complement(SPACE);
                case 'W' -> complement(WORD);
                default -> null;
            };
        }

        private static void expect(boolean condition) {
            if (!condition) {
                throw new IllegalArgumentException();
            }
        }
    }

    private static CharClass charClass(BitSet members, boolean negated) {
        BitSet set = negated ? complement(members) : (BitSet) members.clone();
        set.clear(Character.MIN_SURROGATE, Character.MAX_SURROGATE + 1);
        return new CharClass(set);
    }

    private static int[] append(int[] values, int value) {
        int[] longer = Arrays.copyOf(values, values.length + 1);
        longer[values.length] = value;
        return longer;
    }

    private static BitSet range(char from, char to) {
        BitSet set = new BitSet();
        set.set(from, to + 1);
        return set;
    }

    private static BitSet chars(String members) {
        BitSet set = new BitSet();
        members.chars().forEach(set::set);
        return set;
    }

    private static BitSet union(BitSet a, BitSet b) {
        BitSet set = (BitSet) a.clone();
        set.or(b);
        return set;
    }

    private static BitSet complement(BitSet set) {
        BitSet complement = new BitSet();
        complement.set(0, Character.MAX_VALUE + 1);
        complement.andNot(set);
        return complement;
    }
}
