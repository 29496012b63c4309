package io.logpipeline.packaging.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.marcnuri.helm.Helm;
import io.fabric8.kubeapitest.junit.EnableKubeAPIServer;
import io.fabric8.kubeapitest.junit.KubeConfig;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.logpipeline.packaging.HelmTestRun;
import io.logpipeline.packaging.RepositoryFiles;
import io.logpipeline.packaging.Yaml;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
 * missing CRDs and exits, starts once they are installed, and passes the chart's `helm test` (its Pod's container run in
 * this image against the running operator).
 */
@EnableKubeAPIServer(kubeAPIVersion = "1.20.2")
class OperatorImageIT {

    private static final Path ARCHIVE = RepositoryFiles.root().resolve("operator/target/image/logpipeline-operator.tar");
    private static final String VERSION = System.getProperty("logpipeline.project.version");
    private static final String IMAGE = "ghcr.io/logpipeline/logpipeline-operator:" + VERSION;

    @KubeConfig
    static String kubeConfigYaml;

    private static final String RELEASE = "logpipeline-operator";
    private static final String RELEASE_NAMESPACE = "logpipeline-system";

    private final Podman podman = new Podman();
    private int operatorPort;
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
    void namesTheMissingCrdsAndExitsThenStartsOnceTheyAreInstalledAndPassesTheChartsHelmTest() throws Exception {
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

        // when: the chart is installed and `helm test` runs, its Pod's container run in the image the Pod names, as the
        // Pod runs it, against this operator (host network: the Service address becomes the operator's loopback port)
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeConfigYaml)).build()) {
            new Helm(RepositoryFiles.chart()).install().withName(RELEASE).withNamespace(RELEASE_NAMESPACE).createNamespace()
                    .withKubeConfigContents(kubeConfigYaml).call();
            HelmTestRun helmTest = new HelmTestRun(client, kubeConfigYaml, RELEASE, RELEASE_NAMESPACE, RELEASE + "-test");
            Podman.Result hook = runAsThePodDoes(HelmTestRun.container(helmTest.awaitPod()));
            helmTest.complete(hook.exit());

            // then: the image has what the hook's script needs (bash), and the operator answers ready
            assertThat(hook.exit()).as(hook.output()).isZero();
            assertThat(hook.stdout()).contains("The operator is ready (GET http://127.0.0.1:" + operatorPort + "/q/health/ready)",
                    "HTTP/1.1 200 OK");
            assertThat(helmTest.result()).isNull();
        }
    }

    private Podman.Result runAsThePodDoes(Container container) throws Exception {
        List<String> arguments = new ArrayList<>(List.of("run", "--rm", "--name", podman.name("helm-test-it"),
                "--network", "host", "--user", "10001:0", "--read-only", "--cap-drop", "ALL", "--security-opt", "no-new-privileges"));
        for (EnvVar env : container.getEnv()) {
            String value = switch (env.getName()) {
                case "OPERATOR_HOST" -> "127.0.0.1";
                case "OPERATOR_PORT" -> String.valueOf(operatorPort);
                default -> env.getValue();
            };
            arguments.addAll(List.of("-e", env.getName() + "=" + value));
        }
        arguments.addAll(List.of("--entrypoint", container.getCommand().get(0), container.getImage()));
        arguments.addAll(container.getCommand().subList(1, container.getCommand().size()));
        return podman.run(arguments.toArray(String[]::new));
    }

    // As the chart's Deployment runs it, but with the kubeconfig of the test's API server instead of a ServiceAccount.
    private String startOperator() throws Exception {
        String name = podman.name("operator-image-it");
        Podman.Result result = podman.run("run", "--detach", "--name", name, "--network", "host",
                "--user", "10001:0", "--read-only", "--cap-drop", "ALL", "--security-opt", "no-new-privileges",
                "-v", kubeconfig + ":/etc/kubeconfig:ro", "-e", "KUBECONFIG=/etc/kubeconfig",
                "-e", "LOGPIPELINE_LEASE_NAMESPACE=default", "-e", "QUARKUS_HTTP_HOST=127.0.0.1",
                "-e", "QUARKUS_HTTP_PORT=" + (operatorPort = freePort()), IMAGE);
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
