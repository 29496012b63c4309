package io.logpipeline.collector.process;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Records dropped by one filter processor, per rule (the rule's name, or its index when it has none); on {@code /metrics} as {@code otelcol_processor_filter_logs_filtered_total}. */
public final class FilterStats {

    private final Map<String, LongAdder> dropsByRule = new LinkedHashMap<>();

    FilterStats(List<String> ruleNames) {
        for (String name : ruleNames) {
            dropsByRule.putIfAbsent(name, new LongAdder());
        }
    }

    LongAdder dropsOf(String rule) {
        return dropsByRule.get(rule);
    }

    /** Rule label → dropped records, in rule order. */
    public Map<String, LongAdder> dropsByRule() {
        return Collections.unmodifiableMap(dropsByRule);
    }
}
