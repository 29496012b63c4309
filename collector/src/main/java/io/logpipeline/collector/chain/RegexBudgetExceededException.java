package io.logpipeline.collector.chain;

/** A pattern needed far more steps than the line's length justifies (catastrophic backtracking); the record fails, the pipeline goes on. */
public final class RegexBudgetExceededException extends RuntimeException {

    RegexBudgetExceededException(String pattern, int length) {
        super("pattern \"" + pattern + "\" backtracked beyond its budget on a line of " + length
                + " characters; rewrite it without nested quantifiers such as (a+)+ or (a|a)*");
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this; // an expected outcome for a bad pattern: the stack says nothing, and records may hit it often
    }
}
