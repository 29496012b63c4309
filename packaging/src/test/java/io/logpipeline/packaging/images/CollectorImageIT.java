package io.logpipeline.packaging.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.logpipeline.packaging.RepositoryFiles;
import io.logpipeline.packaging.Yaml;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The collector image the build wrote (collector/target/image/logpipeline-collector.tar), loaded into podman and run
 * the way the rendered DaemonSet runs it: uid 10001, gid 0, read-only root filesystem; its checkpoint directory a
 * host directory made the way a kubelet makes a DirectoryOrCreate hostPath (root:root 0755), prepared by the image's
 * own prepare-state-dir as the init container runs it (uid 0, CHOWN and FOWNER only).
 */
class CollectorImageIT {

    private static final Path ARCHIVE = RepositoryFiles.root().resolve("collector/target/image/logpipeline-collector.tar");
    private static final String IMAGE = "ghcr.io/logpipeline/logpipeline-collector:" + System.getProperty("logpipeline.project.version");
    /** Under the checkpoint root: the pipeline's own directory, {@code <namespace>_<name>}, then the input's file. */
    private static final String PIPELINE_CHECKPOINTS = "monitoring_default/file-input.checkpoints";

    private final Podman podman = new Podman();
    private Path host;
    private HttpServer backend;
    private final AtomicInteger exports = new AtomicInteger();

    @BeforeAll
    static void loadTheArchive() throws Exception {
        // when
        List<String> loaded = new Podman().load(ARCHIVE);

        // then: the project version, and the release version the chart's appVersion names
        assertThat(loaded).containsExactlyInAnyOrder(IMAGE,
                "ghcr.io/logpipeline/logpipeline-collector:" + RepositoryFiles.releaseVersion());
    }

    @BeforeEach
    void setUp() throws IOException {
        host = Podman.openDirectory("collector-image-it");
        backend = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        backend.createContext("/v1/logs", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exports.incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        backend.start();
    }

    @AfterEach
    void tearDown() throws Exception {
        podman.removeStarted();
        backend.stop(0);
        try (var paths = Files.walk(host)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    @Test
    void versionPrintsTheProjectVersionAsUid10001OnAReadOnlyRoot() throws Exception {
        // when
        Podman.Result result = podman.run("run", "--rm", "--user", "10001:0", "--read-only", IMAGE, "--version");

        // then
        assertThat(result.exit()).as(result.output()).isZero();
        assertThat(result.stdout().strip()).isEqualTo("logpipeline-collector " + System.getProperty("logpipeline.project.version"));
    }

    @Test
    void validateOnlyAcceptsTheConfigTheOperatorRendersForTheSampleAndNamesEveryProblemOfABadOne() throws Exception {
        // given: the pipeline.json the operator renders for samples/logpipeline.yaml (its golden file), and a broken one
        @SuppressWarnings("unchecked")
        String rendered = ((java.util.Map<String, String>) Yaml.map(
                RepositoryFiles.root().resolve("operator/src/test/resources/seed/out-configmap.yaml")).get("data")).get("pipeline.json");
        Path good = Files.writeString(host.resolve("good.json"), rendered);
        Path bad = Files.writeString(host.resolve("bad.json"), """
                {"pipeline": "default", "batch": {"timeout": "soon"},
                 "exporters": [{"name": "vl", "endpoint": "http://vl:9428/v1/traces"}]}
                """);

        // when
        Podman.Result accepted = validate(good);
        Podman.Result refused = validate(bad);

        // then
        assertThat(accepted.exit()).as(accepted.output()).isZero();
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.stderr()).contains("2 problems", "batch.timeout: \"soon\" is not a duration");
    }

    @Test
    void demoDeliversEveryLineAsUid10001OnAReadOnlyRoot() throws Exception {
        // when
        Podman.Result result = podman.run("run", "--rm", "--user", "10001:0", "--read-only", IMAGE, "demo");

        // then
        assertThat(result.exit()).as(result.output()).isZero();
        assertThat(result.stdout()).contains("demo summary:", "every line delivered");
    }

    @Test
    void onAKubeletMadeHostPathTheCollectorWritesCheckpointsOnlyAfterThePrepareStateDirInitStep() throws Exception {
        // given: the hostPath as a kubelet makes it, a container log, and a config reading it
        Path stateDir = Files.createDirectory(host.resolve("state"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Path pods = host.resolve("pods");
        Path log = pods.resolve("shop_cart-7d9f8b6c5-x2k4q_8f14e45f-ceea-4e3a-9b1a-0c2d3e4f5a61/app/0.log");
        Files.createDirectories(log.getParent());
        Files.writeString(log, "2026-11-24T12:00:00.000000000Z stdout F hello from the image test\n");
        Files.walk(host).forEach(path -> path.toFile().setReadable(true, false));
        Path config = Files.writeString(host.resolve("collector.json"), """
                {"pipeline": "default", "namespace": "monitoring",
                 "input": {"paths": {"include": ["/var/log/pods/*/*/*.log"]}, "startAt": "beginning", "pollInterval": "100ms"},
                 "kubernetes": {"enabled": false},
                 "batch": {"timeout": "200ms"},
                 "exporters": [{"name": "sink", "endpoint": "http://127.0.0.1:%d/v1/logs"}]}
                """.formatted(backend.getAddress().getPort()));
        config.toFile().setReadable(true, false);
        String[] mountsThenArguments = {"-v", stateDir + ":/var/lib/logpipeline", "-v", pods + ":/var/log/pods:ro",
            "-v", config + ":/etc/logpipeline/pipelines/monitoring_default.json:ro",
            "--", "--config", "/etc/logpipeline/pipelines/monitoring_default.json", "--telemetry-port", String.valueOf(freePort())};

        // when: the collector starts without the init step
        String before = startCollector(mountsThenArguments);

        // then: it delivers, but cannot checkpoint, and says which directory and the fix
        await().atMost(Duration.ofSeconds(60)).until(() -> podman.logs(before).contains("event=checkpoint_unwritable"));
        assertThat(podman.logs(before)).contains("checkpoint directory /var/lib/logpipeline/monitoring_default is not writable by uid 10001",
                "the init container prepare-state-dir does");
        await().atMost(Duration.ofSeconds(60)).until(() -> exports.get() > 0);
        assertThat(stateDir.resolve(PIPELINE_CHECKPOINTS)).doesNotExist();
        podman.removeStarted();

        // when: the init step as the rendered init container runs it, then the collector again
        Podman.Result init = podman.run("run", "--rm", "--user", "0:0", "--cap-drop", "ALL", "--cap-add", "CHOWN",
                "--cap-add", "FOWNER", "--security-opt", "no-new-privileges", "--read-only", "--read-only-tmpfs=false",
                "-v", stateDir + ":/var/lib/logpipeline", IMAGE, "prepare-state-dir", "/var/lib/logpipeline");
        String after = startCollector(mountsThenArguments);

        // then
        assertThat(init.exit()).as(init.output()).isZero();
        assertThat(init.stdout()).contains("/var/lib/logpipeline is now owned by 10001:0, mode rwxrwx---");
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(stateDir.resolve(PIPELINE_CHECKPOINTS)));
        assertThat(Files.getAttribute(stateDir.resolve(PIPELINE_CHECKPOINTS), "unix:uid")).isEqualTo(10001);
        Podman.Result stop = podman.run("stop", "--time", "30", after);
        assertThat(stop.exit()).as(stop.output()).isZero();
        assertThat(podman.run("inspect", "--format", "{{.State.ExitCode}}", after).stdout().strip()).isEqualTo("0");
        assertThat(podman.logs(after)).doesNotContain("event=checkpoint_unwritable");
        assertThat(Files.readString(stateDir.resolve(PIPELINE_CHECKPOINTS))).contains("/var/log/pods/shop_cart");
    }

    private Podman.Result validate(Path config) throws Exception {
        config.toFile().setReadable(true, false);
        return podman.run("run", "--rm", "--user", "10001:0", "--read-only",
                "-v", config + ":/etc/logpipeline/pipeline.json:ro", IMAGE,
                "--config", "/etc/logpipeline/pipeline.json", "--validate-only");
    }

    // As the DaemonSet runs it; host network so it reaches the test's backend on loopback.
    private String startCollector(String... mountsThenArguments) throws Exception {
        String name = podman.name("collector-image-it");
        List<String> command = new java.util.ArrayList<>(List.of("run", "--detach", "--name", name, "--network", "host",
                "--user", "10001:0", "--read-only", "--cap-drop", "ALL", "--security-opt", "no-new-privileges"));
        // podman options before "--", the agent's own arguments after it
        List<String> given = List.of(mountsThenArguments);
        int split = given.indexOf("--");
        command.addAll(given.subList(0, split));
        command.add(IMAGE);
        command.addAll(given.subList(split + 1, given.size()));
        Podman.Result result = podman.run(command.toArray(String[]::new));
        assertThat(result.exit()).as(result.output()).isZero();
        return name;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
