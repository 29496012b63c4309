package io.logpipeline.collector.input.tail;

import io.logpipeline.collector.input.FileInputSettings;
import io.logpipeline.collector.input.FileInputStats;
import io.logpipeline.collector.input.RecordSink;
import io.logpipeline.collector.input.checkpoint.Fingerprint;
import io.logpipeline.collector.input.format.CriLineParser;
import io.logpipeline.collector.input.format.DockerJsonLineParser;
import io.logpipeline.collector.input.format.ParsedLine;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.regex.Matcher;

/**
 * What every tailer of one input shares: settings, sink, clock, counters, and the scratch state of
 * the single input thread — one read buffer, one parsed-line holder, one docker parser, one
 * multiline matcher — so a thousand open files do not cost a thousand buffers.
 */
public final class TailContext {

    final FileInputSettings settings;
    final RecordSink sink;
    final Clock clock;
    final FileInputStats stats;
    final ParsedLine line = new ParsedLine();
    final ByteBuffer fingerprintScratch = ByteBuffer.allocate(Fingerprint.SIZE);
    final CriLineParser criParser = new CriLineParser();
    final DockerJsonLineParser dockerParser = new DockerJsonLineParser();
    final Matcher firstLineMatcher;
    final boolean[] streamAdmitted = new boolean[3];
    final long maxLineBuffer;
    final long partialFlushAfterMillis;
    final long multilineFlushAfterMillis;
    private byte[] buffer;
    private ByteBuffer byteBuffer;
    long observedNanos;
    long nowMillis;

    public TailContext(FileInputSettings settings, RecordSink sink, Clock clock, FileInputStats stats) {
        this.settings = settings;
        this.sink = sink;
        this.clock = clock;
        this.stats = stats;
        this.firstLineMatcher = settings.multiline() == null ? null
                : settings.multiline().firstLinePattern().matcher("");
        streamAdmitted[0] = true;
        for (FileInputSettings.Stream stream : settings.streams()) {
            streamAdmitted[stream.ordinal() + 1] = true;
        }
        // Room for a record of maxLogSize plus its prefix and escapes; longer lines are cut.
        this.maxLineBuffer = Math.max(settings.readBufferSize(), Math.min(settings.maxLogSize() + 64 * 1024, 1L << 30));
        this.partialFlushAfterMillis = settings.partialFlushAfter().toMillis();
        this.multilineFlushAfterMillis = settings.multiline() == null ? 0 : settings.multiline().flushAfter().toMillis();
        this.buffer = new byte[settings.readBufferSize()];
        this.byteBuffer = ByteBuffer.wrap(buffer);
    }

    /** Reads the clock once for a whole read turn (observed time and flush deadlines). */
    void tick() {
        Instant now = clock.instant();
        observedNanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        nowMillis = now.toEpochMilli();
    }

    byte[] buffer() {
        return buffer;
    }

    ByteBuffer byteBuffer() {
        return byteBuffer;
    }

    /** Doubles the shared buffer (keeping its content); false when it is at its limit already. */
    boolean growBuffer() {
        if (buffer.length >= maxLineBuffer) {
            return false;
        }
        buffer = Arrays.copyOf(buffer, (int) Math.min(maxLineBuffer, buffer.length * 2L));
        byteBuffer = ByteBuffer.wrap(buffer);
        return true;
    }
}
