package io.logpipeline.operator.model;

import io.logpipeline.api.agent.AgentContract;
import io.logpipeline.api.config.CollectorConfig;
import io.logpipeline.api.config.CollectorConfigJson;
import io.logpipeline.api.v1alpha1.LogPipeline;
import io.logpipeline.api.v1alpha1.LogPipelineSpec;
import io.logpipeline.operator.resolve.PipelineBackends;
import io.logpipeline.operator.tenancy.Tenancy;
import java.util.ArrayList;
import java.util.Optional;
import java.util.TreeMap;

/** Compiles a valid pipeline whose backends resolved into what the agents load. Pure: same inputs, same model. */
public final class DesiredStateBuilder {

    private DesiredStateBuilder() {
    }

    public static DesiredState build(LogPipeline pipeline, PipelineBackends backends, Tenancy tenancy, String agentNamespace) {
        String name = pipeline.getMetadata().getName();
        String namespace = pipeline.getMetadata().getNamespace();
        LogPipelineSpec spec = pipeline.getSpec();

        CollectorConfig config = new CollectorConfig();
        config.setPipeline(name);
        config.setNamespace(namespace);
        config.setReadableNamespaces(new ArrayList<>(tenancy.readableNamespaces(namespace)));
        config.setGeneration(Optional.ofNullable(pipeline.getMetadata().getGeneration()).orElse(0L));
        config.setInput(spec.getInput());
        config.setKubernetes(spec.getKubernetes());
        config.setProcessors(spec.getProcessors());
        config.setBatch(spec.getBatch());
        config.setExporters(new ArrayList<>(backends.exporters()));
        // telemetry (port, log level, live tail) is the agent's, set by its flags: left at the defaults here
        String json = CollectorConfigJson.write(config);

        return new DesiredState(name, namespace, agentNamespace, json, new TreeMap<>(backends.credentials()),
                AgentContract.configHashOfSecretData(json, backends.credentials()));
    }
}
