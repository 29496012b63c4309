package io.logpipeline.collector.benchmark;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.logpipeline.api.v1alpha1.LogPipeline;
import io.logpipeline.api.v1alpha1.LogPipelineSpec;
import io.logpipeline.collector.batch.Batch;
import io.logpipeline.collector.batch.RecordBatcher;
import io.logpipeline.collector.export.OtlpRecordEncoder;
import io.logpipeline.collector.metadata.KubernetesMetadataCache;
import io.logpipeline.collector.metadata.MetadataEnricher;
import io.logpipeline.collector.metadata.PodMetadataExtractor;
import io.logpipeline.collector.metadata.PreloadedMetadataCache;
import io.logpipeline.collector.process.ProcessingChain;
import io.logpipeline.collector.record.ContainerResource;
import io.logpipeline.collector.record.LogRecord;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * The seed pipeline's processing as the benchmarks run it: 32 Deployment pods of two containers each in a
 * preloaded metadata cache, records arriving in runs of 8 per container (as the input reads a chunk of one
 * file at a time), one body in 16 a health check the filter drops, each record encoded into its batch as the
 * pipeline does, batches acknowledged as a backend would.
 */
final class SeedChainFixture {

    private static final int CONTAINERS = 64;
    /** Consecutive records of one container, as the input reads a chunk of one file at a time. */
    private static final int RUN = 8;

    private final String[] bodies = new String[16];
    private final ContainerResource[] paths = new ContainerResource[CONTAINERS];
    private final MetadataEnricher processorsOnly;
    private final MetadataEnricher withParsers;
    private long sequence;

    /**
     * @param exported receives each batch's record count (a Blackhole in JMH)
     */
    SeedChainFixture(LongConsumer exported) throws IOException {
        LogPipelineSpec seed;
        try (InputStream yaml = SeedChainFixture.class.getResourceAsStream("/seed-logpipeline.yaml")) {
            seed = Serialization.unmarshal(yaml, LogPipeline.class).getSpec();
        }
        List<Pod> pods = new ArrayList<>();
        for (int i = 0; i < CONTAINERS / 2; i++) {
            String name = "svc" + i + "-5f7c9d8b4-q8w2" + i;
            pods.add(new PodBuilder().withNewMetadata().withName(name).withNamespace("ns" + i % 4).withUid("uid-" + i)
                    .addToLabels("app", "svc" + i).addToLabels("project_name", "project" + i % 3).addToLabels("pod-template-hash", "5f7c9d8b4")
                    .addToAnnotations("deployment.kubernetes.io/revision", "3")
                    .addNewOwnerReference().withKind("ReplicaSet").withName("svc" + i + "-5f7c9d8b4").withController(true).endOwnerReference()
                    .endMetadata()
                    .withNewSpec().withNodeName("node-1")
                    .addNewContainer().withName("app").withImage("ghcr.io/acme/svc" + i + ":1.0." + i).endContainer()
                    .addNewContainer().withName("sidecar").withImage("envoyproxy/envoy:v1.30").endContainer()
                    .endSpec().build());
            for (String container : List.of("app", "sidecar")) {
                Map<String, Object> path = new LinkedHashMap<>();
                path.put("k8s.namespace.name", "ns" + i % 4);
                path.put("k8s.pod.name", name);
                path.put("k8s.pod.uid", "uid-" + i);
                path.put("k8s.container.name", container);
                path.put("k8s.container.restart_count", 0L);
                paths[i * 2 + (container.equals("app") ? 0 : 1)] = new ContainerResource(path);
            }
        }
        for (int i = 0; i < bodies.length; i++) {
            bodies[i] = i == 7 ? "2024-03-05T10:11:12.123456789Z INFO GET /healthz 200 0.2ms"
                    : "2024-03-05T10:11:12." + (100000000 + i) + "Z INFO [INFO] GET /api/cart/" + i + " 200 3.1ms user=alice";
        }
        // the exporter side: take the batch and acknowledge its records, as a backend that accepted everything
        PodMetadataExtractor extractor = new PodMetadataExtractor(seed.getKubernetes());
        KubernetesMetadataCache cache = PreloadedMetadataCache.of(extractor, "node-1", System::nanoTime, pods);
        RecordBatcher batcher = new RecordBatcher(seed.getBatch(), new OtlpRecordEncoder(), (Batch batch) -> {
            exported.accept(batch.recordCount());
            batch.acknowledge();
        }, System::nanoTime);
        processorsOnly = new MetadataEnricher(seed.getKubernetes(), cache,
                ProcessingChain.compile(List.of(), seed.getProcessors(), batcher), System::nanoTime);
        RecordBatcher batcher2 = new RecordBatcher(seed.getBatch(), new OtlpRecordEncoder(), (Batch batch) -> {
            exported.accept(batch.recordCount());
            batch.acknowledge();
        }, System::nanoTime);
        withParsers = new MetadataEnricher(seed.getKubernetes(), cache,
                ProcessingChain.compile(seed.getInput().getParsers(), seed.getProcessors(), batcher2), System::nanoTime);
    }

    LogRecord nextRecord() {
        long n = sequence++;
        LogRecord record = new LogRecord(n, bodies[(int) (n & 15)], paths[(int) ((n / RUN) % CONTAINERS)]);
        record.attributes().put(LogRecord.ATTR_IOSTREAM, "stdout");
        return record;
    }

    /** Metadata, the seed's processors and batch; the record's severity set as the seed's severity parser would. */
    void processorsOnly() {
        LogRecord record = nextRecord();
        record.severityNumber(9);
        processorsOnly.accept(record);
    }

    /** Metadata, the seed's parsers and processors, and batch. */
    void withParsers() {
        withParsers.accept(nextRecord());
    }
}
