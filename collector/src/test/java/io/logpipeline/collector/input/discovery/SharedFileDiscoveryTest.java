package io.logpipeline.collector.input.discovery;

import io.logpipeline.collector.input.FileInputSettings;
import io.logpipeline.collector.input.FileInputSettings.NameFilter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three pipelines' discoveries on one shared walk and watch: each gets exactly the files of the namespaces it
 * may read, from one walk and one registration per directory.
 */
class SharedFileDiscoveryTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path root;

    private final SharedFileDiscovery shared = new SharedFileDiscovery();
    private final List<FileDiscovery> pipelines = new ArrayList<>();

    @AfterEach
    void stop() {
        pipelines.forEach(FileDiscovery::close);
        shared.close();
    }

    private Path file(String relative, String content) throws IOException {
        Path path = root.resolve(relative);
        Files.createDirectories(path.getParent());
        Files.writeString(path, content);
        return path;
    }

    // Globs that take every file, as a tenant may write them: the namespace list must narrow them.
    private FileDiscovery pipeline(String... namespaces) {
        FileInputSettings settings = FileInputSettings.builder()
                .includePaths(List.of(root + "/*/*/*.log"))
                .namespaces(new NameFilter(List.of(namespaces), List.of()))
                .build();
        FileDiscovery discovery = new FileDiscovery(settings, shared);
        pipelines.add(discovery);
        return discovery;
    }

    private static List<Path> paths(List<FileDiscovery.Found> found) {
        return found.stream().map(FileDiscovery.Found::path).toList();
    }

    @Test
    void threePipelinesGetExactlyTheirNamespacesFilesFromOneWalkAndOneWatchPerDirectory() throws IOException {
        // given three namespaces' pods (one with two containers)
        Path shopWeb = file("shop_web-1_u1/app/0.log", "a\n");
        Path shopSidecar = file("shop_web-1_u1/proxy/0.log", "b\n");
        Path payments = file("payments_ledger-1_u2/app/0.log", "c\n");
        Path team = file("team_job-1_u3/main/0.log", "d\n");
        shared.start();
        FileDiscovery shop = pipeline("shop");
        FileDiscovery ledger = pipeline("payments");
        FileDiscovery both = pipeline("shop", "team");

        // when each pipeline's input scans
        List<Path> shopFiles = paths(shop.scan());
        List<Path> ledgerFiles = paths(ledger.scan());
        List<Path> bothFiles = paths(both.scan());

        // then each gets its namespaces' files only, from one walk, each directory registered once
        assertThat(shopFiles).containsExactly(shopWeb, shopSidecar);
        assertThat(ledgerFiles).containsExactly(payments);
        assertThat(bothFiles).containsExactly(shopWeb, shopSidecar, team);
        assertThat(shared.subscribers()).isEqualTo(3);
        assertThat(shared.walks()).isEqualTo(1);
        // root, 3 pod directories, 4 container directories
        assertThat(shared.watchRegistrations()).isEqualTo(8);
    }

    @Test
    void aListingWalkedForOnePipelineServesAnotherWithCurrentSizesAndAnEntryEventMakesTheNextScanWalk() throws IOException {
        // given a pipeline that scanned once
        Path shopWeb = file("shop_web-1_u1/app/0.log", "a\n");
        shared.start();
        FileDiscovery first = pipeline("shop");
        FileDiscovery second = pipeline("shop");
        first.scan();
        await().atMost(WAIT).until(() -> !first.changedSinceLastAsked());

        // when the file grows (no entry event), then the other pipeline scans
        Files.writeString(shopWeb, "a\nmore\n", java.nio.file.StandardOpenOption.APPEND);
        List<FileDiscovery.Found> grown = second.scan();

        // then the directories were not walked again, but the size is the file's size now
        assertThat(shared.walks()).isEqualTo(1);
        assertThat(grown).singleElement().satisfies(found -> assertThat(found.size()).isEqualTo(Files.size(shopWeb)));

        // when a new pod appears
        Path newPod = file("shop_web-2_u4/app/0.log", "x\n");

        // then both pipelines are told, and the next scan walks and finds it
        await().atMost(WAIT).until(first::changedSinceLastAsked);
        assertThat(second.changedSinceLastAsked()).isTrue();
        assertThat(paths(first.scan())).containsExactly(shopWeb, newPod);
        assertThat(shared.walks()).isEqualTo(2);
    }

    @Test
    void aPipelineAloneWalksAtEachScanAsWithoutSharing() throws IOException {
        // given
        Path shopWeb = file("shop_web-1_u1/app/0.log", "a\n");
        shared.start();
        FileDiscovery alone = pipeline("shop");

        // when it scans twice with nothing changed
        alone.scan();
        List<Path> again = paths(alone.scan());

        // then it never got the same listing twice
        assertThat(again).containsExactly(shopWeb);
        assertThat(shared.walks()).isEqualTo(2);
    }

    @Test
    void aNewFileIsHeldOpenOnlyByThePipelinesThatMayReadItsNamespace() throws IOException {
        // given
        file("shop_web-1_u1/app/0.log", "a\n");
        shared.start();
        FileDiscovery shop = pipeline("shop");
        FileDiscovery ledger = pipeline("payments");
        shop.scan();
        ledger.scan();

        // when a shop pod's file is created
        Path created = file("shop_web-2_u2/app/0.log", "new\n");

        // then the shop pipeline holds it open, the payments pipeline never opened it
        List<CreatedFiles.Created> held = new ArrayList<>();
        await().atMost(WAIT).until(() -> held.addAll(shop.takeCreated()) || !held.isEmpty());
        assertThat(held).extracting(CreatedFiles.Created::path).containsExactly(created);
        held.forEach(CreatedFiles.Created::close);
        assertThat(ledger.takeCreated()).isEmpty();
    }

    @Test
    void aPipelineThatStopsIsNoLongerServedAndANewOneIsWalkedFor() throws IOException {
        // given
        Path shopWeb = file("shop_web-1_u1/app/0.log", "a\n");
        Path other = file("other/app.log", "b\n");
        shared.start();
        FileDiscovery shop = pipeline("shop");
        shop.scan();

        // when it stops, and a pipeline with another root subscribes
        shop.close();
        FileInputSettings settings = FileInputSettings.builder().includePaths(List.of(root + "/other/*.log")).build();
        FileDiscovery next = new FileDiscovery(settings, shared);
        pipelines.add(next);

        // then the new one's root is walked (the listing of the old roots does not cover it)
        assertThat(paths(next.scan())).containsExactly(other);
        assertThat(shared.subscribers()).isEqualTo(1);
        assertThat(shared.walks()).isEqualTo(2);
        assertThat(shopWeb).exists();
    }
}
