package io.logpipeline.operator.resolve;

import io.logpipeline.api.config.ExporterConfig;
import io.logpipeline.api.v1alpha1.BackendRef;
import io.logpipeline.api.v1alpha1.LogBackend;
import io.logpipeline.api.v1alpha1.LogPipelineSpec;
import io.logpipeline.api.validation.BackendValidator;
import io.logpipeline.api.validation.FieldProblem;
import io.logpipeline.operator.status.Conditions.Reasons;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/** The LogBackends a pipeline sends to, resolved into exporters and credentials, or the references that failed. */
public record PipelineBackends(List<ExporterConfig> exporters, SortedMap<String, String> credentials, List<ReferenceProblem> problems) {

    public boolean resolved() {
        return problems.isEmpty();
    }

    /** The reason of the first problem: the one the BackendsResolved condition carries. */
    public String reason() {
        return problems.isEmpty() ? Reasons.RESOLVED : problems.get(0).reason();
    }

    public static PipelineBackends resolve(LogPipelineSpec spec, ReferenceLookup lookup) {
        List<ExporterConfig> exporters = new ArrayList<>();
        SortedMap<String, String> credentials = new TreeMap<>();
        List<ReferenceProblem> problems = new ArrayList<>();
        List<BackendRef> refs = spec.getBackendRefs() == null ? List.of() : spec.getBackendRefs();
        for (int i = 0; i < refs.size(); i++) {
            String name = refs.get(i).getName();
            String path = "spec.backendRefs[" + i + "]";
            if (name == null) {
                continue; // an invalid spec, reported by Accepted
            }
            Optional<LogBackend> backend = lookup.backend(name);
            if (backend.isEmpty()) {
                problems.add(new ReferenceProblem(Reasons.BACKEND_NOT_FOUND, path,
                        "LogBackend \"" + name + "\" not found in namespace " + lookup.namespace() + "; create it or fix the name"));
                continue;
            }
            List<FieldProblem> invalid = BackendValidator.validate(backend.get().getSpec());
            if (!invalid.isEmpty()) {
                problems.add(new ReferenceProblem(Reasons.BACKEND_NOT_READY, path,
                        "LogBackend \"" + name + "\" is invalid: " + join(invalid)));
                continue;
            }
            ResolvedBackend resolved = BackendResolver.resolve(backend.get(), lookup);
            resolved.problems().forEach(p -> problems.add(new ReferenceProblem(p.reason(), path,
                    "LogBackend \"" + name + "\" " + p.path() + ": " + p.message())));
            if (resolved.problems().isEmpty()) {
                List<String> tls = TlsMaterial.problems(resolved.forTlsCheck());
                if (!tls.isEmpty()) {
                    problems.add(new ReferenceProblem(Reasons.BACKEND_NOT_READY, path,
                            "LogBackend \"" + name + "\" has unusable TLS material: " + String.join("; ", tls)));
                }
            }
            exporters.add(resolved.exporter());
            credentials.putAll(resolved.credentials());
        }
        return new PipelineBackends(List.copyOf(exporters), credentials, List.copyOf(problems));
    }

    /** Every problem in one sentence list, for a condition message. */
    public String message() {
        return problems.stream().map(ReferenceProblem::toString).reduce((a, b) -> a + "; " + b).orElse("");
    }

    private static String join(List<FieldProblem> problems) {
        return problems.stream().map(FieldProblem::toString).reduce((a, b) -> a + "; " + b).orElse("");
    }
}
