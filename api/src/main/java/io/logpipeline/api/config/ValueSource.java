package io.logpipeline.api.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import lombok.AllArgsConstructor;
import lombok.Data;
import lombok.NoArgsConstructor;

/**
 * Where a configuration value comes from: a literal, an environment variable, or a file (a key of
 * the mounted credentials Secret). Secret values are only ever referenced, so the ConfigMap holds no
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

    public static ValueSource literal(String value) {
        return new ValueSource(value, null, null);
    }

    public static ValueSource fromEnv(String name) {
        return new ValueSource(null, name, null);
    }

    public static ValueSource fromFile(String path) {
        return new ValueSource(null, null, path);
    }
}
