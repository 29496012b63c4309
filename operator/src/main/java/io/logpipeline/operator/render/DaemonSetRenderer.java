package io.logpipeline.operator.render;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.logpipeline.api.config.CollectorConfig;
import io.logpipeline.api.config.TelemetryConfig;
import io.logpipeline.operator.model.DesiredState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The collector DaemonSet of DESIGN §3: one hardened pod per node reading the node's container logs. */
public final class DaemonSetRenderer {

    public static final String CONTAINER = "collector";
    public static final String PREPARE_STATE_DIR = "prepare-state-dir";
    public static final long RUN_AS_USER = 10001L;
    private static final String CONFIG_DIR = "/etc/logpipeline";

    private DaemonSetRenderer() {
    }

    public static DaemonSet daemonSet(DesiredState state) {
        List<Volume> volumes = new ArrayList<>();
        List<VolumeMount> mounts = new ArrayList<>();
        hostPath(volumes, mounts, "varlogpods", "/var/log/pods", null, true);
        hostPath(volumes, mounts, "varlogcontainers", "/var/log/containers", null, true);
        hostPath(volumes, mounts, "dockercontainers", "/var/lib/docker/containers", null, true);
        volumes.add(new VolumeBuilder().withName("checkpoints")
                .withNewHostPath().withPath(state.checkpointHostPath()).withType("DirectoryOrCreate").endHostPath().build());
        VolumeMount checkpoints = mount("checkpoints", CollectorConfig.DEFAULT_CHECKPOINT_DIR, false);
        mounts.add(checkpoints);
        volumes.add(new VolumeBuilder().withName("config")
                .withNewConfigMap().withName(state.collectorName()).endConfigMap().build());
        mounts.add(mount("config", CONFIG_DIR, true));
        if (state.needsCredentials()) {
            volumes.add(new VolumeBuilder().withName("credentials")
                    .withNewSecret().withSecretName(state.credentialsSecretName()).withDefaultMode(0440).endSecret().build());
            mounts.add(mount("credentials", CollectorConfig.CREDENTIALS_DIR, true));
        }
        // The root filesystem is read-only; the JVM needs a writable /tmp. A size limit bounds what it may use of the
        // node's disk (and gives the emptyDir a field, so the server-side-apply matcher does not see {} as a change).
        volumes.add(new VolumeBuilder().withName("tmp")
                .withNewEmptyDir().withSizeLimit(new io.fabric8.kubernetes.api.model.Quantity("64Mi")).endEmptyDir().build());
        mounts.add(mount("tmp", "/tmp", false));

        return new DaemonSetBuilder()
                .withMetadata(RbacRenderer.namespaced(state, state.collectorName()))
                .withNewSpec()
                    .withNewSelector().withMatchLabels(state.selectorLabels()).endSelector()
                    .withNewUpdateStrategy()
                        .withType("RollingUpdate")
                        .withNewRollingUpdate().withMaxUnavailable(new IntOrString(1)).endRollingUpdate()
                    .endUpdateStrategy()
                    .withNewTemplate()
                        .withNewMetadata()
                            .withLabels(state.labels())
                            .withAnnotations(Map.of(DesiredState.CONFIG_HASH_ANNOTATION, state.configHash()))
                        .endMetadata()
                        .withNewSpec()
                            .withServiceAccountName(state.collectorName())
                            .withPriorityClassName(state.priorityClassName())
                            .withNodeSelector(state.nodeSelector().isEmpty() ? null : state.nodeSelector())
                            .withTolerations(state.tolerations().isEmpty() ? null : state.tolerations())
                            .withImagePullSecrets(state.imagePullSecrets().isEmpty() ? null : state.imagePullSecrets().stream()
                                    .map(name -> new LocalObjectReference(name)).toList())
                            .withTerminationGracePeriodSeconds(30L)
                            .withNewSecurityContext()
                                .withRunAsUser(RUN_AS_USER)
                                .withRunAsGroup(0L)
                                .withRunAsNonRoot(true)
                                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                            .endSecurityContext()
                            .withInitContainers(prepareStateDir(state, checkpoints))
                            .withContainers(container(state, mounts))
                            .withVolumes(volumes)
                        .endSpec()
                    .endTemplate()
                .endSpec()
                .build();
    }

    private static Container container(DesiredState state, List<VolumeMount> mounts) {
        return new ContainerBuilder()
                .withName(CONTAINER)
                .withImage(state.image())
                .withImagePullPolicy(state.imagePullPolicy())
                .withArgs("--config", CollectorConfig.DEFAULT_CONFIG_PATH)
                .addNewEnv().withName("NODE_NAME")
                    .withNewValueFrom().withNewFieldRef().withFieldPath("spec.nodeName").endFieldRef().endValueFrom()
                .endEnv()
                .addNewPort().withName("http").withContainerPort(TelemetryConfig.DEFAULT_PORT).withProtocol("TCP").endPort()
                .withLivenessProbe(probe("/healthz", 10, 3))
                .withReadinessProbe(probe("/readyz", 5, 3))
                .withResources(state.resources())
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

    /**
     * The init container that makes the checkpoint hostPath writable for the collector: a kubelet creates a
     * DirectoryOrCreate path as root:root 0755, and the collector runs as 10001:0. It runs the collector image's own
     * {@code prepare-state-dir} (no shell) as uid 0 with CHOWN and FOWNER only, read-only root, no escalation; the
     * collector container keeps every capability dropped. Same resources as the collector, so the pod asks no more.
     */
    static Container prepareStateDir(DesiredState state, VolumeMount checkpoints) {
        return new ContainerBuilder()
                .withName(PREPARE_STATE_DIR)
                .withImage(state.image())
                .withImagePullPolicy(state.imagePullPolicy())
                .withArgs(PREPARE_STATE_DIR, checkpoints.getMountPath())
                .withResources(state.resources())
                .withNewSecurityContext()
                    .withReadOnlyRootFilesystem(true)
                    .withAllowPrivilegeEscalation(false)
                    .withPrivileged(false)
                    .withRunAsUser(0L)
                    .withRunAsGroup(0L)
                    .withRunAsNonRoot(false)
                    .withNewCapabilities().withDrop("ALL").withAdd("CHOWN", "FOWNER").endCapabilities()
                    .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                .endSecurityContext()
                .withVolumeMounts(checkpoints)
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
}
