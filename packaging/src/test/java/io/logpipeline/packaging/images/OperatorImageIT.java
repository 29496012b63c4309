package io.logpipeline.packaging.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubeapitest.junit.EnableKubeAPIServer;
import io.fabric8.kubeapitest.junit.KubeConfig;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.logpipeline.packaging.RepositoryFiles;
import io.logpipeline.packaging.Yaml;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The operator image the build wrote (operator/target/image/logpipeline-operator.tar), loaded into podman and run as
 * uid 10001 on a read-only root against a real kube-apiserver (kube-api-test, loopback, host network): it names the
 * missing CRDs and exits, and starts once they are installed.
 */
@EnableKubeAPIServer(kubeAPIVersion = "1.20.2")
class OperatorImageIT {

    private static final Path ARCHIVE = RepositoryFiles.root().resolve("operator/target/image/logpipeline-operator.tar");
    private static final String VERSION = System.getProperty("logpipeline.project.version");
    private static final String IMAGE = "ghcr.io/logpipeline/logpipeline-operator:" + VERSION;

    @KubeConfig
    static String kubeConfigYaml;

    private final Podman podman = new Podman();
    private Path dir;
    private Path kubeconfig;

    @BeforeAll
    static void loadTheArchive() throws Exception {
        assertThat(new Podman().load(ARCHIVE)).containsExactlyInAnyOrder(IMAGE,
                "ghcr.io/logpipeline/logpipeline-operator:" + RepositoryFiles.releaseVersion());
    }

    @BeforeEach
    void setUp() throws IOException {
        dir = Podman.openDirectory("operator-image-it");
        kubeconfig = Files.writeString(dir.resolve("kubeconfig"), selfContained(kubeConfigYaml));
        kubeconfig.toFile().setReadable(true, false);
    }

    @AfterEach
    void tearDown() throws Exception {
        podman.removeStarted();
        Files.delete(kubeconfig);
        Files.delete(dir);
    }

    @Test
    void namesTheMissingCrdsAndExitsThenStartsOnceTheyAreInstalled() throws Exception {
        // when: no CRDs in the cluster
        String first = startOperator();
        Podman.Result exit = podman.run("wait", first);

        // then
        String log = podman.logs(first);
        assertThat(exit.stdout().strip()).as(log).isEqualTo("1");
        assertThat(log).contains("event=operator-starting version=" + VERSION)
                .contains("The CustomResourceDefinitions logpipelines.logpipeline.io, logbackends.logpipeline.io are not installed")
                .contains("kubectl apply -f crds/");

        // when: the CRDs of crds/ are installed
        installCrds();
        String second = startOperator();

        // then
        await().atMost(Duration.ofSeconds(120)).until(() -> podman.logs(second).contains("event=operator-started"));
        assertThat(podman.logs(second)).doesNotContain("CrdsNotInstalled");
        assertThat(podman.run("inspect", "--format", "{{.State.Running}}", second).stdout().strip()).isEqualTo("true");
    }

    // As the chart's Deployment runs it, but with the kubeconfig of the test's API server instead of a ServiceAccount.
    private String startOperator() throws Exception {
        String name = podman.name("operator-image-it");
        Podman.Result result = podman.run("run", "--detach", "--name", name, "--network", "host",
                "--user", "10001:0", "--read-only", "--cap-drop", "ALL", "--security-opt", "no-new-privileges",
                "-v", kubeconfig + ":/etc/kubeconfig:ro", "-e", "KUBECONFIG=/etc/kubeconfig",
                "-e", "LOGPIPELINE_LEASE_NAMESPACE=default", "-e", "QUARKUS_HTTP_HOST=127.0.0.1",
                "-e", "QUARKUS_HTTP_PORT=" + freePort(), IMAGE);
        assertThat(result.exit()).as(result.output()).isZero();
        return name;
    }

    private static void installCrds() throws IOException {
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeConfigYaml)).build();
                Stream<Path> files = Files.list(RepositoryFiles.root().resolve("crds"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yml")).sorted().toList()) {
                try (InputStream yaml = Files.newInputStream(file)) {
                    // create, not server-side apply: a 1.20 API server cannot type the CEL rules for SSA
                    client.apiextensions().v1().customResourceDefinitions().resource(client.getKubernetesSerialization()
                            .unmarshal(yaml, io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition.class)).create();
                }
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> List.of("logpipelines.logpipeline.io", "logbackends.logpipeline.io")
                    .stream().allMatch(crd -> client.apiextensions().v1().customResourceDefinitions().withName(crd).get() != null));
        }
    }

    // kube-api-test's kubeconfig names its certificate files under /root; the container gets their contents instead.
    @SuppressWarnings("unchecked")
    private static String selfContained(String yaml) throws IOException {
        Map<String, Object> config = Yaml.map(yaml);
        for (Map<String, Object> cluster : (List<Map<String, Object>>) config.get("clusters")) {
            inline((Map<String, Object>) cluster.get("cluster"), "certificate-authority");
        }
        for (Map<String, Object> user : (List<Map<String, Object>>) config.get("users")) {
            inline((Map<String, Object>) user.get("user"), "client-certificate");
            inline((Map<String, Object>) user.get("user"), "client-key");
        }
        return new KubernetesSerialization().asYaml(config);
    }

    private static void inline(Map<String, Object> section, String key) throws IOException {
        Object file = section.remove(key);
        if (file != null) {
            section.put(key + "-data", Base64.getEncoder().encodeToString(Files.readAllBytes(Path.of(file.toString()))));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
