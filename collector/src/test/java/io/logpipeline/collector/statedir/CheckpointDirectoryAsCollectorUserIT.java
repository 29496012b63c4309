package io.logpipeline.collector.statedir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.logpipeline.api.config.CollectorConfig;
import io.logpipeline.api.config.CollectorConfigJson;
import io.logpipeline.collector.export.OtlpSink;
import io.logpipeline.collector.pipeline.SampleConfigs;
import java.io.IOException;
import java.nio.file.Files;
import io.logpipeline.api.agent.AgentContract;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The built collector jar as the DaemonSet runs it (uid 10001, gid 0, no supplementary groups, via {@code setpriv})
 * on a checkpoint directory prepared the way a kubelet prepares a {@code DirectoryOrCreate} hostPath (root:root
 * 0755): it cannot write there until {@code prepare-state-dir}, run as root with CAP_CHOWN and CAP_FOWNER only, has
 * given the directory to it. Needs root (to play the kubelet and the init container), as CI runs.
 */
class CheckpointDirectoryAsCollectorUserIT {

    private static final Path JAR = Path.of("target/logpipeline-collector.jar").toAbsolutePath();
    private static final String CHECKPOINT_FILE = "file-input.checkpoints";

    private Path root;
    private Path stateDir;
    private Path config;
    private Path checkpointFile;
    private OtlpSink sink;
    private final List<Process> started = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        assumeTrue("root".equals(System.getProperty("user.name")),
                "plays the kubelet and the init container: run as root (CI does)");
        // not @TempDir: its 0700 would keep uid 10001 out of everything below it
        root = Files.createTempDirectory(Path.of("/tmp"), "checkpoint-dir-it",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        stateDir = kubeletHostPath(root.resolve("var/lib/logpipeline"));
        Path log = root.resolve("var/log/pods/shop_cart-7d9f8b6c5-x2k4q_8f14e45f-ceea-4e3a-9b1a-0c2d3e4f5a61/app/0.log");
        Files.createDirectories(log.getParent());
        Files.writeString(log, "2026-11-24T12:00:00.000000000Z stdout F 2026-11-24T12:00:00.000Z INFO [INFO] hello\n");
        sink = OtlpSink.http();
        CollectorConfig collectorConfig = SampleConfigs.seed(root, sink.endpoint());
        collectorConfig.getKubernetes().setEnabled(false);
        collectorConfig.getInput().setPodSelector(null);
        collectorConfig.getBatch().setTimeout("200ms");
        checkpointFile = AgentContract.checkpointDirectory(stateDir, collectorConfig.getNamespace(), collectorConfig.getPipeline())
                .resolve(CHECKPOINT_FILE);
        config = Files.writeString(root.resolve("collector.json"), CollectorConfigJson.write(collectorConfig));
        Files.walk(root).forEach(path -> path.toFile().setReadable(true, false));
    }

    @AfterEach
    void tearDown() throws Exception {
        for (Process process : started) {
            process.destroyForcibly().waitFor();
        }
        if (sink != null) {
            sink.close();
        }
        if (root != null) {
            try (var paths = Files.walk(root)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    @Test
    void withoutTheInitStepTheCollectorUserCannotWriteCheckpointsAndSaysWhere() throws Exception {
        // given: the hostPath as a kubelet creates it
        assertThat(owner(stateDir)).isEqualTo("0:0 rwxr-xr-x");

        // when
        Path log = root.resolve("collector.log");
        Process collector = start(log, "setpriv", "--reuid=10001", "--regid=0", "--clear-groups",
                java(), "-jar", JAR.toString(), "--config", config.toString(),
                "--checkpoint-root", stateDir.toString(), "--telemetry-address", "127.0.0.1");

        // then: the record is delivered, but its checkpoint cannot be written, and the log says which file and why
        await().atMost(Duration.ofSeconds(30)).until(() -> !sink.acceptedRecords().isEmpty());
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(log)
                .contains("checkpoint directory " + checkpointFile.getParent() + " is not writable by uid 10001"));
        assertThat(collector.isAlive()).isTrue();
        assertThat(checkpointFile).doesNotExist();
    }

    @Test
    void prepareStateDirWithoutCapabilitiesIsRefusedWithTheFix() throws Exception {
        // when: root, but with every capability dropped
        Path log = root.resolve("prepare.log");
        int exit = run(log, "setpriv", "--inh-caps=-all", "--bounding-set=-all",
                java(), "-jar", JAR.toString(), "prepare-state-dir", stateDir.toString());

        // then
        assertThat(exit).isEqualTo(1);
        assertThat(Files.readString(log)).contains("prepare-state-dir: not permitted to give " + stateDir + " to 10001:0")
                .contains("run it as uid 0 with the capabilities CHOWN and FOWNER");
        assertThat(owner(stateDir)).startsWith("0:0");
    }

    @Test
    void afterPrepareStateDirWithOnlyChownAndFownerTheCollectorUserWritesCheckpoints() throws Exception {
        // given: the init step, as the rendered init container runs it (uid 0, capabilities CHOWN and FOWNER only)
        Path prepareLog = root.resolve("prepare.log");
        String[] initStep = {"setpriv", "--inh-caps=-all,+chown,+fowner", "--bounding-set=-all,+chown,+fowner",
            java(), "-jar", JAR.toString(), "prepare-state-dir", stateDir.toString()};
        assertThat(run(prepareLog, initStep)).as(Files.readString(prepareLog)).isZero();
        // and again, as on every pod start: idempotent
        Path again = root.resolve("prepare-again.log");
        assertThat(run(again, initStep)).as(Files.readString(again)).isZero();

        // when
        Path log = root.resolve("collector.log");
        Process collector = start(log, "setpriv", "--reuid=10001", "--regid=0", "--clear-groups",
                java(), "-jar", JAR.toString(), "--config", config.toString(),
                "--checkpoint-root", stateDir.toString(), "--telemetry-address", "127.0.0.1");

        // then
        assertThat(Files.readString(prepareLog)).contains(stateDir + " is now owned by 10001:0, mode rwxrwx---");
        assertThat(Files.readString(again)).contains(stateDir + " is already owned by 10001:0, mode rwxrwx---");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(checkpointFile));
        collector.destroy();
        assertThat(collector.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(collector.exitValue()).as(Files.readString(log)).isZero();
        assertThat(owner(checkpointFile)).startsWith("10001:0");
        assertThat(Files.readString(checkpointFile)).contains("0.log");
        assertThat(Files.readString(log)).doesNotContain("cannot write checkpoint file");
    }

    // DirectoryOrCreate: the kubelet (root, umask 022) makes the path and its parents, 0755.
    private Path kubeletHostPath(Path path) throws IOException {
        Files.createDirectories(path);
        for (Path p = path; !p.equals(root); p = p.getParent()) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return path;
    }

    private static String owner(Path path) throws IOException {
        return Files.getAttribute(path, "unix:uid") + ":" + Files.getAttribute(path, "unix:gid") + " "
                + PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private Process start(Path log, String... command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        started.add(process);
        return process;
    }

    private int run(Path log, String... command) throws Exception {
        Process process = start(log, command);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("finished within 60 s").isTrue();
        return process.exitValue();
    }
}
