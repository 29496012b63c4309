package io.logpipeline.collector.input.discovery;

import io.logpipeline.collector.input.FileInputSettings;
import io.logpipeline.collector.input.FileInputSettings.NameFilter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FileDiscoveryTest {

    @TempDir
    Path root;

    private Path file(String relative) throws IOException {
        Path path = root.resolve(relative);
        Files.createDirectories(path.getParent());
        Files.writeString(path, "x\n");
        return path;
    }

    @Test
    void findsFilesByGlobAndAppliesExcludesAndPathFilters() throws IOException {
        // given
        Path app = file("shop_web-1_u1/app/0.log");
        Path sidecar = file("shop_web-1_u1/istio-proxy/0.log");
        file("shop_web-1_u1/app/0.log.20261124-120000");
        file("kube-system_dns-1_u2/dns/0.log");
        Path other = file("team_job-1_u3/main/3.log");
        file("team_job-1_u3/main/skip.log");
        FileInputSettings settings = FileInputSettings.builder()
                .includePaths(List.of(root + "/*/*/*.log"))
                .excludePaths(List.of(root + "/*/*/skip.log"))
                .namespaces(new NameFilter(List.of(), List.of("kube-system")))
                .containers(new NameFilter(List.of(), List.of("istio-proxy")))
                .build();

        // when
        List<Path> found = scanOnce(settings).stream().map(FileDiscovery.Found::path).toList();

        // then
        assertThat(found).containsExactly(app, other);
        assertThat(sidecar).exists();
    }

    @Test
    void namespaceIncludeListAdmitsOnlyThoseNamespaces() throws IOException {
        // given
        Path shop = file("shop_web-1_u1/app/0.log");
        file("team_job-1_u3/main/0.log");
        FileInputSettings settings = FileInputSettings.builder()
                .includePaths(List.of(root + "/*/*/*.log"))
                .namespaces(new NameFilter(List.of("shop"), List.of()))
                .pods(new NameFilter(List.of(), List.of("web-2")))
                .build();

        // when / then
        assertThat(scanOnce(settings)).extracting(FileDiscovery.Found::path).containsExactly(shop);
    }

    @Test
    void namespaceAndContainerFiltersTakeGlobsAsTheApiDocuments() throws IOException {
        // given: include team-*, exclude the *-proxy sidecars
        Path teamA = file("team-a_web-1_u1/app/0.log");
        Path teamB = file("team-b_job-1_u2/main/0.log");
        file("team-b_job-1_u2/envoy-proxy/0.log");
        file("shop_web-1_u3/app/0.log");
        FileInputSettings settings = FileInputSettings.builder()
                .includePaths(List.of(root + "/*/*/*.log"))
                .namespaces(new NameFilter(List.of("team-*"), List.of()))
                .containers(new NameFilter(List.of(), List.of("*-proxy")))
                .build();

        // when / then
        assertThat(scanOnce(settings)).extracting(FileDiscovery.Found::path)
                .containsExactlyInAnyOrder(teamA, teamB);
    }

    @Test
    void readsTheKubernetesIdentityFromThePath() {
        // when
        PodLogPath parsed = PodLogPath.parse(Path.of("/var/log/pods/shop_web-7d9f_0c1e-42/app/3.log.20261124-120000"));

        // then
        assertThat(parsed).isEqualTo(new PodLogPath("shop", "web-7d9f", "0c1e-42", "app", 3));
        assertThat(parsed.toResource().attributes()).containsEntry("k8s.namespace.name", "shop")
                .containsEntry("k8s.pod.name", "web-7d9f").containsEntry("k8s.pod.uid", "0c1e-42")
                .containsEntry("k8s.container.name", "app").containsEntry("k8s.container.restart_count", 3L);
        assertThat(PodLogPath.parse(Path.of("/var/log/syslog"))).isNull();
    }

    private static List<FileDiscovery.Found> scanOnce(FileInputSettings settings) {
        try (FileDiscovery discovery = new FileDiscovery(settings)) {
            return discovery.scan();
        }
    }
}
