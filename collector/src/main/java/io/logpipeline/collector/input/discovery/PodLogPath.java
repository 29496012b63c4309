package io.logpipeline.collector.input.discovery;

import io.logpipeline.collector.record.ContainerResource;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Kubernetes identity encoded in a kubelet log path:
 * {@code …/<namespace>_<pod>_<uid>/<container>/<restart>.log} (rotated files carry a suffix
 * after {@code .log}).
 */
public record PodLogPath(String namespace, String pod, String uid, String container, long restartCount) {

    private static final ContainerResource NO_RESOURCE = new ContainerResource(Map.of());

    /** The identity of {@code path}, or null when the path does not follow the kubelet layout. */
    public static PodLogPath parse(Path path) {
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

    /** The resource attributes every record of this container shares. */
    public ContainerResource toResource() {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("k8s.namespace.name", namespace);
        attributes.put("k8s.pod.name", pod);
        attributes.put("k8s.pod.uid", uid);
        attributes.put("k8s.container.name", container);
        attributes.put("k8s.container.restart_count", restartCount);
        return new ContainerResource(attributes);
    }

    /** The resource of {@code path}: its Kubernetes identity, or no attributes for other files. */
    public static ContainerResource resourceOf(Path path) {
        PodLogPath parsed = parse(path);
        return parsed == null ? NO_RESOURCE : parsed.toResource();
    }
}
