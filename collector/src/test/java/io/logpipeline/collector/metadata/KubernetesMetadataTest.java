package io.logpipeline.collector.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubeapitest.junit.EnableKubeAPIServer;
import io.fabric8.kubeapitest.junit.KubeConfig;
import io.logpipeline.api.v1alpha1.FieldExtractSpec;
import io.logpipeline.api.v1alpha1.KubernetesMetadataSpec;
import io.logpipeline.collector.record.ContainerResource;
import io.logpipeline.collector.record.LogRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Against a real kube-apiserver (kube-api-test), not the fabric8 mock: the mock's CRUD mode cannot evaluate the
 * {@code spec.nodeName} field selector (its list answers nothing), and the node scoping is what matters here.
 */
@EnableKubeAPIServer(kubeAPIVersion = "1.20.2")
class KubernetesMetadataTest {

    private static final String NODE = "node-a";
    private static final AtomicLong NAMESPACES = new AtomicLong();

    @KubeConfig
    static String kubeConfig;

    private KubernetesClient client;
    /** Each test has its own namespaces on the shared API server. */
    private final String ns = "t" + NAMESPACES.incrementAndGet();

    private final AtomicLong fakeNanos = new AtomicLong(1_000);
    private final List<LogRecord> out = Collections.synchronizedList(new ArrayList<>());
    private KubernetesMetadataCache cache;
    private MetadataEnricher enricher;

    @BeforeEach
    void connect() {
        client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeConfig)).build();
    }

    @AfterEach
    void stopInformers() {
        if (cache != null) {
            cache.close();
        }
        client.close();
    }

    /** The seed's kubernetes section (DESIGN §2). */
    private static KubernetesMetadataSpec seedSpec() {
        KubernetesMetadataSpec spec = new KubernetesMetadataSpec();
        spec.setWaitForMetadataTimeout("30s");
        spec.setLabels(new ArrayList<>(List.of(new FieldExtractSpec("app", "app", null, FieldExtractSpec.From.POD))));
        spec.setAnnotations(new ArrayList<>(List.of(
                new FieldExtractSpec("deployment_revision", "deployment.kubernetes.io/revision", null, FieldExtractSpec.From.POD))));
        return spec;
    }

    private void start(KubernetesMetadataSpec spec) {
        cache = new KubernetesMetadataCache(client, NODE, new PodMetadataExtractor(spec), fakeNanos::get);
        enricher = new MetadataEnricher(spec, cache, out::add, fakeNanos::get);
        assertThat(cache.hasSynced()).as("ready before start").isFalse();
        cache.start();
        await().atMost(Duration.ofSeconds(10)).until(cache::hasSynced);
    }

    private static PodBuilder pod(String namespace, String name, String node) {
        return new PodBuilder()
                .withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
                .withNewSpec().withNodeName(node)
                .addNewContainer().withName("app").withImage("registry.example.com/shop/cart:1.4.2").endContainer()
                .addNewContainer().withName("proxy").withImage("envoyproxy/envoy@sha256:abcd").endContainer()
                .endSpec();
    }

    /** Creates the pod (and its namespace, the first time) and returns its server-assigned uid. */
    private String create(PodBuilder pod) {
        Pod built = pod.build();
        String namespace = built.getMetadata().getNamespace();
        if (client.namespaces().withName(namespace).get() == null) {
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build()).create();
        }
        return client.pods().inNamespace(namespace).resource(built).create().getMetadata().getUid();
    }

    private static ContainerResource path(String namespace, String pod, String uid, String container) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("k8s.namespace.name", namespace);
        attributes.put("k8s.pod.name", pod);
        attributes.put("k8s.pod.uid", uid);
        attributes.put("k8s.container.name", container);
        attributes.put("k8s.container.restart_count", 0L);
        return new ContainerResource(attributes);
    }

    private LogRecord send(ContainerResource resource, String body) {
        LogRecord record = new LogRecord(0, body, resource);
        enricher.accept(record);
        return record;
    }

    private void awaitKnown(String uid) {
        await().atMost(Duration.ofSeconds(10)).until(() -> cache.find(uid, null, null) != null);
    }

    @Test
    void aDeploymentPodsRecordsGetItsWholeResource() {
        // given a Deployment's pod on this node
        start(seedSpec());
        String uid = create(pod(ns, "cart-7d9f8b6c5d-x2x4z", NODE)
                .editMetadata()
                .addToLabels("app", "cart").addToLabels("pod-template-hash", "7d9f8b6c5d")
                .addToAnnotations("deployment.kubernetes.io/revision", "3")
                .addNewOwnerReference().withApiVersion("apps/v1").withKind("ReplicaSet").withName("cart-7d9f8b6c5d")
                .withUid("0b5e0d3c-0000-4000-8000-000000000001").withController(true).endOwnerReference()
                .endMetadata());
        awaitKnown(uid);
        ContainerResource path = path(ns, "cart-7d9f8b6c5d-x2x4z", uid, "app");
        // when
        LogRecord first = send(path, "one");
        LogRecord second = send(path, "two");
        LogRecord proxy = send(path(ns, "cart-7d9f8b6c5d-x2x4z", uid, "proxy"), "three");
        // then
        assertThat(first.resource().attributes()).containsExactly(
                entry("k8s.namespace.name", ns), entry("k8s.pod.name", "cart-7d9f8b6c5d-x2x4z"), entry("k8s.pod.uid", uid),
                entry("k8s.container.name", "app"), entry("k8s.container.restart_count", 0L), entry("k8s.node.name", NODE),
                entry("k8s.deployment.name", "cart"), entry("app", "cart"), entry("deployment_revision", "3"),
                entry("container.image.name", "registry.example.com/shop/cart"), entry("container.image.tag", "1.4.2"));
        assertThat(second.resource()).as("one resource per container, shared").isSameAs(first.resource());
        assertThat(proxy.resource().attributes()).containsEntry("container.image.name", "envoyproxy/envoy")
                .doesNotContainKey("container.image.tag");
        assertThat(out).containsExactly(first, second, proxy);
        assertThat(enricher.stats().missing.sum()).isZero();
    }

    @Test
    void aLabelChangeGivesTheContainerANewResourceAndADeletedPodIsForgottenAfterItsGracePeriod() {
        // given
        start(seedSpec());
        String uid = create(pod(ns, "web-0", NODE).editMetadata().addToLabels("app", "web-v1").endMetadata());
        awaitKnown(uid);
        ContainerResource path = path(ns, "web-0", uid, "app");
        ContainerResource before = send(path, "before").resource();
        // when the label changes
        client.pods().inNamespace(ns).withName("web-0").edit(p -> new PodBuilder(p).editMetadata().addToLabels("app", "web-v2").endMetadata().build());
        await().atMost(Duration.ofSeconds(10)).until(() -> "web-v2".equals(cache.find(uid, null, null).attributes().get("app")));
        ContainerResource after = send(path, "after").resource();
        // then
        assertThat(before.get("app")).isEqualTo("web-v1");
        assertThat(after.get("app")).isEqualTo("web-v2");
        assertThat(send(path, "again").resource()).isSameAs(after);

        // when the pod is deleted, its last lines are still enriched during the grace period
        client.pods().inNamespace(ns).withName("web-0").withGracePeriod(0).delete();
        await().atMost(Duration.ofSeconds(10)).until(() -> cache.podsInGracePeriod() == 1);
        fakeNanos.addAndGet(KubernetesMetadataCache.DELETED_POD_GRACE_NANOS - 1);
        enricher.releaseExpired();
        assertThat(send(path, "late line").resource().get("app")).isEqualTo("web-v2");
        fakeNanos.addAndGet(1);
        enricher.releaseExpired();
        assertThat(cache.find(uid, ns, "web-0")).isNull();
        // then after it, records wait, then go on with the path's metadata
        out.clear();
        send(path, "after grace");
        assertThat(out).isEmpty();
        fakeNanos.addAndGet(Duration.ofSeconds(30).toNanos());
        enricher.releaseExpired();
        assertThat(out).singleElement().satisfies(r -> assertThat(r.resource()).isSameAs(path));
    }

    @Test
    void recordsOfAPodNotYetKnownWaitAndAreEnrichedWhenItAppears() {
        // given a pod whose first lines are read before the informer has seen it (found by name: its uid is not known yet)
        start(seedSpec());
        ContainerResource path = path(ns, "late-pod", "uid-from-the-log-path", "app");
        send(path, "first");
        send(path, "second");
        assertThat(out).isEmpty();
        // when the pod appears
        create(pod(ns, "late-pod", NODE).editMetadata().addToLabels("app", "late").endMetadata());
        // then both records go on, in order, enriched
        await().atMost(Duration.ofSeconds(10)).until(() -> out.size() == 2);
        assertThat(out).extracting(LogRecord::body).containsExactly("first", "second");
        assertThat(out).allSatisfy(r -> assertThat(r.resource().get("app")).isEqualTo("late"));
        assertThat(enricher.stats().waitedAndEnriched.sum()).isEqualTo(2);
        assertThat(enricher.stats().missing.sum()).isZero();
    }

    @Test
    void recordsOfAPodThatNeverAppearsGoOnWithThePathMetadataAfterTheTimeout() {
        // given
        start(seedSpec());
        ContainerResource path = path(ns, "ghost", "uid-ghost", "app");
        send(path, "first");
        // when not quite the timeout has passed
        fakeNanos.addAndGet(Duration.ofSeconds(30).toNanos() - 1);
        enricher.releaseExpired();
        assertThat(out).isEmpty();
        // when the timeout has passed
        fakeNanos.addAndGet(1);
        enricher.releaseExpired();
        // then the record goes on with exactly the path's metadata, counted; later ones do not wait again
        assertThat(out).singleElement().satisfies(r -> assertThat(r.resource().attributes()).containsExactly(
                entry("k8s.namespace.name", ns), entry("k8s.pod.name", "ghost"), entry("k8s.pod.uid", "uid-ghost"),
                entry("k8s.container.name", "app"), entry("k8s.container.restart_count", 0L)));
        send(path, "second");
        assertThat(out).hasSize(2);
        assertThat(enricher.stats().missing.sum()).isEqualTo(2);
    }

    @Test
    void workloadNamesComeFromOwnerReferences() {
        // given a CronJob's pod (Job named <cronjob>-<scheduled minute>), a plain Job's, a StatefulSet's and a DaemonSet's
        start(seedSpec());
        String cronUid = create(owned(pod(ns, "nightly-report-29012345-abcde", NODE), "batch/v1", "Job", "nightly-report-29012345"));
        String jobUid = create(owned(pod(ns, "migrate-1-fghij", NODE), "batch/v1", "Job", "migrate-1"));
        String stsUid = create(owned(pod(ns, "pg-0", NODE), "apps/v1", "StatefulSet", "pg"));
        String dsUid = create(owned(pod(ns, "fluent-x", NODE), "apps/v1", "DaemonSet", "fluent"));
        List.of(cronUid, jobUid, stsUid, dsUid).forEach(this::awaitKnown);
        // when
        Map<String, Object> cron = send(path(ns, "nightly-report-29012345-abcde", cronUid, "app"), "x").resource().attributes();
        Map<String, Object> job = send(path(ns, "migrate-1-fghij", jobUid, "app"), "x").resource().attributes();
        Map<String, Object> sts = send(path(ns, "pg-0", stsUid, "app"), "x").resource().attributes();
        Map<String, Object> ds = send(path(ns, "fluent-x", dsUid, "app"), "x").resource().attributes();
        // then
        assertThat(cron).containsEntry("k8s.job.name", "nightly-report-29012345").containsEntry("k8s.cronjob.name", "nightly-report");
        assertThat(job).containsEntry("k8s.job.name", "migrate-1").doesNotContainKey("k8s.cronjob.name");
        assertThat(sts).containsEntry("k8s.statefulset.name", "pg").doesNotContainKey("k8s.deployment.name");
        assertThat(ds).containsEntry("k8s.daemonset.name", "fluent");
    }

    private static PodBuilder owned(PodBuilder pod, String apiVersion, String kind, String name) {
        return pod.editMetadata().addNewOwnerReference().withKind(kind).withName(name).withUid("0b5e0d3c-0000-4000-8000-00000000000" + kind.length())
                .withApiVersion(apiVersion).withController(true).endOwnerReference().endMetadata();
    }

    @Test
    void theInformerWatchesOnlyThisNodesPods() {
        // given a pod on another node, created before the informer starts
        String elsewhere = create(pod(ns, "elsewhere", "node-b"));
        start(seedSpec());
        // when a pod of this node arrives, and another one of the other node (events are handled in order)
        String late = create(pod(ns, "elsewhere-late", "node-b"));
        String here = create(pod(ns, "here", NODE));
        awaitKnown(here);
        // then the other node's pods were never sent to the informer: the server applied spec.nodeName=node-a
        assertThat(cache.find(elsewhere, ns, "elsewhere")).isNull();
        assertThat(cache.find(late, ns, "elsewhere-late")).isNull();
    }

    @Test
    void labelsComeFromTheNamespaceAndTheNodeWhenRulesAskAndByKeyRegex() {
        // given rules on namespace and node labels, and a keyRegex rule on pod labels
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).addToLabels("team", "payments").endMetadata().build()).create();
        if (client.nodes().withName(NODE).get() == null) {
            client.nodes().resource(new NodeBuilder().withNewMetadata().withName(NODE).endMetadata().build()).create();
        }
        client.nodes().withName(NODE).edit(n -> new NodeBuilder(n).editMetadata().addToLabels("topology.kubernetes.io/zone", "eu-1a").endMetadata().build());
        KubernetesMetadataSpec spec = seedSpec();
        spec.getLabels().add(new FieldExtractSpec(null, "team", null, FieldExtractSpec.From.NAMESPACE));
        spec.getLabels().add(new FieldExtractSpec("zone", "topology.kubernetes.io/zone", null, FieldExtractSpec.From.NODE));
        spec.getLabels().add(new FieldExtractSpec("app.$1", null, "app\\.kubernetes\\.io/(.+)", FieldExtractSpec.From.POD));
        spec.getLabels().add(new FieldExtractSpec(null, "tier", null, FieldExtractSpec.From.POD));
        spec.getAnnotations().add(new FieldExtractSpec(null, "owner", null, FieldExtractSpec.From.POD));
        start(spec);
        String uid = create(pod(ns, "cart-0", NODE).editMetadata().addToLabels("app.kubernetes.io/version", "1.4")
                .addToLabels("tier", "backend").addToAnnotations("owner", "team-cart").endMetadata());
        awaitKnown(uid);
        await().atMost(Duration.ofSeconds(10)).until(() -> !cache.namespaceAttributes(ns).isEmpty() && !cache.nodeAttributes().isEmpty());
        ContainerResource path = path(ns, "cart-0", uid, "app");
        // when
        Map<String, Object> attributes = send(path, "x").resource().attributes();
        // then
        assertThat(attributes).containsEntry("k8s.namespace.labels.team", "payments").containsEntry("zone", "eu-1a")
                .containsEntry("app.version", "1.4").containsEntry("k8s.pod.labels.tier", "backend")
                .containsEntry("k8s.pod.annotations.owner", "team-cart");
        // when the namespace label changes, the container's resource follows
        client.namespaces().withName(ns).edit(n -> new NamespaceBuilder(n).editMetadata().addToLabels("team", "checkout").endMetadata().build());
        await().atMost(Duration.ofSeconds(10)).until(() -> "checkout".equals(cache.namespaceAttributes(ns).get("k8s.namespace.labels.team")));
        assertThat(send(path, "y").resource().get("k8s.namespace.labels.team")).isEqualTo("checkout");
    }

    @Test
    void theCacheKeepsATrimmedPod() {
        // given a pod with fields the metadata stage never reads
        Pod full = pod(ns, "big", NODE).editMetadata().withUid("uid-big").endMetadata()
                .editSpec().editFirstContainer().addNewEnv().withName("SECRET").withValue("x").endEnv()
                .endContainer().endSpec().build();
        // when
        Pod trimmed = KubernetesMetadataCache.trimPod(full);
        // then
        assertThat(trimmed.getSpec().getContainers().get(0).getEnv()).isEmpty();
        assertThat(trimmed.getSpec().getContainers()).extracting(c -> c.getName() + "=" + c.getImage())
                .containsExactly("app=registry.example.com/shop/cart:1.4.2", "proxy=envoyproxy/envoy@sha256:abcd");
        assertThat(trimmed.getMetadata().getUid()).isEqualTo("uid-big");
    }
}
