package io.logpipeline.collector.chain;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipeline.api.regex.GoRegex;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RegexSearchTest {

    private static final List<String> TEXTS = List.of(
            "", "[INFO]", "2024-03-05 [WARN] disk [ERROR] full", "no brackets at all", "[DEBUG", "x[INFO]y[WARN]z",
            "line one [INFO]\nline two [ERROR]", "[[INFO]]", "a=1 b=2 a=3", "ab", "[INFO] first [info] second",
            "[INFO]...", "[INFO].", "x [WARN] y... [INFO] z", "a=1.*");

    @ParameterizedTest
    @ValueSource(strings = {
        ".*\\[(DEBUG|INFO|WARN|ERROR|FATAL)\\].*", ".*\\[(?P<level>[A-Z]+)\\]", ".*a=(\\d)", ".*a?=(\\d)", ".*?\\[(\\w+)\\]",
        ".*x|\\[(\\w+)\\]", "\\[(\\w+)\\]", ".*(?i)\\[(info)\\]", ".*\\[(INFO)\\]$", ".*b",
        ".*\\[(\\w+)\\]\\.*", ".*\\[(\\w+)\\]\\\\.*", ".*\\[(\\w+)\\] (.*)", ".*a=(\\d).*", ".*\\[(\\w+)\\]\\..*"})
    void findsExactlyWhatMatcherFindFinds(String source) {
        // given
        RegexSearch search = RegexSearch.compile(source);
        GoRegex reference = GoRegex.compile(source);
        for (String text : TEXTS) {
            // when
            Matcher ours = search.search(text);
            Matcher theirs = reference.pattern().matcher(text);
            // then
            boolean found = theirs.find();
            assertThat(ours != null).as("%s on %s", source, text).isEqualTo(found);
            if (found) {
                assertThat(groups(ours)).as("%s on %s", source, text).isEqualTo(groups(theirs));
            }
        }
    }

    private static final List<String> LINES = List.of(
            "2024-03-05T10:11:12.123456789Z INFO started [INFO] cart=3", "2024-03-05T10:11:12Z WARN ", "2024-03-05T10:11:12Z WARN",
            "2024-03-05T10:11:12Z   ERROR   spaced  out  ", "2024-03-05T10:11:12Z INFO größe 😀 ünïcode", "x 2024-03-05T10:11:12Z INFO late start",
            "2024-03-05T10:11:12Z INFO two\nlines", "2024-03-05T10:11:12Z INFO carriage\r", "2024-03-05T10:11:12Z INFO next\u0085line",
            "2024-03-05T10:11:12Z INFO sep\u2028arator", "no match here", "", "a=1 b=2 c", "(.*) [x] $");

    @ParameterizedTest
    @ValueSource(strings = {
        "^(?P<timestamp>\\d{4}-\\d{2}-\\d{2}T\\S+)\\s+(?P<level>[A-Za-z]+)\\s+(?P<message>.*)$",
        "^(?P<timestamp>\\S+)\\s+(?P<level>\\w+)\\s+(?P<message>.*)", "(?P<level>[A-Z]+)\\s*(?<rest>.*)$", "\\s(.*)$",
        "^(?P<t>\\S+)\\s+(?P<l>\\w+)?\\s*(?P<m>.*)$", ".*\\[(?P<lvl>\\w+)\\](?P<after>.*)", "(?i)info (?P<m>.*)", "^(?P<a>.*?)(?P<b>.*)$",
        "(?:x|2024)-(?P<m>.*)$", "\\((?P<m>.*)$", "\\$(?P<m>.*)"})
    void aTrailingRestGroupGivesExactlyWhatMatcherFindGives(String source) {
        // given
        RegexSearch.TrailingRest split = RegexSearch.trailingRest(source);
        GoRegex reference = GoRegex.compile(source);
        assertThat(split).as(source).isNotNull();
        for (String line : LINES) {
            Matcher theirs = reference.pattern().matcher(line);
            boolean found = theirs.find();
            if (RegexSearch.hasLineTerminator(line)) {
                // then a caller takes the general path for these; the fast one would be wrong across a terminator
                assertThat(line).containsAnyOf("\n", "\r", "\u0085", "\u2028");
                continue;
            }
            // when
            Matcher ours = split.prefix().search(line);
            // then
            assertThat(ours != null).as("%s on %s", source, line).isEqualTo(found);
            if (found) {
                List<String> expected = groups(theirs);
                List<String> actual = groups(ours);
                actual.add(split.rest(line, ours));
                assertThat(actual).as("%s on %s", source, line).isEqualTo(expected);
                String restName = split.groupName() == null ? null
                        : reference.groupNames().entrySet().stream().filter(e -> e.getValue().equals(split.groupName())).findFirst().orElseThrow().getKey();
                if (restName != null) {
                    assertThat(split.rest(line, ours)).isEqualTo(theirs.group(restName));
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"(?P<m>.*)$", "a|(?P<m>.*)$", "a\\(?P<m>.*)$", "(?P<m>.*?)$", "(?P<m>.*)+$", "(?P<m>.+)$", "(x(?P<m>.*))$",
        "a(?P<m>.*)\\$", "a(?P<m>.*)x", "[(](?P<m>.*)$]"})
    void patternsWithoutATopLevelTrailingRestAreNotSplit(String source) {
        // given patterns whose final .* group is alone, behind an alternation, escaped, lazy, repeated, nested or not last; when; then
        assertThat(RegexSearch.trailingRest(source)).as(source).isNull();
    }

    @Test
    void onlyAnUnescapedFinalDotStarIsLeftOut() {
        // given patterns ending in .*, an escaped dot, an escaped backslash, and .* inside a group; when trimmed; then
        assertThat(RegexSearch.withoutTrailingDotStar("\\[(INFO)\\].*")).isEqualTo("\\[(INFO)\\]");
        assertThat(RegexSearch.withoutTrailingDotStar("\\[(INFO)\\]\\.*")).isEqualTo("\\[(INFO)\\]\\.*");
        assertThat(RegexSearch.withoutTrailingDotStar("\\[(INFO)\\]\\\\.*")).isEqualTo("\\[(INFO)\\]\\\\");
        assertThat(RegexSearch.withoutTrailingDotStar("\\[(.*)")).isEqualTo("\\[(.*)");
    }

    private static List<String> groups(Matcher matcher) {
        List<String> groups = new ArrayList<>();
        for (int i = 1; i <= matcher.groupCount(); i++) {
            groups.add(matcher.group(i));
        }
        return groups;
    }
}
