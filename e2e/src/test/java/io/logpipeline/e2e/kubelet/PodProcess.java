package io.logpipeline.e2e.kubelet;

import io.logpipeline.e2e.process.LocalProcess;
import java.util.Map;

/**
 * A pod's running process. Every pod shares 127.0.0.1, so each container port a launcher serves is
 * remapped to a free local port: {@code localPorts} maps containerPort to that local port, and the
 * kubelet sends the pod's readiness probe there.
 */
public record PodProcess(LocalProcess process, Map<Integer, Integer> localPorts) {
}
