package io.logpipeline.operator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubeapitest.junit.EnableKubeAPIServer;
import io.fabric8.kubeapitest.junit.KubeConfig;
import io.logpipeline.api.v1alpha1.LogPipeline;
import io.logpipeline.operator.Manifests;
import io.logpipeline.api.agent.AgentContract;
import io.logpipeline.operator.RunningOperator;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** With watched namespaces configured, pipelines there get everything (cluster-scoped RBAC included); others are left alone. */
@EnableKubeAPIServer(kubeAPIVersion = "1.20.2")
class WatchedNamespacesTest {

    @KubeConfig
    static String kubeConfigYaml;

    @Test
    void onlyPipelinesInWatchedNamespacesAreReconciled() throws Exception {
        try (RunningOperator operator = RunningOperator.start(kubeConfigYaml, null, Set.of("monitoring"))) {
            // given
            KubernetesClient client = operator.client;
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("elsewhere").endMetadata().build()).create();

            // when
            for (String ns : new String[] {"monitoring", "elsewhere"}) {
                client.resource(Manifests.backend(ns, "victorialogs", "http://victorialogs:9428/insert/opentelemetry/v1/logs")).create();
                client.resource(Manifests.pipeline(ns, "default", "victorialogs")).create();
            }

            // then
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                assertThat(client.configMaps().inNamespace(RunningOperator.AGENT_NAMESPACE)
                        .withName(AgentContract.pipelineObjectName("monitoring", "default")).get()).isNotNull();
                assertThat(client.apps().daemonSets().inNamespace(RunningOperator.AGENT_NAMESPACE).withName(AgentContract.DAEMONSET_NAME).get())
                        .as("the agent namespace is written even when it is not watched").isNotNull();
            });
            Thread.sleep(2000);
            assertThat(client.resources(LogPipeline.class).inNamespace("elsewhere").withName("default").get().getStatus()).isNull();
            assertThat(client.configMaps().inNamespace(RunningOperator.AGENT_NAMESPACE)
                    .withName(AgentContract.pipelineObjectName("elsewhere", "default")).get()).isNull();
        }
    }
}
