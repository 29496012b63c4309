package io.logpipeline.collector.parse;

import io.logpipeline.api.v1alpha1.SeverityParserSpec;
import io.logpipeline.collector.chain.FieldReference;
import io.logpipeline.collector.chain.RecordStage;
import io.logpipeline.collector.record.LogRecord;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The severity parser: maps a level to an OpenTelemetry severity number (TRACE=1, DEBUG=5, INFO=9,
 * WARN=13, ERROR=17, FATAL=21; {@code info2} and the like add 1-3) and keeps the original text as the
 * severity text. Common spellings are built in, custom mappings win over them, matching ignores case,
 * and a whole number 1-24 is taken as a severity number. An unknown level is a failure handled by
 * {@code onError}.
 */
public final class SeverityParser implements RecordStage {

    private static final String[] RANGES = {"trace", "debug", "info", "warn", "error", "fatal"};
    private static final Map<String, String[]> BUILT_IN = Map.of(
            "trace", new String[] {"trace", "trc", "finest", "finer"},
            "debug", new String[] {"debug", "dbg", "fine", "config"},
            "info", new String[] {"info", "inf", "information", "informational", "notice"},
            "warn", new String[] {"warn", "wrn", "warning"},
            "error", new String[] {"error", "err", "eror", "severe"},
            "fatal", new String[] {"fatal", "ftl", "critical", "crit", "emerg", "emergency", "alert", "panic"});

    private final FieldReference parseFrom;
    /** Lower-cased level → number; looked up as written first, so the usual spellings need no lower-casing. */
    private final Map<String, Integer> numbers = new HashMap<>();
    private final OnErrorPolicy onError;
    private final ParserStats stats = new ParserStats();

    private SeverityParser(SeverityParserSpec spec) {
        this.parseFrom = FieldReference.parse(spec.getParseFrom());
        for (int range = 0; range < RANGES.length; range++) {
            int lowest = range * 4 + 1;
            for (String spelling : BUILT_IN.get(RANGES[range])) {
                map(spelling, lowest);
            }
            for (int step = 2; step <= 4; step++) {
                map(RANGES[range] + step, lowest + step - 1);
            }
        }
        if (spec.getMapping() != null) {
            for (Map.Entry<String, List<String>> custom : spec.getMapping().entrySet()) {
                int lowest = List.of(RANGES).indexOf(custom.getKey().toLowerCase(Locale.ROOT)) * 4 + 1;
                for (String value : custom.getValue()) {
                    map(value, lowest);
                }
            }
        }
        this.onError = new OnErrorPolicy(spec.getOnError(), stats);
    }

    private void map(String spelling, int number) {
        String lower = spelling.toLowerCase(Locale.ROOT);
        numbers.put(lower, number);
        numbers.put(spelling.toUpperCase(Locale.ROOT), number);
        numbers.put(Character.toUpperCase(lower.charAt(0)) + lower.substring(1), number);
        numbers.put(spelling, number);
    }

    public static SeverityParser compile(SeverityParserSpec spec) {
        return new SeverityParser(spec);
    }

    public ParserStats stats() {
        return stats;
    }

    @Override
    public boolean apply(LogRecord record) {
        Object value = parseFrom.read(record);
        if (value == null) {
            return onError.failed();
        }
        String text = value instanceof String s ? s : String.valueOf(value);
        Integer number = numbers.get(text);
        if (number == null) {
            number = numbers.get(text.trim().toLowerCase(Locale.ROOT));
        }
        if (number == null) {
            number = severityNumber(value);
        }
        if (number == null) {
            return onError.failed();
        }
        record.severityNumber(number);
        record.severityText(text);
        return true;
    }

    private static Integer severityNumber(Object value) {
        long number;
        if (value instanceof Long l) {
            number = l;
        } else if (value instanceof String s && !s.isEmpty() && s.length() <= 2 && s.chars().allMatch(Character::isDigit)) {
            number = Long.parseLong(s);
        } else {
            return null;
        }
        return number >= 1 && number <= 24 ? (int) number : null;
    }
}
