package io.logpipeline.api.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.UncheckedIOException;

/**
 * Reads and writes {@link AgentReport}. Lenient on read: during an upgrade agents and operator run
 * different versions, and a field one side does not know must not hide the rest of the report.
 */
public final class AgentReportJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private AgentReportJson() {
    }

    public static AgentReport parse(String json) throws JsonProcessingException {
        return MAPPER.readValue(json, AgentReport.class);
    }

    public static String write(AgentReport report) {
        try {
            return MAPPER.writeValueAsString(report);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
