package io.logpipeline.api.validation;

import static io.logpipeline.api.validation.Problems.at;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.logpipeline.api.config.CollectorConfig;
import io.logpipeline.api.regex.GoRegex;
import io.logpipeline.api.timelayout.TimeLayout;
import io.logpipeline.api.v1alpha1.AttributeAction;
import io.logpipeline.api.v1alpha1.AttributeMatch;
import io.logpipeline.api.v1alpha1.BackendRef;
import io.logpipeline.api.v1alpha1.BatchSpec;
import io.logpipeline.api.v1alpha1.DropRule;
import io.logpipeline.api.v1alpha1.FieldExtractSpec;
import io.logpipeline.api.v1alpha1.IncludeExclude;
import io.logpipeline.api.v1alpha1.InputSpec;
import io.logpipeline.api.v1alpha1.KubernetesMetadataSpec;
import io.logpipeline.api.v1alpha1.LogPipelineSpec;
import io.logpipeline.api.v1alpha1.MultilineSpec;
import io.logpipeline.api.v1alpha1.ParserSpec;
import io.logpipeline.api.v1alpha1.ProcessorSpec;
import io.logpipeline.api.v1alpha1.SeverityParserSpec;
import io.logpipeline.api.v1alpha1.TimestampSpec;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The semantic checks of a LogPipeline: what the CRD schema cannot say. One code path for the operator
 * (on the spec, paths under {@code spec.}) and the collector (on its configuration), so both reject the
 * same things with the same words.
 */
public final class PipelineValidator {

    private static final Set<String> SEVERITY_NAMES = Set.of("trace", "debug", "info", "warn", "error", "fatal");
    private static final Set<String> SELECTOR_OPERATORS = Set.of("In", "NotIn", "Exists", "DoesNotExist");

    private PipelineValidator() {
    }

    /** Every problem of a LogPipeline spec, paths starting at {@code spec}. */
    public static List<Problem> validate(LogPipelineSpec spec) {
        Problems problems = new Problems();
        if (spec == null) {
            problems.add("spec", "is required");
            return problems.list();
        }
        if (spec.getCollector() != null) {
            problems.add("spec.collector", LogPipelineSpec.REMOVED_COLLECTOR);
        }
        backendRefs(problems, spec.getBackendRefs());
        input(problems, "spec.input", spec.getInput());
        kubernetes(problems, "spec.kubernetes", spec.getKubernetes());
        processors(problems, "spec.processors", spec.getProcessors());
        batch(problems, "spec.batch", spec.getBatch());
        return problems.list();
    }

    /** Every problem of a collector configuration, paths relative to the document. */
    public static List<Problem> validateCollectorConfig(CollectorConfig config) {
        Problems problems = new Problems();
        problems.required("pipeline", config.getPipeline());
        input(problems, "input", config.getInput());
        kubernetes(problems, "kubernetes", config.getKubernetes());
        processors(problems, "processors", config.getProcessors());
        batch(problems, "batch", config.getBatch());
        if (config.getExporters() == null || config.getExporters().isEmpty()) {
            problems.add("exporters", "needs at least one exporter");
        } else {
            Set<String> names = new HashSet<>();
            for (int i = 0; i < config.getExporters().size(); i++) {
                String path = at("", "exporters", i);
                BackendValidator.exporter(problems, path, config.getExporters().get(i));
                String name = config.getExporters().get(i).getName();
                if (name != null && !names.add(name)) {
                    problems.add(at(path, "name"), "\"" + name + "\" is used by two exporters; names must be unique");
                }
            }
        }
        return problems.list();
    }

    private static void backendRefs(Problems problems, List<BackendRef> refs) {
        if (refs == null || refs.isEmpty()) {
            problems.add("spec.backendRefs", "needs at least one LogBackend, e.g. backendRefs: [{name: victorialogs}]");
            return;
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < refs.size(); i++) {
            String path = at("spec", "backendRefs", i) + ".name";
            String name = refs.get(i) == null ? null : refs.get(i).getName();
            if (problems.required(path, name) && !seen.add(name)) {
                problems.add(path, "LogBackend \"" + name + "\" is listed twice; list each backend once");
            }
        }
    }

    private static void input(Problems problems, String path, InputSpec input) {
        if (input == null) {
            return;
        }
        includeExclude(problems, at(path, "namespaces"), input.getNamespaces());
        includeExclude(problems, at(path, "containers"), input.getContainers());
        IncludeExclude paths = input.getPaths();
        if (paths != null) {
            includeExclude(problems, at(path, "paths"), paths);
            List<String> include = paths.getInclude();
            if (include == null || include.isEmpty()) {
                problems.add(at(path, "paths.include"), "needs at least one glob, e.g. " + InputSpec.DEFAULT_PATH_GLOB);
            } else {
                for (int i = 0; i < include.size(); i++) {
                    if (include.get(i) != null && !include.get(i).startsWith("/")) {
                        problems.add(at(path, "paths.include", i), "must be an absolute path glob, got \"" + include.get(i) + "\"");
                    }
                }
            }
        }
        podSelector(problems, at(path, "podSelector"), input.getPodSelector());
        problems.size(at(path, "maxLogSize"), input.getMaxLogSize(), 1024);
        problems.atLeast(at(path, "maxConcurrentFiles"), input.getMaxConcurrentFiles(), 1);
        problems.duration(at(path, "pollInterval"), input.getPollInterval(), Duration.ofMillis(10));
        multiline(problems, at(path, "multiline"), input.getMultiline());
        List<ParserSpec> parsers = input.getParsers();
        if (parsers != null) {
            for (int i = 0; i < parsers.size(); i++) {
                parser(problems, at(path, "parsers", i), parsers.get(i));
            }
        }
    }

    private static void includeExclude(Problems problems, String path, IncludeExclude list) {
        if (list == null) {
            return;
        }
        List<String> include = list.getInclude() == null ? List.of() : list.getInclude();
        List<String> exclude = list.getExclude() == null ? List.of() : list.getExclude();
        for (int i = 0; i < include.size(); i++) {
            problems.glob(at(path, "include", i), include.get(i));
            if (exclude.contains(include.get(i))) {
                problems.add(at(path, "include", i), "\"" + include.get(i) + "\" is both included and excluded; remove it from one list");
            }
        }
        for (int i = 0; i < exclude.size(); i++) {
            problems.glob(at(path, "exclude", i), exclude.get(i));
        }
    }

    private static void podSelector(Problems problems, String path, LabelSelector selector) {
        if (selector == null || selector.getMatchExpressions() == null) {
            return;
        }
        List<LabelSelectorRequirement> expressions = selector.getMatchExpressions();
        for (int i = 0; i < expressions.size(); i++) {
            LabelSelectorRequirement requirement = expressions.get(i);
            String itemPath = at(path, "matchExpressions", i);
            problems.required(itemPath + ".key", requirement.getKey());
            String operator = requirement.getOperator();
            if (!SELECTOR_OPERATORS.contains(operator)) {
                problems.add(itemPath + ".operator", "must be In, NotIn, Exists or DoesNotExist, got \"" + operator + "\"");
                continue;
            }
            boolean hasValues = requirement.getValues() != null && !requirement.getValues().isEmpty();
            if ((operator.equals("In") || operator.equals("NotIn")) && !hasValues) {
                problems.add(itemPath + ".values", "needs at least one value for operator " + operator);
            }
            if ((operator.equals("Exists") || operator.equals("DoesNotExist")) && hasValues) {
                problems.add(itemPath + ".values", "must be empty for operator " + operator);
            }
        }
    }

    private static void multiline(Problems problems, String path, MultilineSpec multiline) {
        if (multiline == null) {
            return;
        }
        if ((multiline.getFirstLinePattern() == null) == (multiline.getPreset() == null)) {
            problems.add(path, "set exactly one of firstLinePattern or preset");
        } else if (multiline.getFirstLinePattern() != null) {
            problems.regex(at(path, "firstLinePattern"), multiline.getFirstLinePattern());
        }
        problems.atLeast(at(path, "maxLines"), multiline.getMaxLines(), 1);
        problems.duration(at(path, "flushAfter"), multiline.getFlushAfter(), Duration.ofMillis(1));
    }

    private static void parser(Problems problems, String path, ParserSpec parser) {
        if (parser == null || Stream.of(parser.getRegex(), parser.getJson(), parser.getSeverity())
                .filter(p -> p != null).count() != 1) {
            problems.add(path, "set exactly one of regex, json or severity");
            return;
        }
        if (parser.getRegex() != null) {
            String regexPath = at(path, "regex");
            problems.regex(at(regexPath, "pattern"), parser.getRegex().getPattern()).ifPresent(regex -> {
                if (regex.groupNames().isEmpty()) {
                    problems.add(at(regexPath, "pattern"), "has no named group; name what to keep, e.g. (?P<level>\\w+)");
                }
            });
            problems.fieldReference(at(regexPath, "parseFrom"), parser.getRegex().getParseFrom());
            timestamp(problems, at(regexPath, "timestamp"), parser.getRegex().getTimestamp());
        } else if (parser.getJson() != null) {
            problems.fieldReference(at(path, "json.parseFrom"), parser.getJson().getParseFrom());
        } else {
            severity(problems, at(path, "severity"), parser.getSeverity());
        }
    }

    private static void timestamp(Problems problems, String path, TimestampSpec timestamp) {
        if (timestamp == null) {
            return;
        }
        problems.fieldReference(at(path, "parseFrom"), timestamp.getParseFrom());
        if (!problems.required(at(path, "layout"), timestamp.getLayout())) {
            return;
        }
        try {
            TimeLayout.compile(timestamp.getLayoutType(), timestamp.getLayout());
        } catch (IllegalArgumentException e) {
            problems.add(at(path, "layout"), e.getMessage());
        }
    }

    private static void severity(Problems problems, String path, SeverityParserSpec severity) {
        problems.fieldReference(at(path, "parseFrom"), severity.getParseFrom());
        if (severity.getMapping() != null) {
            for (String name : severity.getMapping().keySet()) {
                if (!SEVERITY_NAMES.contains(name)) {
                    problems.add(at(path, "mapping") + "." + name, "is not a severity; use trace, debug, info, warn, error or fatal");
                }
            }
        }
    }

    private static void kubernetes(Problems problems, String path, KubernetesMetadataSpec kubernetes) {
        if (kubernetes == null) {
            return;
        }
        problems.duration(at(path, "waitForMetadataTimeout"), kubernetes.getWaitForMetadataTimeout(), Duration.ZERO);
        List<String> metadata = kubernetes.getMetadata();
        if (metadata != null) {
            for (int i = 0; i < metadata.size(); i++) {
                if (!KubernetesMetadataSpec.KNOWN_METADATA.contains(metadata.get(i))) {
                    problems.add(at(path, "metadata", i), "\"" + metadata.get(i) + "\" is not a known metadata key; known keys: "
                            + String.join(", ", KubernetesMetadataSpec.KNOWN_METADATA));
                }
            }
        }
        fieldExtracts(problems, at(path, "labels"), kubernetes.getLabels());
        fieldExtracts(problems, at(path, "annotations"), kubernetes.getAnnotations());
    }

    private static void fieldExtracts(Problems problems, String path, List<FieldExtractSpec> extracts) {
        if (extracts == null) {
            return;
        }
        for (int i = 0; i < extracts.size(); i++) {
            FieldExtractSpec extract = extracts.get(i);
            String itemPath = path + "[" + i + "]";
            if ((extract.getKey() == null) == (extract.getKeyRegex() == null)) {
                problems.add(itemPath, "set exactly one of key or keyRegex");
            } else if (extract.getKeyRegex() != null) {
                problems.regex(at(itemPath, "keyRegex"), extract.getKeyRegex());
            }
        }
    }

    private static void processors(Problems problems, String path, List<ProcessorSpec> processors) {
        if (processors == null) {
            return;
        }
        for (int i = 0; i < processors.size(); i++) {
            String itemPath = path + "[" + i + "]";
            ProcessorSpec processor = processors.get(i);
            if (processor == null || Stream.of(processor.getAttributes(), processor.getResource(), processor.getFilter())
                    .filter(p -> p != null).count() != 1) {
                problems.add(itemPath, "set exactly one of attributes, resource or filter");
                continue;
            }
            if (processor.getAttributes() != null) {
                actions(problems, at(itemPath, "attributes.actions"), processor.getAttributes().getActions());
            } else if (processor.getResource() != null) {
                actions(problems, at(itemPath, "resource.attributes"), processor.getResource().getAttributes());
            } else {
                dropRules(problems, at(itemPath, "filter.drop"), processor.getFilter().getDrop());
            }
        }
    }

    private static void actions(Problems problems, String path, List<AttributeAction> actions) {
        if (actions == null || actions.isEmpty()) {
            problems.add(path, "needs at least one action");
            return;
        }
        for (int i = 0; i < actions.size(); i++) {
            action(problems, path + "[" + i + "]", actions.get(i));
        }
    }

    private static void action(Problems problems, String path, AttributeAction action) {
        if (!problems.required(at(path, "action"), action.getAction())) {
            return;
        }
        boolean hasValue = action.getValue() != null;
        boolean hasFrom = action.getFromAttribute() != null;
        switch (action.getAction()) {
            case INSERT, UPDATE, UPSERT -> {
                problems.required(at(path, "key"), action.getKey());
                if (hasValue == hasFrom) {
                    problems.add(path, "set exactly one of value or fromAttribute for " + name(action));
                }
            }
            case DELETE, HASH -> {
                problems.required(at(path, "key"), action.getKey());
                if (hasValue || hasFrom) {
                    problems.add(path, name(action) + " takes neither value nor fromAttribute");
                }
            }
            case CONVERT -> {
                problems.required(at(path, "key"), action.getKey());
                problems.required(at(path, "convertedType"), action.getConvertedType());
            }
            case EXTRACT -> {
                problems.required(at(path, "fromAttribute"), action.getFromAttribute());
                problems.regex(at(path, "pattern"), action.getPattern()).ifPresent(regex -> extractGroups(problems, path, action, regex));
            }
            default -> throw new IllegalStateException("unhandled action " + action.getAction());
        }
    }

    private static void extractGroups(Problems problems, String path, AttributeAction action, GoRegex regex) {
        if (action.getKey() != null) {
            if (regex.unnamedGroupCount() != 1 || !regex.groupNames().isEmpty()) {
                problems.add(at(path, "pattern"), "with key set, the pattern needs exactly one unnamed group, e.g. '.*\\[(ERROR|WARN)\\].*'");
            }
        } else if (regex.groupNames().isEmpty()) {
            problems.add(at(path, "pattern"), "has no named group; name the groups, e.g. (?P<level>\\w+), or set key for one unnamed group");
        }
    }

    private static String name(AttributeAction action) {
        return action.getAction().name().toLowerCase();
    }

    private static void dropRules(Problems problems, String path, List<DropRule> rules) {
        if (rules == null || rules.isEmpty()) {
            problems.add(path, "needs at least one rule");
            return;
        }
        for (int i = 0; i < rules.size(); i++) {
            String itemPath = path + "[" + i + "]";
            DropRule rule = rules.get(i);
            boolean hasNamespaces = rule.getNamespaces() != null && !rule.getNamespaces().isEmpty();
            if (rule.getSeverityBelow() == null && rule.getBodyMatches() == null && rule.getAttribute() == null && !hasNamespaces) {
                problems.add(itemPath, "needs at least one of severityBelow, bodyMatches, attribute or namespaces");
            }
            if (rule.getBodyMatches() != null) {
                problems.regex(at(itemPath, "bodyMatches"), rule.getBodyMatches());
            }
            AttributeMatch match = rule.getAttribute();
            if (match != null) {
                problems.required(at(itemPath, "attribute.key"), match.getKey());
                if ((match.getEquals() == null) == (match.getMatches() == null)) {
                    problems.add(at(itemPath, "attribute"), "set exactly one of equals or matches");
                } else if (match.getMatches() != null) {
                    problems.regex(at(itemPath, "attribute.matches"), match.getMatches());
                }
            }
        }
    }

    private static void batch(Problems problems, String path, BatchSpec batch) {
        if (batch == null) {
            return;
        }
        problems.atLeast(at(path, "sendBatchSize"), batch.getSendBatchSize(), 1);
        problems.atLeast(at(path, "sendBatchMaxSize"), batch.getSendBatchMaxSize(), 0);
        if (batch.getSendBatchMaxSize() != null && batch.getSendBatchSize() != null && batch.getSendBatchMaxSize() != 0
                && batch.getSendBatchMaxSize() < batch.getSendBatchSize()) {
            problems.add(at(path, "sendBatchMaxSize"), "must be 0 (no limit) or at least sendBatchSize ("
                    + batch.getSendBatchSize() + "), got " + batch.getSendBatchMaxSize());
        }
        problems.duration(at(path, "timeout"), batch.getTimeout(), Duration.ofMillis(1));
        problems.atLeast(at(path, "metadataCardinalityLimit"), batch.getMetadataCardinalityLimit(), 1);
        List<String> keys = batch.getMetadataKeys();
        if (keys != null && new HashSet<>(keys).size() != keys.size()) {
            problems.add(at(path, "metadataKeys"), "lists a key twice; list each key once");
        }
    }
}
