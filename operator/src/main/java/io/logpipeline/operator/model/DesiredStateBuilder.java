package io.logpipeline.operator.model;

import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.logpipeline.api.agent.AgentContract;
import io.logpipeline.api.config.CollectorConfig;
import io.logpipeline.api.config.CollectorConfigJson;
import io.logpipeline.api.config.TelemetryConfig;
import io.logpipeline.api.v1alpha1.CollectorSpec;
import io.logpipeline.api.v1alpha1.KubernetesMetadataSpec;
import io.logpipeline.api.v1alpha1.LogPipeline;
import io.logpipeline.api.v1alpha1.LogPipelineSpec;
import io.logpipeline.operator.resolve.PipelineBackends;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Builds the desired state of a valid pipeline whose backends resolved. Pure: same inputs, same model. */
public final class DesiredStateBuilder {

    private DesiredStateBuilder() {
    }

    public static DesiredState build(LogPipeline pipeline, PipelineBackends backends, CollectorDefaults defaults) {
        String name = pipeline.getMetadata().getName();
        String namespace = pipeline.getMetadata().getNamespace();
        LogPipelineSpec spec = pipeline.getSpec();
        CollectorSpec collector = spec.getCollector() == null ? new CollectorSpec() : spec.getCollector();

        CollectorConfig config = new CollectorConfig();
        config.setPipeline(name);
        config.setNamespace(namespace);
        config.setInput(spec.getInput());
        config.setKubernetes(spec.getKubernetes());
        config.setProcessors(spec.getProcessors());
        config.setBatch(spec.getBatch());
        config.setExporters(new ArrayList<>(backends.exporters()));
        TelemetryConfig telemetry = new TelemetryConfig();
        telemetry.setLogLevel(collector.getLogLevel() == null ? CollectorSpec.LogLevel.INFO : collector.getLogLevel());
        telemetry.setDebugTail(Boolean.TRUE.equals(collector.getDebugTail()));
        config.setTelemetry(telemetry);
        String json = CollectorConfigJson.write(config);

        Map<String, String> selector = new LinkedHashMap<>();
        selector.put(DesiredState.LABEL_NAME, "logpipeline-collector");
        selector.put(DesiredState.LABEL_INSTANCE, name);
        Map<String, String> labels = new LinkedHashMap<>(selector);
        labels.put(DesiredState.LABEL_MANAGED_BY, DesiredState.MANAGED_BY);
        labels.put(DesiredState.LABEL_PART_OF, "logpipeline");
        labels.put(DesiredState.LABEL_PIPELINE, name);
        labels.put(DesiredState.LABEL_PIPELINE_NAMESPACE, namespace);

        String image = collector.getImage() == null || collector.getImage().isBlank() ? defaults.image() : collector.getImage();
        ResourceRequirements resources = collector.getResources() == null ? defaults.resources() : collector.getResources();
        String priorityClass = collector.getPriorityClassName() == null || collector.getPriorityClassName().isBlank()
                ? null : collector.getPriorityClassName();

        return new DesiredState(name, namespace, sorted(labels), sorted(selector), json,
                new TreeMap<>(backends.credentials()), AgentContract.configHash(json, backends.credentials()), image,
                defaults.imagePullPolicy(), defaults.imagePullSecrets(), resources,
                List.copyOf(collector.getTolerations() == null ? List.of() : collector.getTolerations()),
                sorted(collector.getNodeSelector() == null ? Map.of() : collector.getNodeSelector()),
                priorityClass, needsReplicaSets(spec.getKubernetes()));
    }

    private static Map<String, String> sorted(Map<String, String> map) {
        return java.util.Collections.unmodifiableMap(new TreeMap<>(map));
    }

    /** The deployment name comes from the pod's owning ReplicaSet, so only then does the collector need to read ReplicaSets. */
    private static boolean needsReplicaSets(KubernetesMetadataSpec kubernetes) {
        return kubernetes != null && !Boolean.FALSE.equals(kubernetes.getEnabled())
                && kubernetes.getMetadata() != null && kubernetes.getMetadata().contains("k8s.deployment.name");
    }
}
