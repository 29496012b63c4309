package io.logpipeline.operator;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.logpipeline.api.v1alpha1.LogPipeline;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * DESIGN §6 "200 LogPipelines reconciled to their rendered objects in ≤ 30 s; heap ≤ 256 MiB": with N pipelines
 * already in a real kube-apiserver, starts the operator (installing CRDs and operator start-up included) and measures
 * the time until every pipeline has its DaemonSet and a status with its config hash, then the heap after a GC
 * (the whole JVM: operator and the benchmark's own client). Run as documented in the report (not part of the test suite).
 */
public final class OperatorScaleBenchmark {

    private OperatorScaleBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int pipelines = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        io.logpipeline.testsupport.KubeApiTestMidnightGuard.waitOutMidnight();
        KubeAPIServer apiServer = new KubeAPIServer(KubeAPIServerConfigBuilder.anAPIServerConfig().withApiServerVersion("1.20.2").build());
        apiServer.start();
        try (KubernetesClient client = new io.fabric8.kubernetes.client.KubernetesClientBuilder()
                .withConfig(io.fabric8.kubernetes.client.Config.fromKubeconfig(apiServer.getKubeConfigYaml())).build()) {
            // given: the pipelines exist before the operator starts (an upgrade or failover catching up)
            RunningOperator.installCrds(client);
            String ns = "bench";
            client.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
            client.resource(Manifests.backend(ns, "victorialogs", "http://victorialogs:9428/insert/opentelemetry/v1/logs")).create();
            for (int i = 0; i < pipelines; i++) {
                client.resource(Manifests.pipeline(ns, "p" + i, "victorialogs")).create();
            }

            // when
            long start = System.nanoTime();
            try (RunningOperator operator = RunningOperator.start(apiServer.getKubeConfigYaml())) {
                while (true) {
                    long done = client.resources(LogPipeline.class).inNamespace(ns).list().getItems().stream()
                            .filter(p -> p.getStatus() != null && p.getStatus().getConfigHash() != null).count();
                    long daemonSets = client.apps().daemonSets().inNamespace(ns).list().getItems().size();
                    if (done == pipelines && daemonSets == pipelines) {
                        break;
                    }
                    Thread.sleep(200);
                }
                long end = System.nanoTime();

                // then
                System.gc();
                MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
                System.out.printf("pipelines=%d reconciled_all_s=%.1f heap_used_after_gc_mib=%d%n", pipelines,
                        (end - start) / 1e9, memory.getHeapMemoryUsage().getUsed() / (1024 * 1024));
            }
        } finally {
            apiServer.stop();
        }
        System.exit(0); // informer and process-reaper threads are not daemons
    }
}
