package io.logpipeline.collector.process;

import io.logpipeline.api.v1alpha1.AttributeMatch;
import io.logpipeline.api.v1alpha1.DropRule;
import io.logpipeline.api.v1alpha1.FilterProcessorSpec;
import io.logpipeline.collector.chain.AttributeLookup;
import io.logpipeline.collector.chain.RecordStage;
import io.logpipeline.collector.chain.TextPattern;
import io.logpipeline.collector.record.ContainerResource;
import io.logpipeline.collector.record.LogRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

/** The filter processor: drops a record that matches any rule; a rule matches when every condition it sets holds. */
public final class FilterProcessor implements RecordStage {

    private final Rule[] rules;
    private final FilterStats stats;

    private FilterProcessor(Rule[] rules, FilterStats stats) {
        this.rules = rules;
        this.stats = stats;
    }

    public static FilterProcessor compile(FilterProcessorSpec spec) {
        List<Rule> rules = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < spec.getDrop().size(); i++) {
            DropRule rule = spec.getDrop().get(i);
            String name = rule.getName() != null ? rule.getName() : String.valueOf(i);
            names.add(name);
            rules.add(new Rule(rule));
        }
        FilterStats stats = new FilterStats(names);
        for (int i = 0; i < rules.size(); i++) {
            rules.get(i).drops = stats.dropsOf(names.get(i));
        }
        return new FilterProcessor(rules.toArray(Rule[]::new), stats);
    }

    public FilterStats stats() {
        return stats;
    }

    @Override
    public boolean apply(LogRecord record) {
        for (Rule rule : rules) {
            if (rule.matches(record)) {
                rule.drops.increment();
                return false;
            }
        }
        return true;
    }

    private static final class Rule {

        private final int severityBelow;
        private final TextPattern bodyMatches;
        private final AttributeLookup attribute;
        private final String attributeEquals;
        private final TextPattern attributeMatches;
        private final Set<String> namespaces;
        private LongAdder drops;

        Rule(DropRule spec) {
            this.severityBelow = spec.getSeverityBelow() == null ? 0 : spec.getSeverityBelow().lowestNumber();
            this.bodyMatches = spec.getBodyMatches() == null ? null : TextPattern.compile(spec.getBodyMatches());
            AttributeMatch match = spec.getAttribute();
            this.attribute = match == null ? null : AttributeLookup.of(match.getKey());
            this.attributeEquals = match == null ? null : match.getEquals();
            this.attributeMatches = match == null || match.getMatches() == null ? null : TextPattern.compile(match.getMatches());
            this.namespaces = spec.getNamespaces() == null ? Set.of() : Set.copyOf(spec.getNamespaces());
        }

        boolean matches(LogRecord record) {
            // a record whose severity is unknown (0) is never "below" a threshold
            if (severityBelow != 0 && (record.severityNumber() == 0 || record.severityNumber() >= severityBelow)) {
                return false;
            }
            if (bodyMatches != null && !bodyMatches.find(record.body())) {
                return false;
            }
            if (attribute != null) {
                Object value = attribute.read(record);
                if (value == null) {
                    return false;
                }
                String text = String.valueOf(value);
                if (attributeEquals != null ? !attributeEquals.equals(text) : !attributeMatches.find(text)) {
                    return false;
                }
            }
            if (!namespaces.isEmpty()) {
                ContainerResource resource = record.resource();
                Object namespace = resource == null ? null : resource.get("k8s.namespace.name");
                return namespace != null && namespaces.contains(namespace);
            }
            return true;
        }
    }
}
