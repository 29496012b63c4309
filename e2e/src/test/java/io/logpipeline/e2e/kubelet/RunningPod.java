package io.logpipeline.e2e.kubelet;

import java.util.Map;

/** A snapshot of one pod the process kubelet runs, e.g. to scrape its metrics on its local port. */
public record RunningPod(String namespace, String name, String nodeName, long pid, Map<Integer, Integer> localPorts,
    boolean ready, int restarts) {
}
