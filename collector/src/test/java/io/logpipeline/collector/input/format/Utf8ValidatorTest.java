package io.logpipeline.collector.input.format;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class Utf8ValidatorTest {

    private static boolean valid(byte... bytes) {
        return Utf8Validator.isValid(bytes, 0, bytes.length);
    }

    @Test
    void acceptsWellFormedText() {
        // given
        byte[] text = "ascii é € \uD83D\uDE00".getBytes(StandardCharsets.UTF_8);

        // when / then
        assertThat(Utf8Validator.isValid(text, 0, text.length)).isTrue();
    }

    @Test
    void rejectsMalformedSequences() {
        // overlong, lone continuation, truncated, surrogate, beyond U+10FFFF
        assertThat(valid((byte) 0xC0, (byte) 0x80)).isFalse();
        assertThat(valid((byte) 0x80)).isFalse();
        assertThat(valid((byte) 0xE2, (byte) 0x82)).isFalse();
        assertThat(valid((byte) 0xED, (byte) 0xA0, (byte) 0x80)).isFalse();
        assertThat(valid((byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80)).isFalse();
    }

    @Test
    void cutsBeforeAMultiByteCharacter() {
        // given "aé" = 61 C3 A9
        byte[] text = "a\u00e9b".getBytes(StandardCharsets.UTF_8);

        // when / then: cutting after 2 bytes would split é, so the cut moves back to 1
        assertThat(Utf8Validator.characterBoundary(text, 0, 2)).isEqualTo(1);
        assertThat(Utf8Validator.characterBoundary(text, 0, 3)).isEqualTo(3);
    }
}
