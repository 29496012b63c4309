package io.logpipeline.api.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import lombok.AllArgsConstructor;
import lombok.Data;
import lombok.NoArgsConstructor;

/**
 * Where a configuration value comes from: a literal, an environment variable, a file, or a key of
 * the pipeline's credentials Secret in the agent namespace (what the operator renders for the node
 * agent, see {@code AgentContract}). Secret values are only ever referenced, so the ConfigMap holds no
 * secret.
 */
@Data
@NoArgsConstructor
@AllArgsConstructor
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ValueSource {

    private String value;

    private String env;

    private String file;

    /** A key of the pipeline's credentials Secret, which the agent watches beside the configuration. */
    private String secretKey;

    public static ValueSource literal(String value) {
        return new ValueSource(value, null, null, null);
    }

    public static ValueSource fromEnv(String name) {
        return new ValueSource(null, name, null, null);
    }

    public static ValueSource fromFile(String path) {
        return new ValueSource(null, null, path, null);
    }

    public static ValueSource fromSecretKey(String key) {
        return new ValueSource(null, null, null, key);
    }
}
