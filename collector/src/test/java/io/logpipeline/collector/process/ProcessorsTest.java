package io.logpipeline.collector.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.logpipeline.api.v1alpha1.AttributeAction;
import io.logpipeline.api.v1alpha1.AttributeAction.Action;
import io.logpipeline.api.v1alpha1.AttributeAction.ConvertedType;
import io.logpipeline.api.v1alpha1.AttributeMatch;
import io.logpipeline.api.v1alpha1.AttributesProcessorSpec;
import io.logpipeline.api.v1alpha1.DropRule;
import io.logpipeline.api.v1alpha1.FilterProcessorSpec;
import io.logpipeline.api.v1alpha1.JsonParserSpec;
import io.logpipeline.api.v1alpha1.OnError;
import io.logpipeline.api.v1alpha1.ParserSpec;
import io.logpipeline.api.v1alpha1.ProcessorSpec;
import io.logpipeline.api.v1alpha1.ResourceProcessorSpec;
import io.logpipeline.collector.record.ContainerResource;
import io.logpipeline.collector.record.LogRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProcessorsTest {

    private static final ContainerResource RESOURCE = new ContainerResource(Map.of(
            "k8s.namespace.name", "shop", "k8s.pod.name", "cart-7d9f-abcde", "k8s.pod.labels.project_name", "cart"));

    private static LogRecord record(String body, Map<String, Object> attributes) {
        LogRecord record = new LogRecord(0, body, RESOURCE);
        record.attributes().putAll(attributes);
        return record;
    }

    private static LogRecord apply(LogRecord record, AttributeAction... actions) {
        AttributesProcessorSpec spec = new AttributesProcessorSpec();
        spec.setActions(List.of(actions));
        AttributesProcessor.compile(spec).apply(record);
        return record;
    }

    private static AttributeAction.AttributeActionBuilder action(String key, Action action) {
        return AttributeAction.builder().key(key).action(action);
    }

    @Test
    void insertOnlyWhenAbsentUpdateOnlyWhenPresentUpsertAlways() {
        // given
        LogRecord record = record("b", Map.of("present", "old"));
        // when
        apply(record,
                action("present", Action.INSERT).value("inserted").build(),
                action("absent", Action.INSERT).value("inserted").build(),
                action("present2", Action.UPDATE).value("updated").build(),
                action("present", Action.UPDATE).value("updated").build(),
                action("new", Action.UPSERT).value("upserted").build());
        // then
        assertThat(record.attributes()).containsOnly(entry("present", "updated"), entry("absent", "inserted"), entry("new", "upserted"));
    }

    @Test
    void fromAttributeReadsTheRecordThenTheResourceAndBodyNamesTheBody() {
        // given a record attribute that shadows a resource attribute of the same name
        LogRecord record = record("the body", Map.of("k8s.namespace.name", "from-record"));
        // when
        apply(record,
                action("service.name", Action.INSERT).fromAttribute("k8s.pod.labels.project_name").build(),
                action("ns", Action.INSERT).fromAttribute("k8s.namespace.name").build(),
                action("copy", Action.UPSERT).fromAttribute("body").build(),
                action("nothing", Action.UPSERT).fromAttribute("missing").build());
        // then
        assertThat(record.attributes()).containsEntry("service.name", "cart").containsEntry("ns", "from-record")
                .containsEntry("copy", "the body").doesNotContainKey("nothing");
    }

    @Test
    void deleteAndHash() {
        LogRecord record = record("b", Map.of("secret", "hunter2", "gone", "x", "n", 42L));
        apply(record,
                action("gone", Action.DELETE).build(),
                action("missing", Action.DELETE).build(),
                action("secret", Action.HASH).build(),
                action("n", Action.HASH).build(),
                action("missing", Action.HASH).build());
        assertThat(record.attributes()).containsOnly(
                entry("secret", "f52fbd32b2b3b86ff88ef6c490628285f482af15ddcb29541f94bcf526a3f6c7"),
                entry("n", "73475cb40a568e8da8a045ced110137e159f890ac4da883b6b17dc651b3a8049"));
    }

    @Test
    void extractNamedGroupsOrOneUnnamedGroupIntoKey() {
        // given the seed's log.level extract and a named-group extract
        LogRecord record = record("2024-03-05 [WARN] disk 91% full on /dev/sda1", Map.of());
        // when
        apply(record,
                AttributeAction.builder().key("log.level").action(Action.EXTRACT)
                        .pattern(".*\\[(DEBUG|INFO|WARN|ERROR|FATAL)\\].*").fromAttribute("body").build(),
                AttributeAction.builder().action(Action.EXTRACT).pattern("disk (?P<disk_used>\\d+)% full on (?P<device>\\S+)")
                        .fromAttribute("body").build());
        // then
        assertThat(record.attributes()).containsOnly(entry("log.level", "WARN"), entry("disk_used", "91"), entry("device", "/dev/sda1"));
    }

    @Test
    void extractDoesNothingWithoutMatchOrSourceOrWithANonStringSource() {
        LogRecord record = record("no level here", Map.of("n", 5L));
        apply(record,
                AttributeAction.builder().key("log.level").action(Action.EXTRACT).pattern(".*\\[(INFO)\\].*").fromAttribute("body").build(),
                AttributeAction.builder().key("x").action(Action.EXTRACT).pattern("(.)").fromAttribute("missing").build(),
                AttributeAction.builder().key("y").action(Action.EXTRACT).pattern("(.)").fromAttribute("n").build());
        assertThat(record.attributes()).containsOnly(entry("n", 5L));
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "int    | '42'   | 42    | Long",
        "int    | ' 7 '  | 7     | Long",
        "int    | '3.9'  | 3     | Long",
        "int    | 'abc'  | abc   | String",
        "double | '2.5'  | 2.5   | Double",
        "double | 'x'    | x     | String",
        "bool   | 'TRUE' | true  | Boolean",
        "bool   | 'yes'  | yes   | String",
        "string | '42'   | 42    | String",
    })
    void convertChangesTheTypeOrLeavesAValueThatCannotBeConverted(String type, String value, String expected, String expectedType) {
        // given
        LogRecord record = record("b", Map.of("v", value));
        // when
        apply(record, action("v", Action.CONVERT).convertedType(ConvertedType.valueOf(type.toUpperCase())).build(),
                action("missing", Action.CONVERT).convertedType(ConvertedType.INT).build());
        // then
        Object converted = record.attributes().get("v");
        assertThat(converted.getClass().getSimpleName()).isEqualTo(expectedType);
        assertThat(String.valueOf(converted)).isEqualTo(expected);
        assertThat(record.attributes()).doesNotContainKey("missing");
    }

    @Test
    void convertsTypedValues() {
        LogRecord record = record("b", Map.of("l", 3L, "d", 2.75, "t", true));
        apply(record, action("l", Action.CONVERT).convertedType(ConvertedType.DOUBLE).build(),
                action("d", Action.CONVERT).convertedType(ConvertedType.INT).build(),
                action("t", Action.CONVERT).convertedType(ConvertedType.INT).build());
        assertThat(record.attributes()).containsOnly(entry("l", 3.0), entry("d", 2L), entry("t", 1L));
    }

    @Test
    void resourceActionsRunOncePerResourceAndAllItsRecordsShareTheResult() {
        // given
        ResourceProcessorSpec spec = new ResourceProcessorSpec();
        spec.setAttributes(List.of(action("k8s.cluster.name", Action.UPSERT).value("prod").build(),
                action("team", Action.INSERT).fromAttribute("k8s.pod.labels.project_name").build(),
                action("k8s.pod.name", Action.DELETE).build(),
                action("from.body", Action.INSERT).fromAttribute("body").build()));
        ResourceProcessor processor = ResourceProcessor.compile(spec);
        LogRecord first = record("a", Map.of());
        LogRecord second = record("b", Map.of());
        LogRecord other = new LogRecord(0, "c", new ContainerResource(Map.of("k8s.namespace.name", "shop", "k8s.pod.name", "cart-7d9f-abcde",
                "k8s.pod.labels.project_name", "cart")));
        // when
        processor.apply(first);
        processor.apply(second);
        processor.apply(other);
        // then
        assertThat(first.resource().attributes()).containsOnly(entry("k8s.namespace.name", "shop"),
                entry("k8s.pod.labels.project_name", "cart"), entry("k8s.cluster.name", "prod"), entry("team", "cart"));
        assertThat(second.resource()).isSameAs(first.resource());
        // an equal resource from another instance is edited once too and gets the very same result
        assertThat(other.resource()).isSameAs(first.resource());
        assertThat(first.attributes()).isEmpty();
    }

    private static DropRule rule(String name) {
        DropRule rule = new DropRule();
        rule.setName(name);
        return rule;
    }

    @Test
    void filterDropsOnAnyRuleWhenAllOfItsConditionsHoldAndCountsByRule() {
        // given
        DropRule belowInfo = rule(null);
        belowInfo.setSeverityBelow(DropRule.Severity.INFO);
        DropRule health = rule("healthz");
        health.setBodyMatches("GET /healthz");
        DropRule noisyInKube = rule("kube-noise");
        noisyInKube.setNamespaces(List.of("kube-system"));
        noisyInKube.setBodyMatches("^I\\d{4} ");
        DropRule bot = rule("bot");
        AttributeMatch userAgent = new AttributeMatch();
        userAgent.setKey("user_agent");
        userAgent.setMatches("(?i)bot");
        bot.setAttribute(userAgent);
        DropRule canary = rule("canary");
        AttributeMatch track = new AttributeMatch();
        track.setKey("k8s.pod.labels.project_name");
        track.setEquals("cart");
        canary.setAttribute(track);
        canary.setSeverityBelow(DropRule.Severity.WARN);
        FilterProcessorSpec spec = new FilterProcessorSpec();
        spec.setDrop(List.of(belowInfo, health, noisyInKube, bot, canary));
        FilterProcessor filter = FilterProcessor.compile(spec);
        ContainerResource kube = new ContainerResource(Map.of("k8s.namespace.name", "kube-system"));
        // when / then
        assertThat(filter.apply(new LogRecord(0, "x", RESOURCE).severityNumber(5))).as("debug").isFalse();
        assertThat(filter.apply(new LogRecord(0, "x", null).severityNumber(0))).as("unknown severity").isTrue();
        assertThat(filter.apply(new LogRecord(0, "GET /healthz 200", null))).as("health").isFalse();
        assertThat(filter.apply(new LogRecord(0, "I0305 12:00 started", kube))).as("kube noise").isFalse();
        assertThat(filter.apply(new LogRecord(0, "I0305 12:00 started", RESOURCE))).as("same line elsewhere").isTrue();
        assertThat(filter.apply(new LogRecord(0, "E0305 failed", kube))).as("kube error").isTrue();
        assertThat(filter.apply(record("x", Map.of("user_agent", "Googlebot/2.1")))).as("bot").isFalse();
        assertThat(filter.apply(record("x", Map.of("user_agent", "curl")))).as("curl").isTrue();
        assertThat(filter.apply(record("x", Map.of()).severityNumber(9))).as("cart info").isFalse();
        assertThat(filter.apply(record("x", Map.of()).severityNumber(13))).as("cart warn").isTrue();
        assertThat(filter.stats().dropsByRule()).hasToString("{0=1, healthz=1, kube-noise=1, bot=1, canary=1}");
    }

    @Test
    void theChainAcknowledgesADroppedRecordOnceAndPassesTheOthersOn() {
        // given a filter that drops health checks, and records with counting acknowledgements
        DropRule health = rule(null);
        health.setBodyMatches("/healthz");
        FilterProcessorSpec filter = new FilterProcessorSpec();
        filter.setDrop(List.of(health));
        ProcessorSpec processor = new ProcessorSpec();
        processor.setFilter(filter);
        List<LogRecord> passed = new ArrayList<>();
        ProcessingChain chain = ProcessingChain.compile(List.of(), List.of(processor), passed::add);
        AtomicInteger droppedAcks = new AtomicInteger();
        AtomicInteger keptAcks = new AtomicInteger();
        // when
        chain.accept(new LogRecord(0, "GET /healthz", null).acknowledgement(droppedAcks::incrementAndGet));
        chain.accept(new LogRecord(0, "GET /cart", null).acknowledgement(keptAcks::incrementAndGet));
        // then
        assertThat(droppedAcks).hasValue(1);
        assertThat(keptAcks).hasValue(0);
        assertThat(passed).extracting(LogRecord::body).containsExactly("GET /cart");
    }

    @Test
    void aRecordAParserDropsIsAcknowledgedOnceAndGoesNoFurther() {
        // given a json parser that drops what is not JSON, before a processor
        JsonParserSpec json = new JsonParserSpec();
        json.setOnError(OnError.DROP);
        ParserSpec parser = new ParserSpec();
        parser.setJson(json);
        AttributesProcessorSpec attributes = new AttributesProcessorSpec();
        attributes.setActions(List.of(action("seen", Action.UPSERT).value("yes").build()));
        ProcessorSpec processor = new ProcessorSpec();
        processor.setAttributes(attributes);
        List<LogRecord> passed = new ArrayList<>();
        ProcessingChain chain = ProcessingChain.compile(List.of(parser), List.of(processor), passed::add);
        AtomicInteger acks = new AtomicInteger();
        LogRecord plain = new LogRecord(0, "plain text", null).acknowledgement(acks::incrementAndGet);
        // when
        chain.accept(plain);
        chain.accept(new LogRecord(0, "{\"a\":1}", null));
        // then
        assertThat(acks).hasValue(1);
        assertThat(plain.attributes()).doesNotContainKey("seen");
        assertThat(passed).singleElement().satisfies(r -> assertThat(r.attributes()).containsOnly(entry("a", 1L), entry("seen", "yes")));
    }
}
