package io.logpipeline.operator.resolve;

import io.logpipeline.api.config.ExporterConfig;
import io.logpipeline.api.v1alpha1.BackendRef;
import io.logpipeline.api.v1alpha1.LogBackend;
import io.logpipeline.api.v1alpha1.LogPipelineSpec;
import io.logpipeline.api.validation.BackendValidator;
import io.logpipeline.api.validation.Problem;
import io.logpipeline.operator.status.Conditions.Reasons;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/** The LogBackends a pipeline sends to, resolved into exporters and credentials, or the references that failed. */
public record PipelineBackends(List<ExporterConfig> exporters, SortedMap<String, String> credentials, List<Problem> problems) {

    public boolean resolved() {
        return problems.isEmpty();
    }

    public static PipelineBackends resolve(LogPipelineSpec spec, ReferenceLookup lookup) {
        List<ExporterConfig> exporters = new ArrayList<>();
        SortedMap<String, String> credentials = new TreeMap<>();
        List<Problem> problems = new ArrayList<>();
        List<BackendRef> refs = spec.getBackendRefs() == null ? List.of() : spec.getBackendRefs();
        for (int i = 0; i < refs.size(); i++) {
            String name = refs.get(i).getName();
            String path = "spec.backendRefs[" + i + "]";
            if (name == null) {
                continue; // an invalid spec, reported by Accepted
            }
            Optional<LogBackend> backend = lookup.backend(name);
            if (backend.isEmpty()) {
                problems.add(new Problem(Reasons.BACKEND_NOT_FOUND, path,
                        "LogBackend \"" + name + "\" not found in namespace " + lookup.namespace() + "; create it or fix the name"));
                continue;
            }
            List<Problem> invalid = BackendValidator.validate(backend.get().getSpec());
            if (!invalid.isEmpty()) {
                problems.add(new Problem(Reasons.BACKEND_NOT_READY, path,
                        "LogBackend \"" + name + "\" is invalid: " + Problem.join(invalid)));
                continue;
            }
            ResolvedBackend resolved = BackendResolver.resolve(backend.get(), lookup);
            resolved.problems().forEach(p -> problems.add(new Problem(p.reason(), path,
                    "LogBackend \"" + name + "\" " + p.path() + ": " + p.message())));
            if (resolved.problems().isEmpty()) {
                List<Problem> tls = TlsMaterial.problems(resolved.forTlsCheck());
                if (!tls.isEmpty()) {
                    problems.add(new Problem(Reasons.BACKEND_NOT_READY, path,
                            "LogBackend \"" + name + "\" has unusable TLS material: " + Problem.join(tls)));
                }
            }
            exporters.add(resolved.exporter());
            credentials.putAll(resolved.credentials());
        }
        return new PipelineBackends(List.copyOf(exporters), credentials, List.copyOf(problems));
    }
}
