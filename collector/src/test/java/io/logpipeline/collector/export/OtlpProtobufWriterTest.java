package io.logpipeline.collector.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipeline.collector.record.ContainerResource;
import io.logpipeline.collector.record.LogRecord;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OtlpProtobufWriterTest {

    @Test
    void writesWhatTheOfficialClassesBuildForEveryAttributeKind() throws Exception {
        // given records of three containers (one without a resource), interleaved, with every value kind
        List<LogRecord> batch = mixedRecords();

        // when
        byte[] written = OtlpProtobufWriter.write(ExportFixtures.batchOf(batch));

        // then
        ExportLogsServiceRequest decoded = ExportLogsServiceRequest.parseFrom(written);
        assertThat(decoded).isEqualTo(ProtoClassesEncoder.encode(batch));
        assertThat(written).hasSize(decoded.getSerializedSize());
        assertThat(decoded.getResourceLogsCount()).isEqualTo(3);
        assertThat(decoded.getResourceLogs(0).getScopeLogs(0).getLogRecordsCount()).isEqualTo(100);
    }

    @Test
    void recordsEncodedIntoABatchAreLeftWholeForWhoeverStillReadsThem() {
        // given records with more distinct attribute keys than the key cache has slots, some equal but not identical
        List<LogRecord> records = mixedRecords();
        List<String> bodies = records.stream().map(LogRecord::body).toList();
        List<Map<String, Object>> attributes = records.stream().map(record -> (Map<String, Object>) new LinkedHashMap<>(record.attributes())).toList();

        // when they are encoded into a batch (as the batch stage does while the live tail reads them)
        OtlpProtobufWriter.write(ExportFixtures.batchOf(records));

        // then each record still has its body and attributes
        assertThat(records).extracting(LogRecord::body).isEqualTo(bodies);
        assertThat(records).extracting(LogRecord::attributes).isEqualTo(attributes);
    }

    private static List<LogRecord> mixedRecords() {
        ContainerResource web = new ContainerResource(Map.of("k8s.pod.name", "web-ü", "k8s.container.restart_count", 3L));
        ContainerResource db = new ContainerResource(Map.of("k8s.pod.name", "db"));
        List<LogRecord> batch = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            ContainerResource resource = i % 3 == 0 ? web : i % 3 == 1 ? db : null;
            LogRecord record = new LogRecord(i == 5 ? 0 : 1_714_564_800_123_456_789L + i, "line " + i + " – ✓ " + "x".repeat(i), resource)
                    .observedEpochNanos(1_714_564_801_000_000_000L + i)
                    .severityNumber(i % 25)
                    .severityText(i % 2 == 0 ? "INFO" : null);
            if (i == 7) {
                record.body(null);
            }
            Map<String, Object> nested = new LinkedHashMap<>();
            nested.put("user", Map.of("id", 42L));
            nested.put("ok", true);
            record.attributes().put("log.iostream", "stdout");
            record.attributes().put("count", (long) -i);
            record.attributes().put("int", i);
            record.attributes().put("ratio", i / 7.0);
            record.attributes().put("flag", i % 2 == 0);
            record.attributes().put("json", nested);
            record.attributes().put("list", Arrays.asList("a", 2L, 3.5, false, null, List.of("deep")));
            record.attributes().put("missing", null);
            record.attributes().put(new String("key-" + i % 90), "value " + i);
            batch.add(record);
        }
        return batch;
    }

    @Test
    void writesRecordsWithoutAnyFieldAndWithoutResource() throws Exception {
        // given a record with every field at its default
        List<LogRecord> batch = List.of(new LogRecord());

        // when
        byte[] written = OtlpProtobufWriter.write(ExportFixtures.batchOf(batch));

        // then
        assertThat(ExportLogsServiceRequest.parseFrom(written)).isEqualTo(ProtoClassesEncoder.encode(batch));
        assertThat(written).hasSize(ProtoClassesEncoder.encode(batch).getSerializedSize());
    }

    @Test
    void varintSizesMatchTheEncoding() {
        // given / when / then
        assertThat(OtlpProtobufWriter.varintSize(0)).isEqualTo(1);
        assertThat(OtlpProtobufWriter.varintSize(127)).isEqualTo(1);
        assertThat(OtlpProtobufWriter.varintSize(128)).isEqualTo(2);
        assertThat(OtlpProtobufWriter.varintSize(16_383)).isEqualTo(2);
        assertThat(OtlpProtobufWriter.varintSize(16_384)).isEqualTo(3);
        assertThat(OtlpProtobufWriter.varintSize(-1)).isEqualTo(10);
    }
}
