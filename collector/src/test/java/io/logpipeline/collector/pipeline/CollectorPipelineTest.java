package io.logpipeline.collector.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubeapitest.junit.EnableKubeAPIServer;
import io.fabric8.kubeapitest.junit.KubeConfig;
import io.logpipeline.api.config.CollectorConfig;
import io.logpipeline.collector.agent.RunningAgent;
import io.logpipeline.collector.export.OtlpSink;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole collector in-process, as the node agent runs a pipeline config: a real kube-apiserver (kube-api-test) for pod
 * metadata and the podSelector, a temporary /var/log/pods tree, and a real OTLP/HTTP server.
 */
@EnableKubeAPIServer(kubeAPIVersion = "1.20.2")
class CollectorPipelineTest {

    private static final String NODE = "node-1";

    @KubeConfig
    static String kubeConfig;

    @TempDir
    Path root;

    private KubernetesClient client;
    private OtlpSink sink;
    private RunningAgent agent;

    @BeforeEach
    void start() throws IOException {
        client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeConfig)).build();
        sink = OtlpSink.http();
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (agent != null) {
            agent.close();
        }
        sink.close();
        client.close();
    }

    @Test
    void selectedPodsRecordsArriveWithTheSeedChainsAttributesAndMetricsCountThem() throws Exception {
        // given: two pods on this node in namespace shop, only "cart" labelled for logging, each with a log file
        createShopNamespace();
        Pod cart = createPod("cart-7d9f8b6c5-x2k4q", Map.of("logging.enabled", "true", "app", "cart", "project_name", "webshop"));
        Pod quiet = createPod("quiet-5b8d7c9f4-9qz7m", Map.of("app", "quiet"));
        writeLog(cart, "2026-11-24T12:00:01.204Z INFO [INFO] GET /api/cart/42 200 3.1ms",
                "2026-11-24T12:00:02.449Z WARN [WARN] inventory slow to answer",
                "2026-11-24T12:00:03.350Z ERROR [ERROR] settlement failed order=981");
        writeLog(quiet, "2026-11-24T12:00:01.000Z INFO [INFO] quiet one", "2026-11-24T12:00:02.000Z INFO [INFO] quiet two");
        CollectorConfig config = SampleConfigs.seed(root, sink.endpoint());
        config.getBatch().setTimeout("200ms");

        // when
        agent = RunningAgent.start(root, NODE, () -> client, false, config);

        // then: the labelled pod's lines arrive, parsed and enriched as the seed pipeline says
        await().atMost(Duration.ofSeconds(30)).until(() -> sink.acceptedRecords().size() >= 3);
        List<Received> received = received();
        assertThat(received).extracting(Received::body).containsExactly(
                "2026-11-24T12:00:01.204Z INFO [INFO] GET /api/cart/42 200 3.1ms",
                "2026-11-24T12:00:02.449Z WARN [WARN] inventory slow to answer",
                "2026-11-24T12:00:03.350Z ERROR [ERROR] settlement failed order=981");
        Received first = received.get(0);
        assertThat(first.resource()).containsEntry("k8s.namespace.name", "shop")
                .containsEntry("k8s.pod.name", "cart-7d9f8b6c5-x2k4q")
                .containsEntry("k8s.pod.uid", cart.getMetadata().getUid())
                .containsEntry("k8s.container.name", "app")
                .containsEntry("k8s.node.name", NODE)
                .containsEntry("k8s.deployment.name", "cart")
                .containsEntry("container.image.name", "ghcr.io/acme/cart")
                .containsEntry("container.image.tag", "1.4.2")
                .containsEntry("app", "cart")
                .containsEntry("k8s.pod.labels.project_name", "webshop")
                .containsEntry("k8s.cluster.name", "prod");
        assertThat(first.attributes()).containsEntry("service.name", "webshop")
                .containsEntry("log.level", "INFO")
                .containsEntry("level", "INFO")
                .containsEntry("log.iostream", "stdout");
        assertThat(received).extracting(r -> r.record().getSeverityNumberValue()).containsExactly(9, 13, 17);
        assertThat(first.record().getTimeUnixNano()).isEqualTo(1795521601204000000L);
        assertThat(received).extracting(r -> r.resource().get("k8s.pod.name")).doesNotContain("quiet-5b8d7c9f4-9qz7m");

        // and: when the other pod gets the label, its lines are read too
        client.pods().inNamespace("shop").withName("quiet-5b8d7c9f4-9qz7m")
                .edit(p -> new PodBuilder(p).editMetadata().addToLabels("logging.enabled", "true").endMetadata().build());
        await().atMost(Duration.ofSeconds(30)).until(() -> sink.acceptedRecords().size() >= 5);
        assertThat(received()).filteredOn(r -> "quiet-5b8d7c9f4-9qz7m".equals(r.resource().get("k8s.pod.name")))
                .extracting(Received::body)
                .containsExactly("2026-11-24T12:00:01.000Z INFO [INFO] quiet one", "2026-11-24T12:00:02.000Z INFO [INFO] quiet two");

        // and: /metrics counts what the server received, /readyz is ready once metadata has synced
        String metrics = get("/metrics").body();
        int records = sink.acceptedRecords().size();
        assertThat(metrics).contains("otelcol_receiver_accepted_log_records_total{pipeline=\"monitoring/default\",receiver=\"filelog\"} " + records + ".0");
        assertThat(value(metrics, "otelcol_exporter_sent_log_records_total", "sink")).isEqualTo(records);
        assertThat(value(metrics, "otelcol_exporter_send_failed_log_records_total", "sink")).isZero();
        assertThat(value(metrics, "otelcol_processor_batch_batch_send_size_count", null)).isEqualTo(sink.received().size());
        assertThat(value(metrics, "otelcol_processor_batch_batch_send_size_sum", null)).isEqualTo(records);
        assertThat(value(metrics, "otelcol_fileconsumer_open_files", null)).isEqualTo(2);
        assertThat(get("/readyz").statusCode()).isEqualTo(200);
    }

    @Test
    void recordsThatWaitedForTheirPodAndRecordsWhosePodNeverCameAreCountedOnMetrics() throws Exception {
        // given: the seed pipeline without its podSelector, waiting up to 3 s for a pod's metadata
        createShopNamespace();
        CollectorConfig config = SampleConfigs.seed(root, sink.endpoint());
        config.getInput().setPodSelector(null);
        config.getKubernetes().setWaitForMetadataTimeout("3s");
        config.getBatch().setTimeout("200ms");
        agent = RunningAgent.start(root, NODE, () -> client, false, config);
        await().atMost(Duration.ofSeconds(30)).until(() -> get("/readyz").statusCode() == 200);

        // when: a pod's line is read before the API server knows the pod, which then appears
        String uid = UUID.randomUUID().toString();
        writeLog("late-7d9f8b6c5-x2k4q", uid, "2026-11-24T12:00:01.204Z INFO [INFO] read before its pod was known");
        await().atMost(Duration.ofSeconds(30)).until(() -> get("/metrics").body().contains(
                "logpipeline_input_records_total{pipeline=\"monitoring/default\"} 1.0"));
        createPod("late-7d9f8b6c5-x2k4q", Map.of("app", "late"));
        // and a line of a pod that never appears
        writeLog("ghost-5b8d7c9f4-9qz7m", UUID.randomUUID().toString(), "2026-11-24T12:00:02.000Z INFO [INFO] nobody knows me");

        // then: both are delivered, one after waiting and enriched, one after the 3 s without its pod's metadata
        await().atMost(Duration.ofSeconds(30)).until(() -> sink.acceptedRecords().size() == 2);
        assertThat(received()).filteredOn(r -> "late-7d9f8b6c5-x2k4q".equals(r.resource().get("k8s.pod.name")))
                .singleElement().satisfies(r -> assertThat(r.resource()).containsEntry("app", "late"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(get("/metrics").body()).contains(
                "logpipeline_metadata_waited_log_records_total{pipeline=\"monitoring/default\"} 1.0",
                "logpipeline_metadata_missing_log_records_total{pipeline=\"monitoring/default\"} 1.0"));
    }

    /** The tests share the API server: the first one creates the namespace. */
    private void createShopNamespace() {
        if (client.namespaces().withName("shop").get() == null) {
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("shop").endMetadata().build()).create();
        }
    }

    private Pod createPod(String name, Map<String, String> labels) {
        String replicaSet = name.substring(0, name.lastIndexOf('-'));
        return client.pods().inNamespace("shop").resource(new PodBuilder()
                .withNewMetadata().withName(name).withLabels(labels)
                .addToLabels("pod-template-hash", replicaSet.substring(replicaSet.lastIndexOf('-') + 1))
                .addNewOwnerReference().withApiVersion("apps/v1").withKind("ReplicaSet").withName(replicaSet)
                .withUid(UUID.randomUUID().toString()).withController(true).endOwnerReference()
                .endMetadata()
                .withNewSpec().withNodeName(NODE)
                .addNewContainer().withName("app").withImage("ghcr.io/acme/" + name.substring(0, name.indexOf('-')) + ":1.4.2").endContainer()
                .endSpec().build()).create();
    }

    /** Writes CRI lines (stdout, complete) to the pod's app container log, where the kubelet would. */
    private void writeLog(Pod pod, String... bodies) throws IOException {
        writeLog(pod.getMetadata().getName(), pod.getMetadata().getUid(), bodies);
    }

    private void writeLog(String pod, String uid, String... bodies) throws IOException {
        Path dir = root.resolve("var/log/pods/shop_" + pod + "_" + uid + "/app");
        Files.createDirectories(dir);
        StringBuilder content = new StringBuilder();
        for (String body : bodies) {
            content.append(body, 0, 23).append("000000Z stdout F ").append(body).append('\n');
        }
        Files.writeString(dir.resolve("0.log"), content);
    }

    /** One record as the server decoded it, with its resource's attributes. */
    record Received(Map<String, Object> resource, Map<String, Object> attributes, LogRecord record) {
        String body() {
            return record.getBody().getStringValue();
        }
    }

    private List<Received> received() {
        List<Received> all = new ArrayList<>();
        for (OtlpSink.Received request : sink.received()) {
            for (ResourceLogs resourceLogs : request.request().getResourceLogsList()) {
                Map<String, Object> resource = map(resourceLogs.getResource().getAttributesList());
                resourceLogs.getScopeLogsList().forEach(scope -> scope.getLogRecordsList()
                        .forEach(r -> all.add(new Received(resource, map(r.getAttributesList()), r))));
            }
        }
        all.sort((a, b) -> Long.compare(a.record().getTimeUnixNano(), b.record().getTimeUnixNano()));
        return all;
    }

    private static Map<String, Object> map(List<KeyValue> attributes) {
        Map<String, Object> map = new LinkedHashMap<>();
        attributes.forEach(kv -> map.put(kv.getKey(), kv.getValue().hasStringValue() ? kv.getValue().getStringValue()
                : kv.getValue().hasIntValue() ? (Object) kv.getValue().getIntValue() : kv.getValue().toString()));
        return map;
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return agent.get(path);
    }

    /** A series' value in Prometheus text: the one with this backend label, or the first when backend is null. */
    static double value(String metrics, String name, String backend) {
        Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{([^}]*)\\} (\\S+)").matcher(metrics);
        while (matcher.find()) {
            if (backend == null || matcher.group(1).contains("exporter=\"otlphttp/" + backend + "\"")) {
                return Double.parseDouble(matcher.group(2));
            }
        }
        throw new AssertionError("no series " + name + " (backend " + backend + ") in:\n" + metrics);
    }
}
