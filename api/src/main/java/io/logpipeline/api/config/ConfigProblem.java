package io.logpipeline.api.config;

/**
 * One thing wrong with a configuration document, where it is: the field path ({@code exporters[0].endpoint}; empty
 * for the document itself), the line and column it starts at (1-based; 0 when unknown) and a sentence that says the fix.
 */
public record ConfigProblem(String path, int line, int column, String message) {

    /** {@code <origin>:<line>:<column>: <path>: <message>}, the form compilers use, so editors can jump to it. */
    public String describe(String origin) {
        String where = line > 0 ? origin + ":" + line + ":" + column : origin;
        return where + ": " + (path.isEmpty() ? "" : path + ": ") + message;
    }

    @Override
    public String toString() {
        return (path.isEmpty() ? "" : path + ": ") + message + (line > 0 ? " (line " + line + ", column " + column + ")" : "");
    }
}
