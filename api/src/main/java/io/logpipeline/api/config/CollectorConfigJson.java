package io.logpipeline.api.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

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

    /** The JSON text, byte-for-byte stable for equal configurations (so its hash is too). */
    public static String write(CollectorConfig config) {
        try {
            return MAPPER.writeValueAsString(config);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
