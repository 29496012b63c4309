package io.logpipeline.collector.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.kubeapitest.junit.EnableKubeAPIServer;
import io.fabric8.kubeapitest.junit.KubeConfig;
import io.logpipeline.api.v1alpha1.LogPipeline;
import io.logpipeline.api.v1alpha1.LogPipelineSpec;
import io.logpipeline.api.validation.PipelineValidator;
import io.logpipeline.collector.batch.Batch;
import io.logpipeline.collector.batch.RecordBatcher;
import io.logpipeline.collector.export.OtlpRecordEncoder;
import io.logpipeline.collector.metadata.KubernetesMetadataCache;
import io.logpipeline.collector.metadata.MetadataEnricher;
import io.logpipeline.collector.metadata.PodMetadataExtractor;
import io.logpipeline.collector.process.ProcessingChain;
import io.logpipeline.collector.record.ContainerResource;
import io.logpipeline.collector.record.LogRecord;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The seed LogPipeline's whole processing chain — metadata, parsers, processors, batch — on records as the CRI input makes them. */
@EnableKubeAPIServer(kubeAPIVersion = "1.20.2")
class SeedChainTest {

    @KubeConfig
    static String kubeConfig;

    private static long nanos(String instant) {
        Instant parsed = Instant.parse(instant);
        return parsed.getEpochSecond() * 1_000_000_000L + parsed.getNano();
    }

    @Test
    void theSeedPipelineTurnsCriLinesIntoTheRecordsItMeans() throws Exception {
        // given the seed pipeline, valid
        LogPipelineSpec seed;
        try (InputStream yaml = getClass().getResourceAsStream("/seed-logpipeline.yaml")) {
            seed = Serialization.unmarshal(yaml, LogPipeline.class).getSpec();
        }
        assertThat(PipelineValidator.validate(seed)).isEmpty();
        // and the pod whose container logs, on this node
        AtomicLong fakeNanos = new AtomicLong();
        List<Batch> exported = new ArrayList<>();
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeConfig)).build();
             KubernetesMetadataCache cache = new KubernetesMetadataCache(client, "node-1", new PodMetadataExtractor(seed.getKubernetes()), fakeNanos::get)) {
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("shop").endMetadata().build()).create();
            String uid = client.pods().inNamespace("shop").resource(new PodBuilder()
                    .withNewMetadata().withName("cart-5f7c9d8b4-q8w2e").withNamespace("shop")
                    .addToLabels("app", "cart").addToLabels("project_name", "webshop").addToLabels("pod-template-hash", "5f7c9d8b4")
                    .addToAnnotations("deployment.kubernetes.io/revision", "7")
                    .addNewOwnerReference().withApiVersion("apps/v1").withKind("ReplicaSet").withName("cart-5f7c9d8b4")
                    .withUid("6c1f4a52-0000-4000-8000-000000000001").withController(true).endOwnerReference()
                    .endMetadata()
                    .withNewSpec().withNodeName("node-1").addNewContainer().withName("cart").withImage("ghcr.io/acme/cart:2.3.1").endContainer().endSpec()
                    .build()).create().getMetadata().getUid();
            RecordBatcher batcher = new RecordBatcher(seed.getBatch(), new OtlpRecordEncoder(), exported::add, fakeNanos::get);
            List<LogRecord> processed = new ArrayList<>(); // what enters the batch stage, which keeps them encoded
            ProcessingChain chain = ProcessingChain.compile(seed.getInput().getParsers(), seed.getProcessors(), record -> {
                processed.add(record);
                batcher.accept(record);
            });
            MetadataEnricher enricher = new MetadataEnricher(seed.getKubernetes(), cache, chain, fakeNanos::get);
            cache.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> cache.find(uid, null, null) != null);

            // the resource and records the file input makes from /var/log/pods/shop_cart-5f7c9d8b4-q8w2e_<uid>/cart/0.log
            Map<String, Object> pathAttributes = new LinkedHashMap<>();
            pathAttributes.put("k8s.namespace.name", "shop");
            pathAttributes.put("k8s.pod.name", "cart-5f7c9d8b4-q8w2e");
            pathAttributes.put("k8s.pod.uid", uid);
            pathAttributes.put("k8s.container.name", "cart");
            pathAttributes.put("k8s.container.restart_count", 0L);
            ContainerResource path = new ContainerResource(pathAttributes);
            AtomicInteger acknowledged = new AtomicInteger();
            String[][] criLines = {
                {"2024-03-05T10:11:12.000000001Z", "stdout", "2024-03-05T10:11:12.123456789+01:00 INFO [INFO] GET /cart 200"},
                {"2024-03-05T10:11:13.000000001Z", "stdout", "2024-03-05T10:11:13Z DEBUG [DEBUG] cache warmed"},
                {"2024-03-05T10:11:14.000000001Z", "stdout", "2024-03-05T10:11:14Z INFO GET /healthz 200"},
                {"2024-03-05T10:11:15.000000001Z", "stdout", "{\"level\":\"warn\",\"msg\":\"disk 91% full\",\"disk\":{\"used\":91}}"},
                {"2024-03-05T10:11:16.000000001Z", "stderr", "2024-03-05T10:11:16.5Z ERROR [ERROR] payment failed"},
            };
            // when
            for (String[] line : criLines) {
                LogRecord record = new LogRecord(nanos(line[0]), line[2], path).acknowledgement(acknowledged::incrementAndGet);
                record.attributes().put(LogRecord.ATTR_IOSTREAM, line[1]);
                enricher.accept(record);
            }
            batcher.flushAll();

            // then the debug line and the health check were dropped and acknowledged at once
            assertThat(exported).singleElement().satisfies(batch -> {
                assertThat(batch.metadata()).containsExactly(entry("k8s.namespace.name", "shop"),
                        entry("k8s.pod.name", "cart-5f7c9d8b4-q8w2e"), entry("k8s.container.name", "cart"));
                assertThat(batch.resources()).singleElement().satisfies(group -> {
                    assertThat(group.resource().attributes()).containsExactly(
                            entry("k8s.namespace.name", "shop"), entry("k8s.pod.name", "cart-5f7c9d8b4-q8w2e"), entry("k8s.pod.uid", uid),
                            entry("k8s.container.name", "cart"), entry("k8s.container.restart_count", 0L),
                            entry("k8s.node.name", "node-1"), entry("k8s.deployment.name", "cart"), entry("app", "cart"),
                            entry("k8s.pod.labels.project_name", "webshop"), entry("deployment_revision", "7"),
                            entry("container.image.name", "ghcr.io/acme/cart"), entry("container.image.tag", "2.3.1"),
                            entry("k8s.cluster.name", "prod"));
                    List<LogRecord> records = processed;
                    assertThat(records).hasSize(3);
                    assertThat(group.encodedRecords()).as("the batch holds those records, encoded")
                            .extracting(encoded -> io.opentelemetry.proto.logs.v1.ScopeLogs.parseFrom(encoded).getLogRecords(0).getBody().getStringValue())
                            .isEqualTo(records.stream().map(LogRecord::body).toList());

                    LogRecord info = records.get(0);
                    assertThat(info.timestampEpochNanos()).isEqualTo(nanos("2024-03-05T09:11:12.123456789Z"));
                    assertThat(info.severityNumber()).isEqualTo(9);
                    assertThat(info.severityText()).isEqualTo("INFO");
                    assertThat(info.body()).isEqualTo("2024-03-05T10:11:12.123456789+01:00 INFO [INFO] GET /cart 200");
                    assertThat(info.attributes()).containsExactly(entry("log.iostream", "stdout"),
                            entry("timestamp", "2024-03-05T10:11:12.123456789+01:00"), entry("level", "INFO"),
                            entry("message", "[INFO] GET /cart 200"), entry("service.name", "webshop"), entry("log.level", "INFO"));

                    LogRecord json = records.get(1);
                    assertThat(json.timestampEpochNanos()).isEqualTo(nanos("2024-03-05T10:11:15.000000001Z"));
                    assertThat(json.severityNumber()).isEqualTo(13);
                    assertThat(json.severityText()).isEqualTo("warn");
                    assertThat(json.attributes()).containsExactly(entry("log.iostream", "stdout"), entry("level", "warn"),
                            entry("msg", "disk 91% full"), entry("disk", Map.of("used", 91L)), entry("service.name", "webshop"));

                    LogRecord error = records.get(2);
                    assertThat(error.timestampEpochNanos()).isEqualTo(nanos("2024-03-05T10:11:16.500Z"));
                    assertThat(error.severityNumber()).isEqualTo(17);
                    assertThat(error.attributes()).containsEntry("log.iostream", "stderr").containsEntry("log.level", "ERROR")
                            .containsEntry("message", "[ERROR] payment failed");
                });
            });
            assertThat(acknowledged).as("the two dropped records").hasValue(2);
            exported.get(0).acknowledge();
            assertThat(acknowledged).as("every record, once").hasValue(5);
            assertThat(enricher.stats().missing.sum()).isZero();
        }
    }
}
