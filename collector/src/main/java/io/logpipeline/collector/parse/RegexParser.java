package io.logpipeline.collector.parse;

import io.logpipeline.api.timelayout.TimeLayout;
import io.logpipeline.api.v1alpha1.RegexParserSpec;
import io.logpipeline.api.v1alpha1.TimestampSpec;
import io.logpipeline.collector.chain.FieldReference;
import io.logpipeline.collector.chain.GreedyPattern;
import io.logpipeline.collector.chain.RecordStage;
import io.logpipeline.collector.chain.RegexSearch;
import io.logpipeline.collector.record.LogRecord;
import java.time.DateTimeException;
import java.util.Map;
import java.util.regex.Matcher;

/**
 * The regex parser: each named group that takes part in the match becomes an attribute named as the
 * user wrote it; then the optional timestamp sub-parser sets the record's time from a parsed field.
 * A source that is missing or not a string, a pattern that does not match and a time that does not fit
 * the layout are all failures handled by {@code onError}.
 */
public final class RegexParser implements RecordStage {

    private final FieldReference parseFrom;
    private final RegexSearch pattern;
    private final String[] javaGroups;
    private final String[] userGroups;
    /** The pattern without a final {@code (?P<x>.*)$}, for texts without line terminators; null when it has none. */
    private final RegexSearch.TrailingRest trailingRest;
    private final String[] prefixJavaGroups;
    private final String[] prefixUserGroups;
    /** That prefix matched in one pass when it is simple enough, else null. */
    private final GreedyPattern greedyPrefix;
    private final String[] greedyNames;
    private final int[] greedyNumbers;
    private final FieldReference timestampFrom;
    private final TimeLayout timestampLayout;
    private final OnErrorPolicy onError;
    private final ParserStats stats = new ParserStats();

    private RegexParser(RegexParserSpec spec) {
        this.pattern = RegexSearch.compile(spec.getPattern());
        this.javaGroups = pattern.groupNames().keySet().toArray(String[]::new);
        this.userGroups = pattern.groupNames().values().toArray(String[]::new);
        this.trailingRest = RegexSearch.trailingRest(spec.getPattern());
        this.prefixJavaGroups = trailingRest == null ? null : trailingRest.prefix().groupNames().keySet().toArray(String[]::new);
        this.prefixUserGroups = trailingRest == null ? null : trailingRest.prefix().groupNames().values().toArray(String[]::new);
        this.greedyPrefix = trailingRest == null ? null : GreedyPattern.compile(trailingRest.prefixSource());
        this.greedyNames = greedyPrefix == null ? null : greedyPrefix.groupNumbers().keySet().toArray(String[]::new);
        this.greedyNumbers = greedyPrefix == null ? null : greedyPrefix.groupNumbers().values().stream().mapToInt(Integer::intValue).toArray();
        this.parseFrom = FieldReference.parse(spec.getParseFrom());
        TimestampSpec timestamp = spec.getTimestamp();
        this.timestampFrom = timestamp == null ? null : FieldReference.parse(timestamp.getParseFrom());
        this.timestampLayout = timestamp == null ? null : TimeLayout.compile(timestamp.getLayoutType(), timestamp.getLayout());
        this.onError = new OnErrorPolicy(spec.getOnError(), stats);
    }

    public static RegexParser compile(RegexParserSpec spec) {
        return new RegexParser(spec);
    }

    public ParserStats stats() {
        return stats;
    }

    @Override
    public boolean apply(LogRecord record) {
        if (!(parseFrom.read(record) instanceof String text)) {
            return onError.failed();
        }
        if (trailingRest != null && !RegexSearch.hasLineTerminator(text)) {
            int[] spans = greedyPrefix == null ? GreedyPattern.UNDECIDED : greedyPrefix.match(text);
            if (spans == null) {
                return onError.failed();
            }
            if (spans != GreedyPattern.UNDECIDED) {
                Map<String, Object> attributes = record.attributes();
                for (int i = 0; i < greedyNames.length; i++) {
                    attributes.put(greedyNames[i], GreedyPattern.group(text, spans, greedyNumbers[i]));
                }
                if (trailingRest.groupName() != null) {
                    attributes.put(trailingRest.groupName(), text.substring(spans[1]));
                }
                return parseTimestamp(record);
            }
            Matcher matcher = trailingRest.prefix().search(text);
            if (matcher == null) {
                return onError.failed();
            }
            putGroups(record.attributes(), matcher, prefixJavaGroups, prefixUserGroups);
            if (trailingRest.groupName() != null) {
                record.attributes().put(trailingRest.groupName(), trailingRest.rest(text, matcher));
            }
        } else {
            Matcher matcher = pattern.search(text);
            if (matcher == null) {
                return onError.failed();
            }
            putGroups(record.attributes(), matcher, javaGroups, userGroups);
        }
        return parseTimestamp(record);
    }

    private boolean parseTimestamp(LogRecord record) {
        if (timestampLayout != null) {
            if (!(timestampFrom.read(record) instanceof String time)) {
                return onError.failed();
            }
            try {
                record.timestampEpochNanos(timestampLayout.parseEpochNanos(time));
            } catch (DateTimeException e) {
                return onError.failed();
            }
        }
        return true;
    }

    /** Each named group that took part in the match, as an attribute named as the user wrote it, in pattern order. */
    private static void putGroups(Map<String, Object> attributes, Matcher matcher, String[] javaNames, String[] userNames) {
        for (int i = 0; i < javaNames.length; i++) {
            String value = matcher.group(javaNames[i]);
            if (value != null) {
                attributes.put(userNames[i], value);
            }
        }
    }
}
