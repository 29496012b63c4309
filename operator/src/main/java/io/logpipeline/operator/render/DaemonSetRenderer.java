package io.logpipeline.operator.render;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.logpipeline.api.agent.AgentContract;
import io.logpipeline.operator.model.AgentSettings;
import io.logpipeline.operator.model.DesiredState;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The one node-agent DaemonSet of DESIGN §3: a hardened pod per node reading the node's container logs for every
 * pipeline. It is rendered from the agent settings only, so no pipeline change touches its pod template; the
 * agent finds the pipelines' configurations through the API server ({@code --watch-namespace}).
 */
public final class DaemonSetRenderer {

    public static final String CONTAINER = "collector";
    public static final long RUN_AS_USER = 10001L;
    /** Hash of the rendered DaemonSet, so the operator compares it with its cache instead of writing on every reconcile. */
    public static final String ANNOTATION_SPEC_HASH = "logpipeline.io/agent-spec-hash";
    private static final String CHECKPOINTS = "checkpoints";
    private static final io.fabric8.kubernetes.client.utils.KubernetesSerialization JSON = new io.fabric8.kubernetes.client.utils.KubernetesSerialization();

    private DaemonSetRenderer() {
    }

    public static Map<String, String> selectorLabels() {
        return new TreeMap<>(Map.of(DesiredState.LABEL_NAME, AgentContract.DAEMONSET_NAME, DesiredState.LABEL_PART_OF, "logpipeline"));
    }

    public static Map<String, String> labels() {
        Map<String, String> labels = selectorLabels();
        labels.put(DesiredState.LABEL_MANAGED_BY, DesiredState.MANAGED_BY);
        return labels;
    }

    public static DaemonSet daemonSet(AgentSettings settings) {
        List<Volume> volumes = new ArrayList<>();
        List<VolumeMount> mounts = new ArrayList<>();
        hostPath(volumes, mounts, "varlogpods", "/var/log/pods", null, true);
        hostPath(volumes, mounts, "varlogcontainers", "/var/log/containers", null, true);
        hostPath(volumes, mounts, "dockercontainers", "/var/lib/docker/containers", null, true);
        // every pipeline keeps its checkpoints under <root>/<ns>_<name>, the layout the per-pipeline DaemonSets used
        hostPath(volumes, mounts, CHECKPOINTS, AgentContract.CHECKPOINT_ROOT, "DirectoryOrCreate", false);
        // The root filesystem is read-only; the JVM needs a writable /tmp. A size limit bounds what it may use of the
        // node's disk (and gives the emptyDir a field, so the server-side-apply matcher does not see {} as a change).
        volumes.add(new VolumeBuilder().withName("tmp").withNewEmptyDir().withSizeLimit(new Quantity("64Mi")).endEmptyDir().build());
        mounts.add(mount("tmp", "/tmp", false));

        DaemonSet daemonSet = new DaemonSetBuilder()
                .withMetadata(new ObjectMetaBuilder().withName(AgentContract.DAEMONSET_NAME).withNamespace(settings.namespace())
                        .withLabels(labels()).build())
                .withNewSpec()
                    .withNewSelector().withMatchLabels(selectorLabels()).endSelector()
                    .withNewUpdateStrategy()
                        .withType("RollingUpdate")
                        .withNewRollingUpdate().withMaxUnavailable(new IntOrString(1)).endRollingUpdate()
                    .endUpdateStrategy()
                    .withNewTemplate()
                        .withNewMetadata().withLabels(labels()).endMetadata()
                        .withNewSpec()
                            .withServiceAccountName(settings.serviceAccountName())
                            .withPriorityClassName(settings.priorityClassName())
                            .withNodeSelector(settings.nodeSelector().isEmpty() ? null : new TreeMap<>(settings.nodeSelector()))
                            .withTolerations(settings.tolerations().isEmpty() ? null : settings.tolerations())
                            .withImagePullSecrets(settings.imagePullSecrets().isEmpty() ? null : settings.imagePullSecrets().stream()
                                    .map(LocalObjectReference::new).toList())
                            .withTerminationGracePeriodSeconds(30L)
                            .withNewSecurityContext()
                                .withRunAsUser(RUN_AS_USER)
                                .withRunAsGroup(0L)
                                .withRunAsNonRoot(true)
                                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                            .endSecurityContext()
                            .withInitContainers(prepareStateDir(settings))
                            .withContainers(container(settings, mounts))
                            .withVolumes(volumes)
                        .endSpec()
                    .endTemplate()
                .endSpec()
                .build();
        daemonSet.getMetadata().setAnnotations(Map.of(ANNOTATION_SPEC_HASH, hash(daemonSet)));
        return daemonSet;
    }

    /**
     * A kubelet creates a DirectoryOrCreate hostPath as root:root 0755, which the agent (uid 10001, gid 0) cannot
     * write: this root init container, with only CHOWN and FOWNER, hands the checkpoint root to the agent's user.
     */
    private static Container prepareStateDir(AgentSettings settings) {
        return new ContainerBuilder()
                .withName("prepare-state-dir")
                .withImage(settings.image())
                .withImagePullPolicy(settings.imagePullPolicy())
                .withArgs("prepare-state-dir", AgentContract.CHECKPOINT_ROOT)
                .withResources(settings.resources())
                .withNewSecurityContext()
                    .withRunAsUser(0L)
                    .withRunAsNonRoot(false)
                    .withAllowPrivilegeEscalation(false)
                    .withReadOnlyRootFilesystem(true)
                    .withNewCapabilities().withDrop("ALL").withAdd("CHOWN", "FOWNER").endCapabilities()
                    .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                .endSecurityContext()
                .withVolumeMounts(mount(CHECKPOINTS, AgentContract.CHECKPOINT_ROOT, false))
                .build();
    }

    private static Container container(AgentSettings settings, List<VolumeMount> mounts) {
        List<String> args = new ArrayList<>(List.of(
                "--watch-namespace=$(POD_NAMESPACE)",
                "--node-name=$(NODE_NAME)",
                "--log-level=" + settings.logLevel()));
        if (settings.debugTail()) {
            args.add("--debug-tail");
        }
        return new ContainerBuilder()
                .withName(CONTAINER)
                .withImage(settings.image())
                .withImagePullPolicy(settings.imagePullPolicy())
                .withArgs(args)
                .addNewEnv().withName("NODE_NAME")
                    .withNewValueFrom().withNewFieldRef().withFieldPath("spec.nodeName").endFieldRef().endValueFrom()
                .endEnv()
                .addNewEnv().withName("POD_NAMESPACE")
                    .withNewValueFrom().withNewFieldRef().withFieldPath("metadata.namespace").endFieldRef().endValueFrom()
                .endEnv()
                .addNewPort().withName("http").withContainerPort(AgentContract.TELEMETRY_PORT).withProtocol("TCP").endPort()
                .withLivenessProbe(probe("/healthz", 10, 3))
                .withReadinessProbe(probe("/readyz", 5, 3))
                .withResources(settings.resources())
                .withNewSecurityContext()
                    .withReadOnlyRootFilesystem(true)
                    .withAllowPrivilegeEscalation(false)
                    .withPrivileged(false)
                    .withRunAsUser(RUN_AS_USER)
                    .withRunAsGroup(0L)
                    .withRunAsNonRoot(true)
                    .withNewCapabilities().withDrop("ALL").endCapabilities()
                    .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                .endSecurityContext()
                .withVolumeMounts(mounts)
                .build();
    }

    private static Probe probe(String path, int periodSeconds, int failureThreshold) {
        return new ProbeBuilder()
                .withNewHttpGet().withPath(path).withPort(new IntOrString("http")).endHttpGet()
                .withPeriodSeconds(periodSeconds)
                .withFailureThreshold(failureThreshold)
                .build();
    }

    private static void hostPath(List<Volume> volumes, List<VolumeMount> mounts, String name, String path, String type, boolean readOnly) {
        volumes.add(new VolumeBuilder().withName(name)
                .withNewHostPath().withPath(path).withType(type).endHostPath().build());
        mounts.add(mount(name, path, readOnly));
    }

    private static VolumeMount mount(String name, String path, boolean readOnly) {
        return new VolumeMountBuilder().withName(name).withMountPath(path).withReadOnly(readOnly ? Boolean.TRUE : null).build();
    }

    private static String hash(DaemonSet daemonSet) {
        try {
            byte[] spec = JSON.asJson(daemonSet.getSpec()).getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(spec)).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
