package io.logpipeline.collector.chain;

import io.logpipeline.api.regex.GoRegex;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A compiled "find the pattern in this text" for patterns whose groups are read afterwards (regex parsers,
 * extract actions), giving exactly {@link Matcher#find()}'s match, faster.
 *
 * <p>Measured hot path: the seed's {@code '.*\[(DEBUG|INFO|WARN|ERROR|FATAL)\].*'} runs on every body, and
 * {@code find()} with a leading {@code .*} retries from every start position when there is no match
 * (quadratic: ~30 µs on a 60-character line here). For a pattern that starts with a greedy {@code .*}
 * followed by a literal character, on a text without line terminators, the match {@code find()} returns is
 * the rest of the pattern matched at the last position of that character where it matches — so we try only
 * those positions, from the end, and a final {@code .*} of the rest is left out. Matchers are reused per
 * thread instead of allocated per record.
 */
public final class RegexSearch {

    private static final String METACHARACTERS = "\\^$.|?*+()[]{}";
    private static final String QUANTIFIERS = "?*+{";
    /** A final group that captures the rest of the line: {@code (?P<name>.*)$}, {@code (?<name>.*)}, {@code (.*)$}. */
    private static final Pattern TRAILING_REST = Pattern.compile("\\((?:\\?P?<([A-Za-z_][A-Za-z0-9_.]*)>)?\\.\\*\\)\\$?$");

    private final GoRegex regex;
    private final ThreadLocal<Matchers> matchers;
    private final boolean hasRest;
    private final char restFirst;
    /**
     * The matchers of the thread that used this search last: the pipeline runs the chain on one thread, and a
     * {@code ThreadLocal} lookup per record measured ~10 % of that thread's time (docs/benchmarks.md).
     */
    private volatile Matchers last;

    /** One thread's matchers. */
    private record Matchers(Thread thread, Matcher whole, Matcher rest, BoundedText text) {
    }

    private RegexSearch(GoRegex regex, GoRegex restRegex, char restFirst) {
        this.regex = regex;
        this.hasRest = restRegex != null;
        this.matchers = ThreadLocal.withInitial(() -> new Matchers(Thread.currentThread(), regex.pattern().matcher(""),
                restRegex == null ? null : restRegex.pattern().matcher("").useTransparentBounds(true).useAnchoringBounds(false),
                new BoundedText()));
        this.restFirst = restFirst;
    }

    private Matchers matchers() {
        Matchers mine = last;
        if (mine == null || mine.thread() != Thread.currentThread()) {
            mine = matchers.get();
            last = mine;
        }
        return mine;
    }

    /**
     * @throws IllegalArgumentException when the pattern does not compile
     */
    public static RegexSearch compile(String source) {
        GoRegex regex = GoRegex.compile(source);
        if (source.startsWith(".*") && source.length() > 3 && QUANTIFIERS.indexOf(source.charAt(2)) < 0) {
            String restSource = source.substring(2);
            char first = literalFirst(restSource);
            if (first != 0) {
                return new RegexSearch(regex, GoRegex.compile(withoutTrailingDotStar(restSource)), first);
            }
        }
        return new RegexSearch(regex, null, (char) 0);
    }

    /**
     * {@code source} without a final unescaped {@code .*}: on a text without line terminators it always matches
     * the rest of the text and holds no group, so it changes neither whether the pattern matches at a position
     * nor any group — and walking it costs a check per remaining character.
     */
    static String withoutTrailingDotStar(String source) {
        if (!source.endsWith(".*") || source.length() < 3) {
            return source;
        }
        int backslashes = 0;
        for (int i = source.length() - 3; i >= 0 && source.charAt(i) == '\\'; i--) {
            backslashes++;
        }
        return backslashes % 2 == 0 ? source.substring(0, source.length() - 2) : source;
    }

    /** The first character every match of {@code source} starts with, or 0 when there is none so simple. */
    private static char literalFirst(String source) {
        char first;
        int next;
        if (source.charAt(0) == '\\' && source.length() > 1 && !Character.isLetterOrDigit(source.charAt(1))) {
            first = source.charAt(1);
            next = 2;
        } else if (METACHARACTERS.indexOf(source.charAt(0)) < 0) {
            first = source.charAt(0);
            next = 1;
        } else {
            return 0;
        }
        boolean quantified = next < source.length() && QUANTIFIERS.indexOf(source.charAt(next)) >= 0;
        boolean alternation = source.indexOf('|') >= 0 && topLevelAlternation(source);
        return quantified || alternation ? 0 : first;
    }

    /** Whether a {@code |} sits outside every group (then the first character is not shared by all matches). */
    private static boolean topLevelAlternation(String source) {
        int depth = 0;
        boolean inClass = false;
        for (int i = 0; i < source.length(); i++) {
            char c = source.charAt(i);
            if (c == '\\') {
                i++;
            } else if (inClass) {
                inClass = c != ']';
            } else if (c == '[') {
                inClass = true;
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == '|' && depth == 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * A pattern whose last element is a group capturing the rest of the line, split into the pattern before that
     * group and the group's name (null when unnamed).
     *
     * <p>Measured hot path: the seed parser's {@code (?P<message>.*)$} walked the rest of every line character by
     * character (docs/benchmarks.md, "Collector end to end"). On a text without line terminators {@code (.*)$} matches
     * wherever it starts and holds no choice, so the first match of the whole pattern is the first match of the
     * {@link #prefix()}, with the group being the rest of the text from the prefix's end.
     */
    public record TrailingRest(RegexSearch prefix, String prefixSource, String groupName) {

        /** The match's value of the trailing group, given the prefix's match on {@code text}. */
        public String rest(String text, Matcher prefixMatch) {
            return text.substring(prefixMatch.end());
        }
    }

    /**
     * The split of {@code source} before a final {@code (?P<name>.*)$} (with or without {@code $}, named or not),
     * or null when the pattern does not end so or the group is not at the top level. Use only on texts without
     * line terminators ({@link #hasLineTerminator}).
     */
    public static TrailingRest trailingRest(String source) {
        int open = source.lastIndexOf('(');
        if (open <= 0) {
            return null;
        }
        Matcher suffix = TRAILING_REST.matcher(source).region(open, source.length());
        if (!suffix.lookingAt() || precedingBackslashes(source, open) % 2 != 0) {
            return null;
        }
        String prefix = source.substring(0, open);
        if (topLevelAlternation(prefix)) {
            return null;
        }
        try {
            // a prefix that compiles has balanced groups and classes, so the final group is at the top level
            return new TrailingRest(compile(prefix), prefix, suffix.group(1));
        } catch (IllegalArgumentException notAPatternByItself) {
            return null;
        }
    }

    private static int precedingBackslashes(String source, int at) {
        int count = 0;
        for (int i = at - 1; i >= 0 && source.charAt(i) == '\\'; i--) {
            count++;
        }
        return count;
    }

    /** Java group name → the name the user wrote. */
    public Map<String, String> groupNames() {
        return regex.groupNames();
    }

    /**
     * A matcher on the match {@link Matcher#find()} would return, or null when there is none; valid until the next call on this thread.
     *
     * @throws RegexBudgetExceededException when the pattern backtracks catastrophically on this text
     */
    public Matcher search(String text) {
        Matchers mine = matchers();
        BoundedText bounded = mine.text().reset(text, regex.pattern().pattern());
        if (hasRest && !hasLineTerminator(text)) {
            Matcher matcher = mine.rest().reset(bounded);
            for (int at = text.lastIndexOf(restFirst); at >= 0; at = text.lastIndexOf(restFirst, at - 1)) {
                if (matcher.region(at, text.length()).lookingAt()) {
                    return matcher;
                }
            }
            return null;
        }
        Matcher matcher = mine.whole().reset(bounded);
        return matcher.find() ? matcher : null;
    }

    /** Whether {@code text} holds one of the characters Java's {@code .} does not match. */
    // String.indexOf is a vectorized intrinsic; a Latin-1 string answers the last two without a scan.
    public static boolean hasLineTerminator(String text) {
        return text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0 || text.indexOf('\u0085') >= 0
                || text.indexOf('\u2028') >= 0 || text.indexOf('\u2029') >= 0;
    }
}
