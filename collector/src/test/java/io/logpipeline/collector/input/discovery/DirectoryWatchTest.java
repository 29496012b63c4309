package io.logpipeline.collector.input.discovery;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Entry changes in watched directories are reported (the kernel delivers them asynchronously); writes are not. */
class DirectoryWatchTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    // Long enough for the kernel and the watch service's thread to deliver an event, were there one.
    private static final Duration QUIET = Duration.ofMillis(300);

    @TempDir
    Path root;

    private final List<Path> created = new CopyOnWriteArrayList<>();
    private final DirectoryWatch watch = new DirectoryWatch(created::add);

    @BeforeEach
    void startWatch() {
        watch.start();
    }

    @AfterEach
    void closeWatch() {
        watch.close();
    }

    @Test
    void aCreatedFileIsReportedOnceAndNamed() throws IOException {
        // given
        watch.watch(root);
        await().during(QUIET).atMost(WAIT).until(() -> !watch.changedSinceLastAsked());

        // when
        Files.writeString(root.resolve("0.log"), "first\n");

        // then
        await().atMost(WAIT).until(watch::changedSinceLastAsked);
        await().during(QUIET).atMost(WAIT).until(() -> !watch.changedSinceLastAsked());
        assertThat(created).containsExactly(root.resolve("0.log"));
    }

    @Test
    void writesToAFileAreNotReported() throws IOException {
        // given
        Path log = Files.writeString(root.resolve("0.log"), "first\n");
        watch.watch(root);
        await().during(QUIET).atMost(WAIT).until(() -> !watch.changedSinceLastAsked());

        // when
        for (int i = 0; i < 20; i++) {
            Files.writeString(log, "line " + i + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        }

        // then
        await().during(QUIET).atMost(WAIT).until(() -> !watch.changedSinceLastAsked());
    }

    @Test
    void aRenameAndADeletedDirectoryAreReported() throws IOException {
        // given a pod directory with a container directory, both watched
        Path pod = Files.createDirectories(root.resolve("shop_web-1_uid").resolve("app")).getParent();
        Path log = Files.writeString(pod.resolve("app").resolve("0.log"), "first\n");
        watch.watch(root);
        watch.watch(pod);
        watch.watch(pod.resolve("app"));
        await().during(QUIET).atMost(WAIT).until(() -> !watch.changedSinceLastAsked());

        // when kubelet rotates the file
        Files.move(log, log.resolveSibling("0.log.20261124-120000"));

        // then
        await().atMost(WAIT).until(watch::changedSinceLastAsked);

        // when the pod's directories are removed
        Files.delete(log.resolveSibling("0.log.20261124-120000"));
        Files.delete(pod.resolve("app"));
        Files.delete(pod);

        // then
        await().atMost(WAIT).until(watch::changedSinceLastAsked);
        await().during(QUIET).atMost(WAIT).until(() -> !watch.changedSinceLastAsked());
    }

    @Test
    void aDirectoryRemovedBeforeItIsWatchedLeavesTheOthersWatched() throws IOException {
        // given a pod directory removed between the walk listing it and the watch registering it
        watch.watch(root);
        watch.watch(root.resolve("shop_web-1_uid"));
        await().during(QUIET).atMost(WAIT).until(() -> !watch.changedSinceLastAsked());

        // when
        Files.writeString(root.resolve("0.log"), "first\n");

        // then notification still works: one report, then quiet (not "changed" for ever, as without notification)
        await().atMost(WAIT).until(watch::changedSinceLastAsked);
        await().during(QUIET).atMost(WAIT).until(() -> !watch.changedSinceLastAsked());
    }
}
