package io.logpipeline.collector.benchmark;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/** The benchmarks' application lines: kubelet CRI lines of exactly 186 bytes that the seed regex parser parses. */
final class CriLines {

    static final int LINE_BYTES = 186;
    private static final String[] WORDS = {"order", "cart", "payment", "ok", "retry", "id=7f3a", "user=bob", "sku=A-100",
            "region=eu-west-1", "latency=12ms", "cache=miss", "cache=hit", "status=200", "bytes=5123", "trace=9b1c4e", "span=33d0",
            "GET", "POST", "/api/v2/items", "db=primary", "pool=4/32", "gc=young", "tenant=acme", "shard=12", "ttl=300",
            "queue=orders", "attempt=1", "tls=1.3", "ip=10.4.7.21", "ua=curl/8.5", "ref=checkout", "lang=de"};

    private CriLines() {
    }

    /**
     * Appends {@code count} lines numbered from {@code first}, with the write time in both the CRI prefix and the
     * body when {@code now} (the sinks measure latency from the body's, which the seed parser makes the record's
     * timestamp); returns the bytes written.
     */
    static long append(Path file, int fileIndex, long first, long count, boolean now) throws IOException {
        StringBuilder chunk = new StringBuilder((int) Math.min(count, 1 << 16) * LINE_BYTES);
        long written = 0;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            for (long n = first; n < first + count; n++) {
                String time = now ? Instant.now().toString() : "2024-03-05T10:11:12.123456789Z";
                int start = chunk.length();
                chunk.append(time).append(" stdout F ").append(time).append(" INFO [INFO] GET /api/cart/")
                        .append(n % 1000).append(" 200 3.1ms user=alice file=").append(fileIndex).append(" seq=").append(n).append(" ");
                // varied filler, so gzip sees text about as compressible as real log lines, not a run of one byte
                long filler = n * 0x9E3779B97F4A7C15L + fileIndex;
                while (chunk.length() - start < LINE_BYTES - 1) {
                    filler = filler * 6364136223846793005L + 1442695040888963407L;
                    chunk.append(WORDS[(int) (filler >>> 59)]).append(' ');
                }
                chunk.setLength(start + LINE_BYTES - 1);
                chunk.append('\n');
                if (chunk.length() >= (1 << 16) * LINE_BYTES / 2) {
                    written += channel.write(ByteBuffer.wrap(chunk.toString().getBytes(StandardCharsets.US_ASCII)));
                    chunk.setLength(0);
                }
            }
            written += channel.write(ByteBuffer.wrap(chunk.toString().getBytes(StandardCharsets.US_ASCII)));
        }
        return written;
    }
}
