package io.logpipeline.collector.pipeline;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.logpipeline.collector.input.discovery.PodLogPath;
import io.logpipeline.collector.metadata.KubernetesMetadataCache;
import io.logpipeline.collector.metadata.PodMetadata;

import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * {@code spec.input.podSelector}, answered from the metadata cache before a file is opened. The file
 * input asks at every poll, so a pod whose labels change to match is read from then on, and one that
 * stops matching is read to the end of what it has written and let go. A pod the cache does not know
 * (yet) is not read; its files are asked about again at the next poll.
 */
public final class PodSelectorFilter implements Predicate<PodLogPath> {

    private final KubernetesMetadataCache cache;
    private final LabelSelector selector;

    public PodSelectorFilter(KubernetesMetadataCache cache, LabelSelector selector) {
        this.cache = cache;
        this.selector = selector;
    }

    @Override
    public boolean test(PodLogPath path) {
        PodMetadata pod = cache.find(path.uid(), path.namespace(), path.pod());
        return pod != null && matches(selector, pod.labels());
    }

    /** Kubernetes label-selector semantics: every matchLabels entry and every matchExpressions requirement holds. */
    static boolean matches(LabelSelector selector, Map<String, String> labels) {
        if (selector.getMatchLabels() != null) {
            for (Map.Entry<String, String> required : selector.getMatchLabels().entrySet()) {
                if (!required.getValue().equals(labels.get(required.getKey()))) {
                    return false;
                }
            }
        }
        if (selector.getMatchExpressions() != null) {
            for (LabelSelectorRequirement requirement : selector.getMatchExpressions()) {
                if (!holds(requirement, labels)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean holds(LabelSelectorRequirement requirement, Map<String, String> labels) {
        String value = labels.get(requirement.getKey());
        List<String> values = requirement.getValues() == null ? List.of() : requirement.getValues();
        return switch (requirement.getOperator()) {
            case "In" -> value != null && values.contains(value);
            case "NotIn" -> value == null || !values.contains(value);
            case "Exists" -> labels.containsKey(requirement.getKey());
            case "DoesNotExist" -> !labels.containsKey(requirement.getKey());
            // the validator rejects other operators before the collector starts
            default -> throw new IllegalArgumentException("input.podSelector.matchExpressions: unknown operator \""
                    + requirement.getOperator() + "\"; use In, NotIn, Exists or DoesNotExist");
        };
    }
}
