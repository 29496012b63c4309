package io.logpipeline.collector.pipeline;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.logpipeline.api.config.CollectorConfig;
import io.logpipeline.api.config.ExporterConfig;
import io.logpipeline.api.v1alpha1.IncludeExclude;
import io.logpipeline.api.v1alpha1.InputSpec;
import io.logpipeline.api.v1alpha1.LogPipeline;
import io.logpipeline.api.v1alpha1.LogPipelineSpec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/** Collector configs for the pipeline tests: the sample LogPipeline's spec reading a temporary /var/log/pods tree. */
public final class SampleConfigs {

    private SampleConfigs() {
    }

    /**
     * samples/logpipeline.yaml's input, kubernetes, processors and batch, reading {@code root/var/log/pods} from the
     * beginning, exporting to {@code endpoint} as backend "sink"; pipeline monitoring/default.
     */
    public static CollectorConfig seed(Path root, String endpoint) {
        LogPipelineSpec spec = sampleSpec();
        CollectorConfig config = new CollectorConfig();
        config.setPipeline("default");
        config.setNamespace("monitoring");
        InputSpec input = spec.getInput();
        input.setStartAt(InputSpec.StartAt.BEGINNING);
        input.setPaths(IncludeExclude.of(List.of(root.resolve("var/log/pods") + "/*/*/*.log"), List.of()));
        input.setPollInterval("50ms");
        config.setInput(input);
        config.setKubernetes(spec.getKubernetes());
        config.setProcessors(spec.getProcessors());
        config.setBatch(spec.getBatch());
        ExporterConfig exporter = new ExporterConfig();
        exporter.setName("sink");
        exporter.setEndpoint(endpoint);
        exporter.setTimeout("5s");
        exporter.getRetry().setInitialInterval("50ms");
        exporter.getRetry().setMaxInterval("200ms");
        config.setExporters(List.of(exporter));
        return config;
    }

    static LogPipelineSpec sampleSpec() {
        try (InputStream yaml = SampleConfigs.class.getResourceAsStream("/samples/logpipeline.yaml")) {
            return Serialization.unmarshal(yaml, LogPipeline.class).getSpec();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
