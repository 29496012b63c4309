package io.logpipeline.collector.benchmark;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A kube-apiserver (kube-api-test) with Deployment pods of two containers each on the benchmark's node, all
 * labelled for logging, spread over namespaces {@code ns0..ns<n-1>}; and their (empty) log files where the
 * kubelet would put them. Needs the kube-api-test binaries in ~/.kubeapitest (the build installs them).
 */
final class BenchCluster implements AutoCloseable {

    static final String NODE = "bench-node";
    static final String[] CONTAINERS = {"app", "sidecar"};

    private final KubeAPIServer server;
    private final KubernetesClient client;
    private final List<Pod> pods = new ArrayList<>();

    private BenchCluster(KubeAPIServer server) {
        this.server = server;
        this.client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(server.getKubeConfigYaml())).build();
    }

    /** {@code pods} pods, pod i in namespace {@code ns<i % namespaces>}. */
    static BenchCluster start(int namespaces, int pods) {
        io.logpipeline.testsupport.KubeApiTestMidnightGuard.waitOutMidnight();
        KubeAPIServer server = new KubeAPIServer(KubeAPIServerConfigBuilder.anAPIServerConfig()
                .withApiServerVersion("1.20.2").withOfflineMode(true).withUpdateKubeConfig(false).build());
        server.start();
        BenchCluster cluster = new BenchCluster(server);
        for (int ns = 0; ns < namespaces; ns++) {
            cluster.client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("ns" + ns).endMetadata().build()).create();
        }
        for (int i = 0; i < pods; i++) {
            String replicaSet = "svc" + i + "-5f7c9d8b4";
            cluster.pods.add(cluster.client.pods().inNamespace("ns" + i % namespaces).resource(new PodBuilder()
                    .withNewMetadata().withName(replicaSet + "-q8w2" + i)
                    .addToLabels("logging.enabled", "true").addToLabels("app", "svc" + i)
                    .addToLabels("project_name", "project" + i % 3).addToLabels("pod-template-hash", "5f7c9d8b4")
                    .addToAnnotations("deployment.kubernetes.io/revision", "3")
                    .addNewOwnerReference().withApiVersion("apps/v1").withKind("ReplicaSet").withName(replicaSet)
                    .withUid(UUID.randomUUID().toString()).withController(true).endOwnerReference()
                    .endMetadata()
                    .withNewSpec().withNodeName(NODE)
                    .addNewContainer().withName("app").withImage("ghcr.io/acme/svc" + i + ":1.0." + i).endContainer()
                    .addNewContainer().withName("sidecar").withImage("envoyproxy/envoy:v1.30").endContainer()
                    .endSpec().build()).create());
        }
        return cluster;
    }

    String kubeConfigYaml() {
        return server.getKubeConfigYaml();
    }

    /** One (empty) 0.log per container of every pod, where the kubelet would put it. */
    List<Path> podLogFiles(Path podsDirectory) throws IOException {
        return podLogFiles(podsDirectory, null);
    }

    /** One (empty) 0.log per container of the pods in {@code namespace} (every namespace when null). */
    List<Path> podLogFiles(Path podsDirectory, String namespace) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Pod pod : pods) {
            if (namespace != null && !namespace.equals(pod.getMetadata().getNamespace())) {
                continue;
            }
            for (String container : CONTAINERS) {
                Path dir = podsDirectory.resolve(pod.getMetadata().getNamespace() + "_" + pod.getMetadata().getName()
                        + "_" + pod.getMetadata().getUid() + "/" + container);
                Files.createDirectories(dir);
                files.add(Files.write(dir.resolve("0.log"), new byte[0]));
            }
        }
        return files;
    }

    @Override
    public void close() {
        client.close();
        server.stop();
    }
}
