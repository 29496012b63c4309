package io.logpipeline.collector.chain;

/**
 * A line as a {@link java.util.regex.Matcher} reads it, with a budget of character reads: a pattern from a
 * custom resource that backtracks catastrophically, like {@code (a+)+$} on a long line, reads characters
 * exponentially often, runs out of budget within milliseconds and fails that one record
 * ({@link RegexBudgetExceededException}) instead of holding the pipeline's thread for minutes. The budget is
 * linear in the line's length, generous enough for every pattern that is linear or mildly quadratic on
 * ordinary lines. (An engine that is linear by construction, RE2/J, would lose the exact Java semantics the
 * measured fast paths rely on; a counter per read costs about one add.) One per thread, reset per record.
 */
final class BoundedText implements CharSequence {

    /** Character reads allowed per character of the line, plus {@link #BASE_BUDGET}. */
    static final long READS_PER_CHARACTER = 1_000;
    static final long BASE_BUDGET = 100_000;

    private String text = "";
    private String pattern;
    private long budget;

    /** Starts a new record's match of {@code pattern} over {@code text}. */
    BoundedText reset(String text, String pattern) {
        this.text = text;
        this.pattern = pattern;
        this.budget = BASE_BUDGET + READS_PER_CHARACTER * text.length();
        return this;
    }

    @Override
    public char charAt(int index) {
        if (--budget < 0) {
            throw new RegexBudgetExceededException(pattern, text.length());
        }
        return text.charAt(index);
    }

    @Override
    public int length() {
        return text.length();
    }

    /** Group values: read once the match is found, so not counted. */
    @Override
    public CharSequence subSequence(int start, int end) {
        return text.substring(start, end);
    }

    @Override
    public String toString() {
        return text;
    }
}
