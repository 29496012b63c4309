package io.logpipeline.api.validation;

/** One thing wrong with a spec or configuration: the field path and a sentence that says the fix. */
public record FieldProblem(String path, String message) {

    @Override
    public String toString() {
        return path + ": " + message;
    }
}
