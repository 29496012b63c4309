package io.logpipeline.collector.agent;

import io.logpipeline.api.agent.AgentContract;
import java.util.Map;

/**
 * One pipeline a configuration source wants running: its identity, its {@code CollectorConfig} JSON as
 * written (not yet parsed, so a broken document is still reported under the right pipeline), and its
 * credentials. Never logged whole: the credentials are secret.
 *
 * @param origin where it came from, for messages (a file path or {@code ConfigMap ns/name})
 */
public record DesiredPipeline(String namespace, String name, String configJson, Map<String, String> credentials, String origin) {

    public DesiredPipeline {
        credentials = Map.copyOf(credentials);
    }

    /** {@code <namespace>/<name>}: the key the host, the metrics and the report use. */
    public String key() {
        return AgentContract.pipelineKey(namespace, name);
    }

    /** {@link AgentContract#configHash}: equal hashes mean nothing changed, so the running pipeline is left alone. */
    public String configHash() {
        return AgentContract.configHash(configJson, credentials);
    }

    @Override
    public String toString() {
        return "DesiredPipeline[" + key() + " from " + origin + ", " + credentials.size() + " credentials]";
    }
}
