package io.logpipeline.e2e.scale;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What phase 1 creates: per namespace, header Secrets, LogBackends (every other one with an Authorization header
 * from a Secret) and LogPipelines from samples/logpipeline.yaml, each referencing 1-3 of its namespace's backends,
 * every even-numbered one the namespace's first backend.
 *
 * @param objects YAML documents in creation order
 * @param credentialedPipelines pipelines that reference a Secret-backed header, i.e. get a credentials Secret
 * @param busiestBackend the backend phase 2 edits and the pipelines that use it
 */
record ScaleWorkload(List<String> namespaces, List<String> objects, int pipelineCount, int credentialedPipelines,
    Edit busiestBackend) {

  static final String API_VERSION = "logpipeline.io/v1alpha1";
  private static final String SAMPLE_REFS = "  backendRefs:\n    - name: victorialogs\n";

  /** A LogBackend and the pipelines that use it. */
  record Edit(String namespace, String backend, Set<String> pipelines) {
  }

  static ScaleWorkload of(int pipelines, int backends, int namespaceCount, String samplePipeline) {
    if (!samplePipeline.contains(SAMPLE_REFS) || !samplePipeline.contains("metadata:\n  name: default\n")) {
      throw new IllegalStateException("samples/logpipeline.yaml changed shape: update the benchmark's substitutions");
    }
    List<String> namespaces = new ArrayList<>();
    List<String> objects = new ArrayList<>();
    int credentialed = 0;
    Map<String, Set<String>> usersOfFirstBackend = new LinkedHashMap<>();
    int backendsPerNamespace = backends / namespaceCount;
    int pipelinesPerNamespace = pipelines / namespaceCount;
    for (int n = 0; n < namespaceCount; n++) {
      String namespace = "bench-" + n;
      namespaces.add(namespace);
      for (int b = 0; b < backendsPerNamespace; b++) {
        objects.addAll(backend(namespace, n, b));
      }
      for (int p = 0; p < pipelinesPerNamespace; p++) {
        String name = "pipeline-" + p;
        int first = p % 2 == 0 ? 0 : p % backendsPerNamespace;
        Set<Integer> refs = new TreeSet<>();
        for (int r = 0; r <= p % 3; r++) {
          refs.add((first + r) % backendsPerNamespace);
        }
        if (refs.stream().anyMatch(b -> b % 2 == 0)) {
          credentialed++;
        }
        if (refs.contains(0)) {
          usersOfFirstBackend.computeIfAbsent(namespace, k -> new TreeSet<>()).add(name);
        }
        StringBuilder refsYaml = new StringBuilder("  backendRefs:\n");
        refs.forEach(b -> refsYaml.append("    - name: backend-").append(b).append('\n'));
        objects.add(samplePipeline
            .replace("metadata:\n  name: default\n", "metadata:\n  name: " + name + "\n  namespace: " + namespace + "\n")
            .replace(SAMPLE_REFS, refsYaml));
      }
    }
    Map.Entry<String, Set<String>> busiest = usersOfFirstBackend.entrySet().iterator().next();
    return new ScaleWorkload(namespaces, objects, pipelinesPerNamespace * namespaceCount, credentialed,
        new Edit(busiest.getKey(), "backend-0", busiest.getValue()));
  }

  /** LogBackend {@code backend-<b>}, with its header Secret when {@code b} is even. */
  private static List<String> backend(String namespace, int n, int b) {
    List<String> objects = new ArrayList<>();
    boolean secretHeader = b % 2 == 0;
    if (secretHeader) {
      objects.add("""
          apiVersion: v1
          kind: Secret
          metadata: {name: otlp-token-%d, namespace: %s}
          stringData: {header: "Bearer token-%d-%d"}
          """.formatted(b, namespace, n, b));
    }
    objects.add("""
        apiVersion: %s
        kind: LogBackend
        metadata: {name: backend-%d, namespace: %s}
        spec:
          otlp:
            endpoint: http://logs-%d.%s.svc:4318/v1/logs
            headers:
              - {name: X-Scope-OrgID, value: tenant-%d}
        %s""".formatted(API_VERSION, b, namespace, b, namespace, b, secretHeader
        ? "      - {name: Authorization, valueFrom: {secretKeyRef: {name: otlp-token-" + b + ", key: header}}}\n" : ""));
    return objects;
  }
}
