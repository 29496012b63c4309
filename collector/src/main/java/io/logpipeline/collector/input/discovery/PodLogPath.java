package io.logpipeline.collector.input.discovery;

import io.logpipeline.collector.record.ContainerResource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Kubernetes identity encoded in a kubelet log path: {@code …/<namespace>_<pod>_<uid>/<container>/<restart>.log}
 * (the /var/log/pods layout; rotated files carry a suffix after {@code .log}), or the name of the kubelet's
 * {@code /var/log/containers/<pod>_<namespace>_<container>-<container id>.log} link, which has no uid and
 * no restart count ({@code uid} null, {@code restartCount} -1).
 */
public record PodLogPath(String namespace, String pod, String uid, String container, long restartCount) {

    private static final ContainerResource NO_RESOURCE = new ContainerResource(Map.of());
    // A link to a link to the file (dockershim: /var/log/containers -> /var/log/pods -> /var/lib/docker).
    private static final int MAX_LINK_HOPS = 4;

    /** The identity of {@code path}, or null when the path follows neither kubelet layout. */
    public static PodLogPath parse(Path path) {
        PodLogPath pods = parsePodsLayout(path);
        return pods != null ? pods : parseContainersLayout(path);
    }

    /** Whether the path follows the /var/log/pods layout. */
    public static boolean isPodsLayout(Path path) {
        return parsePodsLayout(path) != null;
    }

    private static PodLogPath parsePodsLayout(Path path) {
        Path containerDir = path.getParent();
        Path podDir = containerDir == null ? null : containerDir.getParent();
        if (podDir == null || podDir.getFileName() == null) {
            return null;
        }
        String podDirName = podDir.getFileName().toString();
        // Namespace and pod names are DNS labels/subdomains, which never contain '_'.
        int first = podDirName.indexOf('_');
        int last = podDirName.lastIndexOf('_');
        if (first <= 0 || last <= first + 1 || last == podDirName.length() - 1) {
            return null;
        }
        String fileName = path.getFileName().toString();
        int digits = 0;
        while (digits < fileName.length() && Character.isDigit(fileName.charAt(digits))) {
            digits++;
        }
        if (digits == 0 || digits > 9 || !fileName.startsWith(".log", digits)) {
            return null;
        }
        return new PodLogPath(podDirName.substring(0, first), podDirName.substring(first + 1, last),
                podDirName.substring(last + 1), containerDir.getFileName().toString(),
                Long.parseLong(fileName.substring(0, digits)));
    }

    // <pod>_<namespace>_<container>-<container id>.log; the id is hex, container names hold no '_'.
    private static PodLogPath parseContainersLayout(Path path) {
        String fileName = path.getFileName() == null ? "" : path.getFileName().toString();
        if (!fileName.endsWith(".log")) {
            return null;
        }
        String stem = fileName.substring(0, fileName.length() - ".log".length());
        int dash = stem.lastIndexOf('-');
        String[] parts = dash < 0 ? new String[0] : stem.substring(0, dash).split("_", -1);
        if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty() || parts[2].isEmpty()
                || !stem.substring(dash + 1).matches("[0-9a-f]{12,64}")) {
            return null;
        }
        return new PodLogPath(parts[1], parts[0], null, parts[2], -1);
    }

    /** The resource attributes every record of this container shares. */
    public ContainerResource toResource() {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("k8s.namespace.name", namespace);
        attributes.put("k8s.pod.name", pod);
        if (uid != null) {
            attributes.put("k8s.pod.uid", uid);
        }
        attributes.put("k8s.container.name", container);
        if (restartCount >= 0) {
            attributes.put("k8s.container.restart_count", restartCount);
        }
        return new ContainerResource(attributes);
    }

    /**
     * The resource of {@code path}: its Kubernetes identity, or no attributes for other files. A
     * /var/log/containers link is followed to its /var/log/pods target, which also names the uid and restart.
     */
    public static ContainerResource resourceOf(Path path) {
        PodLogPath parsed = parse(path);
        Path hop = path;
        for (int i = 0; i < MAX_LINK_HOPS && (parsed == null || parsed.uid() == null) && Files.isSymbolicLink(hop); i++) {
            try {
                hop = hop.resolveSibling(Files.readSymbolicLink(hop));
            } catch (IOException e) {
                break;
            }
            PodLogPath target = parsePodsLayout(hop);
            if (target != null) {
                parsed = target;
            }
        }
        return parsed == null ? NO_RESOURCE : parsed.toResource();
    }
}
