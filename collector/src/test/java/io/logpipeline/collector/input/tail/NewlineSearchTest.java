package io.logpipeline.collector.input.tail;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class NewlineSearchTest {

    private static int naive(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    @Test
    void findsTheSameNewlineAsAByteLoopOnRandomBytes() {
        // given bytes of every value, newlines rare and frequent, at every alignment
        Random random = new Random(11);
        for (int round = 0; round < 20_000; round++) {
            byte[] b = new byte[random.nextInt(1, 80)];
            random.nextBytes(b);
            int newlines = random.nextInt(4);
            for (int i = 0; i < newlines; i++) {
                b[random.nextInt(b.length)] = '\n';
            }
            int from = random.nextInt(b.length);
            int to = from + random.nextInt(b.length - from + 1);

            // when / then
            assertThat(FileTailer.indexOfNewline(b, from, to)).isEqualTo(naive(b, from, to));
        }
    }
}
