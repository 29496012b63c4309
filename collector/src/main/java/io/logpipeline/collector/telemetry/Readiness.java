package io.logpipeline.collector.telemetry;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * The named checks behind {@code /readyz}: the collector is ready when every registered check
 * passes. Stages register their own, e.g. {@code register("config", () -> true)} once the config is
 * loaded, {@code register("metadata", informers::hasSynced)} for the Kubernetes metadata cache.
 */
public final class Readiness {

    private final Map<String, BooleanSupplier> checks = new ConcurrentHashMap<>();

    /** Adds or replaces the check called {@code name}; it must be cheap and must not block. */
    public void register(String name, BooleanSupplier check) {
        checks.put(name, check);
    }

    /** Each check's name and whether it passes now, sorted by name. */
    public Map<String, Boolean> evaluate() {
        Map<String, Boolean> results = new TreeMap<>();
        checks.forEach((name, check) -> results.put(name, check.getAsBoolean()));
        return results;
    }
}
