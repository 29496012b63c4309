package io.logpipeline.collector.metadata;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EphemeralContainer;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.logpipeline.api.regex.GoRegex;
import io.logpipeline.api.v1alpha1.FieldExtractSpec;
import io.logpipeline.api.v1alpha1.KubernetesMetadataSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code kubernetes} section compiled: turns a pod (or its namespace, or the node) into the resource
 * attributes the pipeline asked for, with the OpenTelemetry semantic-convention names.
 *
 * <p>Workloads come from owner references without watching more objects: a Deployment's name is its
 * ReplicaSet's name without the {@code -<pod-template-hash>} suffix (the pod carries that label), and a
 * CronJob's name is its Job's name without the {@code -<scheduled minute>} suffix the CronJob controller
 * appends (8 or more digits), as the OpenTelemetry Collector does. No ReplicaSet or Job informer is needed.
 */
public final class PodMetadataExtractor {

    private static final Pattern CRONJOB_JOB_NAME = Pattern.compile("^(.+)-\\d{8,}$");

    private final Set<String> wanted;
    private final List<Rule> podRules = new ArrayList<>();
    private final List<Rule> namespaceRules = new ArrayList<>();
    private final List<Rule> nodeRules = new ArrayList<>();

    public PodMetadataExtractor(KubernetesMetadataSpec spec) {
        this.wanted = new HashSet<>(spec.getMetadata() == null ? KubernetesMetadataSpec.DEFAULT_METADATA : spec.getMetadata());
        for (FieldExtractSpec label : spec.getLabels() == null ? List.<FieldExtractSpec>of() : spec.getLabels()) {
            rulesFrom(label.getFrom()).add(new Rule(label, "labels"));
        }
        for (FieldExtractSpec annotation : spec.getAnnotations() == null ? List.<FieldExtractSpec>of() : spec.getAnnotations()) {
            rulesFrom(annotation.getFrom()).add(new Rule(annotation, "annotations"));
        }
    }

    private List<Rule> rulesFrom(FieldExtractSpec.From from) {
        return switch (from == null ? FieldExtractSpec.From.POD : from) {
            case POD -> podRules;
            case NAMESPACE -> namespaceRules;
            case NODE -> nodeRules;
        };
    }

    /** Whether any rule reads namespace labels or annotations (then namespaces are watched). */
    public boolean needsNamespaces() {
        return !namespaceRules.isEmpty();
    }

    /** Whether any rule reads node labels or annotations (then this node is watched). */
    public boolean needsNode() {
        return !nodeRules.isEmpty();
    }

    public PodMetadata extract(Pod pod) {
        ObjectMeta meta = pod.getMetadata();
        Map<String, Object> attributes = new LinkedHashMap<>();
        put(attributes, "k8s.namespace.name", meta.getNamespace());
        put(attributes, "k8s.pod.name", meta.getName());
        put(attributes, "k8s.pod.uid", meta.getUid());
        put(attributes, "k8s.node.name", pod.getSpec() == null ? null : pod.getSpec().getNodeName());
        Map<String, String> labels = meta.getLabels() == null ? Map.of() : meta.getLabels();
        for (OwnerReference owner : meta.getOwnerReferences() == null ? List.<OwnerReference>of() : meta.getOwnerReferences()) {
            workload(attributes, owner, labels);
        }
        put(attributes, "k8s.pod.start_time", pod.getStatus() == null ? null : pod.getStatus().getStartTime());
        for (Rule rule : podRules) {
            rule.apply(meta, attributes);
        }
        return new PodMetadata(meta.getUid(), meta.getNamespace(), meta.getName(), Map.copyOf(labels),
                Collections.unmodifiableMap(attributes), images(pod));
    }

    /** Attributes taken from a namespace's or the node's labels and annotations. */
    public Map<String, Object> extractNamespace(HasMetadata namespace) {
        return extract(namespaceRules, namespace.getMetadata());
    }

    public Map<String, Object> extractNode(HasMetadata node) {
        return extract(nodeRules, node.getMetadata());
    }

    private static Map<String, Object> extract(List<Rule> rules, ObjectMeta meta) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        for (Rule rule : rules) {
            rule.apply(meta, attributes);
        }
        return Collections.unmodifiableMap(attributes);
    }

    private void workload(Map<String, Object> attributes, OwnerReference owner, Map<String, String> labels) {
        String name = owner.getName();
        switch (owner.getKind() == null ? "" : owner.getKind()) {
            case "ReplicaSet" -> {
                put(attributes, "k8s.replicaset.name", name);
                String hash = labels.get("pod-template-hash");
                if (hash != null && name.endsWith("-" + hash)) {
                    put(attributes, "k8s.deployment.name", name.substring(0, name.length() - hash.length() - 1));
                }
            }
            case "StatefulSet" -> put(attributes, "k8s.statefulset.name", name);
            case "DaemonSet" -> put(attributes, "k8s.daemonset.name", name);
            case "Job" -> {
                put(attributes, "k8s.job.name", name);
                Matcher cronJob = CRONJOB_JOB_NAME.matcher(name);
                if (cronJob.matches()) {
                    put(attributes, "k8s.cronjob.name", cronJob.group(1));
                }
            }
            default -> {
                // other owners (e.g. a Node for static pods) name no workload we report
            }
        }
    }

    private Map<String, PodMetadata.ContainerImage> images(Pod pod) {
        if (pod.getSpec() == null || !wanted.contains("container.image.name") && !wanted.contains("container.image.tag")) {
            return Map.of();
        }
        Map<String, PodMetadata.ContainerImage> images = new LinkedHashMap<>();
        List<Container> containers = new ArrayList<>();
        if (pod.getSpec().getInitContainers() != null) {
            containers.addAll(pod.getSpec().getInitContainers());
        }
        if (pod.getSpec().getContainers() != null) {
            containers.addAll(pod.getSpec().getContainers());
        }
        for (Container container : containers) {
            if (container.getImage() != null) {
                images.put(container.getName(), image(container.getImage()));
            }
        }
        if (pod.getSpec().getEphemeralContainers() != null) {
            for (EphemeralContainer container : pod.getSpec().getEphemeralContainers()) {
                if (container.getImage() != null) {
                    images.put(container.getName(), image(container.getImage()));
                }
            }
        }
        return Map.copyOf(images);
    }

    /** Splits {@code registry/repo:tag@digest} into name and tag; no tag and no digest means {@code latest}. */
    static PodMetadata.ContainerImage image(String reference) {
        String withoutDigest = reference;
        int at = reference.indexOf('@');
        if (at >= 0) {
            withoutDigest = reference.substring(0, at);
        }
        int colon = withoutDigest.lastIndexOf(':');
        if (colon > withoutDigest.lastIndexOf('/')) {
            return new PodMetadata.ContainerImage(withoutDigest.substring(0, colon), withoutDigest.substring(colon + 1));
        }
        return new PodMetadata.ContainerImage(withoutDigest, at >= 0 ? null : "latest");
    }

    private void put(Map<String, Object> attributes, String key, Object value) {
        if (value != null && wanted.contains(key)) {
            attributes.put(key, value);
        }
    }

    /** One label or annotation rule. */
    private static final class Rule {

        private final String key;
        private final Pattern keyRegex;
        private final String tagName;
        private final String defaultPrefix;
        private final boolean labels;

        Rule(FieldExtractSpec spec, String kind) {
            this.key = spec.getKey();
            this.keyRegex = spec.getKeyRegex() == null ? null : GoRegex.compile(spec.getKeyRegex()).pattern();
            this.tagName = spec.getTagName();
            String from = switch (spec.getFrom() == null ? FieldExtractSpec.From.POD : spec.getFrom()) {
                case POD -> "pod";
                case NAMESPACE -> "namespace";
                case NODE -> "node";
            };
            this.defaultPrefix = "k8s." + from + "." + kind + ".";
            this.labels = kind.equals("labels");
        }

        void apply(ObjectMeta meta, Map<String, Object> attributes) {
            Map<String, String> values = labels ? meta.getLabels() : meta.getAnnotations();
            if (values == null) {
                return;
            }
            if (key != null) {
                String value = values.get(key);
                if (value != null) {
                    attributes.put(tagName != null ? tagName : defaultPrefix + key, value);
                }
                return;
            }
            for (Map.Entry<String, String> entry : values.entrySet()) {
                Matcher matcher = keyRegex.matcher(entry.getKey());
                if (matcher.matches()) {
                    String name = tagName == null ? defaultPrefix + entry.getKey()
                            : tagName.replace("$1", matcher.groupCount() >= 1 && matcher.group(1) != null ? matcher.group(1) : entry.getKey());
                    attributes.put(name, entry.getValue());
                }
            }
        }
    }
}
