package io.logpipeline.collector.chain;

import io.logpipeline.api.regex.GoRegex;
import java.util.regex.Pattern;

/** A "found anywhere" regular expression test, compiled once; a pattern without metacharacters is a plain substring search. */
public final class TextPattern {

    private static final String METACHARACTERS = "\\^$.|?*+()[]{}";

    private static final ThreadLocal<BoundedText> BOUNDED = ThreadLocal.withInitial(BoundedText::new);

    private final Pattern pattern;
    private final String literal;

    private TextPattern(Pattern pattern, String literal) {
        this.pattern = pattern;
        this.literal = literal;
    }

    /**
     * @throws IllegalArgumentException when the pattern does not compile
     */
    public static TextPattern compile(String source) {
        Pattern pattern = GoRegex.compile(source).pattern();
        // Measured hot path (filter rules run per record): indexOf needs no Matcher allocation and is several
        // times faster than Matcher.find for the literal rules users write most, like 'GET /healthz'.
        boolean literal = source.chars().noneMatch(c -> METACHARACTERS.indexOf(c) >= 0);
        return new TextPattern(pattern, literal ? source : null);
    }

    /** @throws RegexBudgetExceededException when the pattern backtracks catastrophically on this text */
    public boolean find(String text) {
        if (text == null) {
            return false;
        }
        return literal != null ? text.contains(literal) : pattern.matcher(BOUNDED.get().reset(text, pattern.pattern())).find();
    }
}
