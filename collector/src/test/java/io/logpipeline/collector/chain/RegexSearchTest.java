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
