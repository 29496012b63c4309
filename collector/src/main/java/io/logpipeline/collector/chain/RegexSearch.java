package io.logpipeline.collector.chain;

import io.logpipeline.api.regex.GoRegex;
import java.util.Map;
import java.util.regex.Matcher;

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
    private record Matchers(Thread thread, Matcher whole, Matcher rest) {
    }

    private RegexSearch(GoRegex regex, GoRegex restRegex, char restFirst) {
        this.regex = regex;
        this.hasRest = restRegex != null;
        this.matchers = ThreadLocal.withInitial(() -> new Matchers(Thread.currentThread(), regex.pattern().matcher(""),
                restRegex == null ? null : restRegex.pattern().matcher("").useTransparentBounds(true).useAnchoringBounds(false)));
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

    /** Java group name → the name the user wrote. */
    public Map<String, String> groupNames() {
        return regex.groupNames();
    }

    /** A matcher on the match {@link Matcher#find()} would return, or null when there is none; valid until the next call on this thread. */
    public Matcher search(String text) {
        if (hasRest && !hasLineTerminator(text)) {
            Matcher matcher = matchers().rest().reset(text);
            for (int at = text.lastIndexOf(restFirst); at >= 0; at = text.lastIndexOf(restFirst, at - 1)) {
                if (matcher.region(at, text.length()).lookingAt()) {
                    return matcher;
                }
            }
            return null;
        }
        Matcher matcher = matchers().whole().reset(text);
        return matcher.find() ? matcher : null;
    }

    // String.indexOf is a vectorized intrinsic; a Latin-1 string answers the last two without a scan.
    private static boolean hasLineTerminator(String text) {
        return text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0 || text.indexOf('\u0085') >= 0
                || text.indexOf('\u2028') >= 0 || text.indexOf('\u2029') >= 0;
    }
}
