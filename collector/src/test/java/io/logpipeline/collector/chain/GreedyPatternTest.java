package io.logpipeline.collector.chain;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipeline.api.regex.GoRegex;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GreedyPatternTest {

    /** Characters the generated texts are made of: each class's members and neighbours, Latin-1, beyond, surrogates. */
    private static final String ALPHABET = "0123456789-T:.Zz aA_\t\u000B\f\r\n#[]\\é\u00a0\u4e2d\ud83d\ude00\ud800x";
    private static final List<String> FIXED = List.of("", "2024-03-05T10:11:12.123456789Z INFO started [INFO] cart=3",
            "2024-03-05T10:11:12Z\t\u000BWARN\f x", "2024-03-05T10:11:12Z INFO", "2024-03-05T10:11:12Z INFO ", "2024-03-05T😀 INFO x",
            "2024-03-05T\ud800 INFO x", "2024-03-05 INFO x", "12-34 ab", "a.b-c", "ab]c", "abc", "abab", "x");

    @ParameterizedTest
    @ValueSource(strings = {
        "^(?P<timestamp>\\d{4}-\\d{2}-\\d{2}T\\S+)\\s+(?P<level>[A-Za-z]+)\\s+",
        "^(?P<timestamp>\\S+)\\s+(?P<level>\\w+)\\s+", "^(\\d+)-(?<b>\\d*)\\s?", "^[^\\s\\d]*\\d{2,3}[:.]", "^(?P<a>[a-c]{0,2})[\\]x]",
        "^\\w+\\.\\W", "^[\\-.a]+\\d", "^(?P<x>a)(?P<y>b?)", "^T*(?P<t>\\d{1,})", "^(ab)", "^é+\\s", "^[^a-z]*[a-z]"})
    void matchesExactlyWhatMatcherFindMatches(String source) {
        // given
        GreedyPattern greedy = GreedyPattern.compile(source);
        GoRegex reference = GoRegex.compile(source);
        assertThat(greedy).as(source).isNotNull();
        List<String> texts = new ArrayList<>(FIXED);
        Random random = new Random(source.hashCode());
        for (int i = 0; i < 20_000; i++) {
            StringBuilder text = new StringBuilder();
            for (int length = random.nextInt(12); length > 0; length--) {
                text.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            texts.add(text.toString());
            // and near-matches: a matching line with a few characters replaced from the alphabet
            StringBuilder mutated = new StringBuilder(FIXED.get(1 + random.nextInt(4)));
            for (int edits = 1 + random.nextInt(3); edits > 0; edits--) {
                mutated.setCharAt(random.nextInt(mutated.length()), ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            texts.add(mutated.toString());
        }
        int decided = 0;
        int matched = 0;
        for (String text : texts) {
            // when
            int[] spans = greedy.match(text);
            if (spans == GreedyPattern.UNDECIDED) {
                // then the caller takes the general path, which it may only need for surrogates
                assertThat(text.chars().anyMatch(c -> Character.isSurrogate((char) c))).as("%s on %s", source, text).isTrue();
                continue;
            }
            decided++;
            Matcher theirs = reference.pattern().matcher(text);
            boolean found = theirs.find();
            // then
            assertThat(spans != null).as("%s on %s", source, text).isEqualTo(found);
            if (found) {
                matched++;
                assertThat(spans[1]).as("%s on %s", source, text).isEqualTo(theirs.end());
                for (Map.Entry<String, Integer> group : greedy.groupNumbers().entrySet()) {
                    String javaName = reference.groupNames().entrySet().stream()
                            .filter(e -> e.getValue().equals(group.getKey())).findFirst().orElseThrow().getKey();
                    assertThat(GreedyPattern.group(text, spans, group.getValue())).as("%s on %s", source, text)
                            .isEqualTo(theirs.group(javaName));
                }
                for (int g = 1; g <= theirs.groupCount(); g++) {
                    assertThat(GreedyPattern.group(text, spans, g)).isEqualTo(theirs.group(g));
                }
            }
        }
        assertThat(decided).isGreaterThan(texts.size() / 2);
        assertThat(matched).as("texts the pattern matches").isGreaterThan(source.startsWith("^(?P<timestamp>") ? 1000 : 0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\\d+", "^\\S+\\s*\\S+", "^\\d+\\d", "^a*a", "^\\w+\\d", "^(a(b))", "^(a)+", "^(?:a)", "^(?i)a", "^a+?",
        "^a++", "^a|b", "^.+", "^a$", "^\\bx", "^\\p{L}", "^[]a]", "^[\\d-z]", "^[a-z&&[aeiou]]", "^[[:alpha:]]", "^\\1", "^\\tx",
        "^a{,3}", "^a{3,2}", "^()", "^(?P<n>)", "^a(", "^[a", "^x?x", "^(?P<x>a)(?P<y>b)?", "^T*\\D"})
    void patternsThatCouldBacktrackOrMeanSomethingElseAreNotCompiled(String source) {
        // given patterns that are unanchored, could give characters back, or use constructs outside the subset; when; then
        assertThat(GreedyPattern.compile(source)).as(source).isNull();
    }
}
