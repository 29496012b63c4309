package io.logpipeline.e2e.kubelet;

import java.util.Map;

/**
 * A snapshot of one pod the process kubelet runs: where to reach it (its container ports' local
 * ports, e.g. to scrape metrics) and the environment it was given (NODE_NAME, KUBECONFIG, ...).
 */
public record RunningPod(String namespace, String name, String nodeName, long pid, Map<Integer, Integer> localPorts,
    Map<String, String> environment, boolean ready, int restarts) {
}
