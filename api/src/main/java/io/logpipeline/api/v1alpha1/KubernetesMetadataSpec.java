package io.logpipeline.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.logpipeline.api.units.GoDuration;
import java.util.ArrayList;
import java.util.List;
import lombok.Data;

/** Kubernetes metadata added to each record's resource. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class KubernetesMetadataSpec {

    /** Every metadata key the collector knows how to fill, in the order DESIGN §2 lists them. */
    public static final List<String> KNOWN_METADATA = List.of(
            "k8s.namespace.name", "k8s.pod.name", "k8s.pod.uid", "k8s.container.name", "k8s.node.name",
            "k8s.deployment.name", "k8s.replicaset.name", "k8s.statefulset.name", "k8s.daemonset.name",
            "k8s.job.name", "k8s.cronjob.name", "container.image.name", "container.image.tag",
            "k8s.pod.start_time", "k8s.container.restart_count");

    /** The keys taken when the spec does not list any. */
    public static final List<String> DEFAULT_METADATA = List.of(
            "k8s.namespace.name", "k8s.pod.name", "k8s.pod.uid", "k8s.container.name", "k8s.node.name",
            "k8s.deployment.name", "k8s.statefulset.name", "k8s.daemonset.name", "k8s.job.name",
            "k8s.cronjob.name", "container.image.name", "container.image.tag");

    @Default("true")
    @JsonPropertyDescription("Add Kubernetes metadata. When false, only what the log path gives (namespace, pod, uid, container) is added.")
    private Boolean enabled = true;

    @Default("true")
    @JsonPropertyDescription("Hold a new pod's records until its metadata is known, up to waitForMetadataTimeout; then send them with the path's metadata.")
    private Boolean waitForMetadata = true;

    @Size(max = Bounds.DURATION_OR_QUANTITY)
    @Default("30s")
    @Pattern(GoDuration.PATTERN)
    @JsonPropertyDescription("Longest time records wait for their pod's metadata, as a duration.")
    private String waitForMetadataTimeout = "30s";

    @Size(max = Bounds.SMALL_LIST)
    @JsonPropertyDescription("Resource attributes to add. Defaults to namespace, pod name and uid, container, node, workload names (deployment, statefulset, daemonset, job, cronjob) and image name and tag.")
    private List<String> metadata = new ArrayList<>(DEFAULT_METADATA);

    @Size(max = Bounds.RULES)
    @JsonPropertyDescription("Labels copied into resource attributes, from the pod, its namespace or its node.")
    private List<FieldExtractSpec> labels = new ArrayList<>();

    @Size(max = Bounds.RULES)
    @JsonPropertyDescription("Annotations copied into resource attributes, from the pod, its namespace or its node.")
    private List<FieldExtractSpec> annotations = new ArrayList<>();
}
