package io.logpipeline.operator.resolve;

/** A reference that does not resolve: the condition reason, the field path and a sentence that says the fix. */
public record ReferenceProblem(String reason, String path, String message) {

    @Override
    public String toString() {
        return path + ": " + message;
    }
}
