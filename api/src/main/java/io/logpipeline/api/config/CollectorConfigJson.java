package io.logpipeline.api.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.logpipeline.api.validation.Problem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reads and writes {@code collector.json}: strict on read (a misspelt field is an error), stable on write. */
public final class CollectorConfigJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private CollectorConfigJson() {
    }

    /** @throws IOException when the file cannot be read or is not a collector configuration (message names the field) */
    public static CollectorConfig read(Path file) throws IOException {
        return MAPPER.readValue(Files.readAllBytes(file), CollectorConfig.class);
    }

    public static CollectorConfig parse(String json) throws JsonProcessingException {
        return MAPPER.readValue(json, CollectorConfig.class);
    }

    /**
     * Reads and validates a document, reporting every problem at once, each with its field path, line and column:
     * unknown fields (with the nearest known name), values of the wrong type, then (when it reads) what
     * {@link CollectorConfig#validate()} finds. Broken JSON syntax is one problem, where the reading stopped.
     *
     * @throws InvalidConfigException with every problem found
     */
    public static CollectorConfig readChecked(String json) {
        JsonProblems handler = new JsonProblems(MAPPER);
        CollectorConfig config = null;
        try {
            config = MAPPER.readerFor(CollectorConfig.class).withHandler(handler).readValue(json);
        } catch (JsonProcessingException e) {
            handler.found().add(JsonProblems.of(e));
        }
        if (config == null && handler.found().isEmpty()) {
            handler.found().add(new ConfigProblem("", 1, 1, "the document is empty; it must be a JSON object with at least pipeline and exporters"));
        }
        if (!handler.found().isEmpty()) {
            throw new InvalidConfigException(handler.found());
        }
        List<Problem> problems = config.validate();
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(JsonProblems.locate(MAPPER, json, problems));
        }
        return config;
    }

    /** The JSON text, byte-for-byte stable for equal configurations (so its hash is too). */
    public static String write(CollectorConfig config) {
        try {
            return MAPPER.writeValueAsString(config);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
