package io.logpipeline.collector.telemetry;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The named checks behind {@code /readyz}: the collector is ready when every registered check
 * passes. Stages register their own, e.g. {@code register("config", () -> true)} once the config is
 * loaded, {@code register("metadata", informers::hasSynced)} for the Kubernetes metadata cache.
 */
public final class Readiness {

    /** What a check found: {@link #OK}, or not ready with a message saying why and what to do (may be empty). */
    public record Result(boolean ready, String message) {
        public static final Result OK = new Result(true, "");
    }

    private final Map<String, Supplier<Result>> checks = new ConcurrentHashMap<>();

    /** Adds or replaces the check called {@code name}; it must be cheap and must not block. */
    public void register(String name, BooleanSupplier check) {
        checks.put(name, () -> check.getAsBoolean() ? Result.OK : new Result(false, ""));
    }

    /**
     * Adds or replaces a check that explains itself: {@code problem} gives null while ready, else the
     * sentence /readyz shows. Cheap and non-blocking, like every check.
     */
    public void registerProblem(String name, Supplier<String> problem) {
        checks.put(name, () -> {
            String message = problem.get();
            return message == null ? Result.OK : new Result(false, message);
        });
    }

    /** Each check's name and what it found now, sorted by name. */
    public Map<String, Result> evaluate() {
        Map<String, Result> results = new TreeMap<>();
        checks.forEach((name, check) -> results.put(name, check.get()));
        return results;
    }
}
