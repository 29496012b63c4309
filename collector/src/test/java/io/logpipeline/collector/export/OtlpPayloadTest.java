package io.logpipeline.collector.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipeline.api.v1alpha1.OtlpSpec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OtlpPayloadTest {

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 186, 70_000, 400_000})
    void gzipBodiesAreTheBytesGzipOutputStreamWritesAtLevelOne(int size) throws IOException {
        // given text-like bytes and, past 64 KiB, incompressible ones (the output outgrows its first buffer)
        byte[] body = new byte[size];
        Random random = new Random(size);
        for (int i = 0; i < size; i++) {
            body[i] = i < 65_536 ? (byte) "log line level=INFO ünï ".getBytes(StandardCharsets.UTF_8)[random.nextInt(20)] : (byte) random.nextInt();
        }

        // when encoded twice on this thread (the deflater is reused)
        OtlpPayload.of(new byte[] {1, 2, 3}, OtlpSpec.Encoding.PROTOBUF, OtlpSpec.Compression.GZIP);
        OtlpPayload payload = OtlpPayload.of(body, OtlpSpec.Encoding.PROTOBUF, OtlpSpec.Compression.GZIP);

        // then
        assertThat(payload.contentEncoding()).isEqualTo("gzip");
        assertThat(payload.body()).isEqualTo(gzipOutputStreamLevelOne(body));
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(payload.body()))) {
            assertThat(in.readAllBytes()).isEqualTo(body);
        }
    }

    private static byte[] gzipOutputStreamLevelOne(byte[] body) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes) {
            {
                def.setLevel(Deflater.BEST_SPEED);
            }
        }) {
            out.write(body);
        }
        return bytes.toByteArray();
    }
}
