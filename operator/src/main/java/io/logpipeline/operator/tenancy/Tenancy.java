package io.logpipeline.operator.tenancy;

import io.logpipeline.api.v1alpha1.LogPipelineSpec;
import io.logpipeline.api.validation.Problem;
import io.logpipeline.operator.status.Conditions.Reasons;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which namespaces a LogPipeline may read (DESIGN §2 "Tenancy"): a pipeline in a cluster pipeline namespace reads
 * any namespace; anywhere else it reads its own only, because whoever may create a LogPipeline in a namespace may
 * ship that namespace's logs and no others.
 *
 * @param clusterPipelineNamespaces the operator setting {@code clusterPipelineNamespaces} (chart value), with the
 *     agent namespace added
 */
public record Tenancy(Set<String> clusterPipelineNamespaces) {

    /** The setting's name as a user finds it in the chart's values. */
    public static final String SETTING = "clusterPipelineNamespaces";

    public Tenancy {
        clusterPipelineNamespaces = Set.copyOf(new TreeSet<>(clusterPipelineNamespaces));
    }

    public static Tenancy of(String agentNamespace, List<String> clusterPipelineNamespaces) {
        Set<String> all = new TreeSet<>(clusterPipelineNamespaces);
        all.add(agentNamespace);
        all.removeIf(String::isBlank);
        return new Tenancy(all);
    }

    public boolean mayReadEveryNamespace(String namespace) {
        return clusterPipelineNamespaces.contains(namespace);
    }

    /** What the compiled configuration carries and the agent enforces: empty for every namespace. */
    public List<String> readableNamespaces(String namespace) {
        return mayReadEveryNamespace(namespace) ? List.of() : List.of(namespace);
    }

    /** Every {@code spec.input.namespaces.include} entry naming a namespace this pipeline may not read (NamespaceNotAllowed). */
    public List<Problem> problems(String namespace, LogPipelineSpec spec) {
        List<Problem> problems = new ArrayList<>();
        if (mayReadEveryNamespace(namespace) || spec == null || spec.getInput() == null || spec.getInput().getNamespaces() == null
                || spec.getInput().getNamespaces().getInclude() == null) {
            return problems;
        }
        List<String> include = spec.getInput().getNamespaces().getInclude();
        for (int i = 0; i < include.size(); i++) {
            if (!Objects.equals(include.get(i), namespace)) {
                problems.add(new Problem(Reasons.NAMESPACE_NOT_ALLOWED, "spec.input.namespaces.include[" + i + "]", "namespace \"" + include.get(i)
                        + "\" is not readable from namespace " + namespace + ": a LogPipeline reads its own namespace only unless its"
                        + " namespace is listed in the operator setting " + SETTING + " (now " + String.join(", ", new TreeSet<>(clusterPipelineNamespaces))
                        + "); remove the entry or create the pipeline in one of those namespaces"));
            }
        }
        return problems;
    }
}
