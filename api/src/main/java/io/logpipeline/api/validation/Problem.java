package io.logpipeline.api.validation;

import java.util.List;
import java.util.stream.Collectors;

/**
 * One thing wrong with a spec, a reference or a configuration, as every layer reports it: the condition reason it
 * gives (CamelCase, e.g. {@code InvalidSpec}, {@code BackendNotFound}, {@code NamespaceNotAllowed}), the field path
 * and a sentence that says the fix. The validators here report {@link #INVALID_SPEC}; the operator adds reference
 * and tenancy reasons.
 */
public record Problem(String reason, String path, String message) {

    /** The reason of every problem the spec validators find: a field that is missing, malformed or contradictory. */
    public static final String INVALID_SPEC = "InvalidSpec";

    /** A problem with the spec itself ({@link #INVALID_SPEC}). */
    public static Problem invalidSpec(String path, String message) {
        return new Problem(INVALID_SPEC, path, message);
    }

    /** Every problem as "path: message", separated by "; ", as condition messages and errors print them. */
    public static String join(List<Problem> problems) {
        return problems.stream().map(Problem::toString).collect(Collectors.joining("; "));
    }

    @Override
    public String toString() {
        return path + ": " + message;
    }
}
