package io.logpipeline.api.regex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;

class GoRegexTest {

    @Test
    void acceptsGoNamedGroupsWithUnderscoresAndMapsThemBack() {
        // given
        GoRegex regex = GoRegex.compile("^(?P<time_stamp>\\S+)\\s+(?<level>\\w+)\\s+(?P<message>.*)$");

        // when
        Matcher matcher = regex.pattern().matcher("2026-11-24T12:00:00Z INFO started [x]");

        // then
        assertThat(matcher.matches()).isTrue();
        assertThat(regex.userGroupNames()).containsExactly("time_stamp", "level", "message");
        regex.groupNames().forEach((javaName, userName) -> {
            if (userName.equals("level")) {
                assertThat(matcher.group(javaName)).isEqualTo("INFO");
            }
        });
    }

    @Test
    void countsUnnamedGroupsButNotNonCapturingOnesOrParensInClasses() {
        GoRegex regex = GoRegex.compile(".*\\[(DEBUG|INFO)\\](?:x)?[()]*(?=y)?");
        assertThat(regex.unnamedGroupCount()).isEqualTo(1);
        assertThat(regex.groupNames()).isEmpty();
    }

    @Test
    void keepsLookbehindsAsLookbehinds() {
        assertThat(GoRegex.compile("(?<=a)b").groupNames()).isEmpty();
        assertThat(GoRegex.compile("(?<=a)b").pattern().matcher("ab").find()).isTrue();
    }

    @Test
    void explainsWhyAPatternDoesNotCompile() {
        assertThatThrownBy(() -> GoRegex.compile("(?P<level>\\w+")).hasMessageContaining("Unclosed group");
        assertThatThrownBy(() -> GoRegex.compile("(?P<a>x)(?P<a>y)")).hasMessageContaining("used twice");
        assertThatThrownBy(() -> GoRegex.compile("(?P<1a>x)")).hasMessageContaining("must start with a letter");
    }
}
