package io.logpipeline.operator.startup;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubeapitest.junit.EnableKubeAPIServer;
import io.fabric8.kubeapitest.junit.KubeConfig;
import io.logpipeline.operator.RunningOperator;
import org.junit.jupiter.api.Test;

@EnableKubeAPIServer(kubeAPIVersion = "1.20.2")
class CrdCheckTest {

    @KubeConfig
    static String kubeConfigYaml;

    @Test
    void startupFailsWithOneSentenceNamingTheMissingCrdsUntilTheyAreInstalled() throws Exception {
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeConfigYaml)).build()) {
            // given a cluster without the CRDs
            // when / then
            assertThatThrownBy(() -> CrdCheck.requireInstalled(client))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("The CustomResourceDefinitions logpipelines.logpipeline.io, logbackends.logpipeline.io are not installed")
                    .hasMessageContaining("kubectl apply -f crds/");

            // given
            RunningOperator.installCrds(client);
            // when / then
            assertThatCode(() -> CrdCheck.requireInstalled(client)).doesNotThrowAnyException();
        }
    }
}
