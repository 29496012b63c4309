package io.logpipeline.collector.input.tail;

import io.logpipeline.collector.input.FileInputSettings;
import io.logpipeline.collector.input.FileInputSettings.Format;
import io.logpipeline.collector.input.checkpoint.Fingerprint;
import io.logpipeline.collector.input.format.ParsedLine;
import io.logpipeline.collector.input.format.Utf8Validator;
import io.logpipeline.collector.input.rotation.RotatedFiles;
import io.logpipeline.collector.record.ContainerResource;
import io.logpipeline.collector.record.LogRecord;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Objects;

/**
 * Reads one log file from an offset: frames lines, parses them (CRI, docker or raw), joins split
 * lines and multiline records, and hands records to the sink with an acknowledgement that feeds
 * the file's {@link AckWindow}.
 *
 * <p>Used by the input thread only. The tailer keeps its identity (fingerprint), its offset and
 * any record still being joined when its file handle is closed, so a file can wait for a free
 * slot and resume later; the handle, once open, keeps reading the same file after a rename or
 * delete.
 */
public final class FileTailer {

    /** What a read turn ended with. */
    public enum TurnResult {
        /** Everything written so far was read. */
        END_OF_FILE,
        /** The turn's byte budget is used up; more is waiting. */
        MORE,
        /** The sink refused a record; reading stopped. */
        BLOCKED,
        /** The file is now shorter than the offset: it was truncated. */
        TRUNCATED
    }

    private static final String[] STREAM_VALUES = {null, "stdout", "stderr"};
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final TailContext context;
    private final ContainerResource resource;
    private final Pending[] partials = new Pending[3];
    private final Multiline[] multilines = new Multiline[3];
    private final ArrayDeque<LogRecord> outbox = new ArrayDeque<>(2);
    private Path path;
    private String pathAttribute;
    private Object fileKey;
    private Fingerprint fingerprint;
    private FileChannel channel;
    private long offset;
    private long lastSeenSize;
    private AckWindow window;
    private Format format;
    private boolean skippingToNewline;
    private boolean identityInDoubt;
    // Records the sink took since the counter was last published (one LongAdder update per turn).
    private long handedOnThisTurn;

    public FileTailer(TailContext context, Path path, Object fileKey, Fingerprint fingerprint, long offset,
                      ContainerResource resource) {
        this.context = context;
        this.resource = resource;
        this.fileKey = fileKey;
        this.fingerprint = fingerprint;
        this.offset = offset;
        this.lastSeenSize = offset;
        this.window = new AckWindow(offset);
        this.format = context.settings.format() == Format.AUTO ? null : context.settings.format();
        moveTo(path, fileKey);
    }

    public Path path() {
        return path;
    }

    public Object fileKey() {
        return fileKey;
    }

    public Fingerprint fingerprint() {
        return fingerprint;
    }

    /** Offset of the next byte to read. */
    public long offset() {
        return offset;
    }

    /** The largest size this file was seen with. */
    public long lastSeenSize() {
        return lastSeenSize;
    }

    /** Offset up to which every record was acknowledged: what a checkpoint stores. */
    public long committedOffset() {
        return window.committedOffset();
    }

    /** True after the file at the path turned out not to be this one; discovery must look at its head again. */
    public boolean identityInDoubt() {
        return identityInDoubt;
    }

    public boolean isOpen() {
        return channel != null;
    }

    /** Whether records are still being joined or waiting for the sink. */
    public boolean hasPendingRecords() {
        if (!outbox.isEmpty()) {
            return true;
        }
        for (int i = 0; i < 3; i++) {
            if ((partials[i] != null && partials[i].active) || (multilines[i] != null && multilines[i].active)) {
                return true;
            }
        }
        return false;
    }

    /** Notes what discovery saw at the file's path: a possibly longer fingerprint and its size. */
    public void observed(Fingerprint seen, long size) {
        identityInDoubt = false;
        if (seen.length() > fingerprint.length()) {
            fingerprint = seen;
        }
        lastSeenSize = Math.max(lastSeenSize, size);
    }

    /** The file was found under another path (rename within the globs, or the copy of a copy-truncate). */
    public void moveTo(Path newPath, Object newFileKey) {
        if (channel != null && !Objects.equals(fileKey, newFileKey)) {
            // The open handle reads another file (the original of a copy-truncate): reopen by path.
            closeChannel();
        }
        this.path = newPath;
        this.fileKey = newFileKey;
        this.pathAttribute = context.settings.includeFilePath() ? newPath.toString() : null;
    }

    /**
     * Opens the file; false when the path no longer holds this file (it will be found, or found
     * gone, by the next discovery).
     */
    public boolean open() throws IOException {
        FileChannel opened = RotatedFiles.open(path);
        Fingerprint now = Fingerprint.read(opened);
        if (!now.sameFileAs(fingerprint)) {
            opened.close();
            identityInDoubt = true;
            return false;
        }
        fileKey = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
        channel = opened;
        context.stats.fileOpened();
        return true;
    }

    /** Reads on through a handle opened elsewhere: a new file held open since its creation was reported. */
    public void adopt(FileChannel opened) {
        closeChannel();
        channel = opened;
        context.stats.fileOpened();
    }

    /** The fingerprint of the file behind the open handle. */
    public Fingerprint readFingerprint() throws IOException {
        return Fingerprint.read(channel);
    }

    public void closeChannel() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // nothing was written through it; the descriptor is released either way
            }
            channel = null;
            context.stats.fileClosed();
        }
    }

    /** Offers waiting records to the sink; true when none is left waiting. */
    public boolean drainOutbox() {
        try {
            while (!outbox.isEmpty()) {
                if (!context.sink.offer(outbox.peekFirst())) {
                    return false;
                }
                outbox.pollFirst();
                handedOnThisTurn++;
            }
            return true;
        } finally {
            countHandedOn();
        }
    }

    private void countHandedOn() {
        if (handedOnThisTurn > 0) {
            context.stats.recordsHandedOn(handedOnThisTurn);
            handedOnThisTurn = 0;
        }
    }

    /**
     * Reads from the offset until the end of the file, the budget, or a refusal of the sink. A
     * line is consumed only once its records were taken (or queued because one line may complete
     * two records); an unfinished last line is left for the next turn.
     */
    public TurnResult readTurn(long budgetBytes) throws IOException {
        context.tick();
        if (!drainOutbox()) {
            return TurnResult.BLOCKED;
        }
        long size = channel.size();
        if (size < offset) {
            return TurnResult.TRUNCATED;
        }
        if (size > offset && !fingerprint.headOf(channel, context.fingerprintScratch)) {
            // Truncated and written again since the last look: these bytes belong to a new file.
            return TurnResult.TRUNCATED;
        }
        lastSeenSize = Math.max(lastSeenSize, size);
        long lines = 0;
        long consumed = 0;
        int filled = 0;
        try {
            while (true) {
                byte[] buffer = context.buffer();
                if (filled == buffer.length) {
                    if (context.growBuffer()) {
                        continue;
                    }
                    // A line longer than any record may be: keep its head (the record gets cut at
                    // maxLogSize) and drop the rest up to its newline.
                    lines++;
                    processLine(buffer, 0, filled, offset + filled);
                    skippingToNewline = true;
                    offset += filled;
                    consumed += filled;
                    filled = 0;
                    if (!outbox.isEmpty()) {
                        return TurnResult.BLOCKED;
                    }
                    continue;
                }
                ByteBuffer target = context.byteBuffer();
                target.limit(buffer.length).position(filled);
                int n = channel.read(target, offset + filled);
                if (n <= 0) {
                    flushExpired();
                    return outbox.isEmpty() ? TurnResult.END_OF_FILE : TurnResult.BLOCKED;
                }
                // The bytes kept from the last read hold no newline: scan only the new ones.
                int scanFrom = filled;
                filled += n;
                int lineStart = 0;
                for (int newline = indexOfNewline(buffer, scanFrom, filled); newline >= 0;
                     newline = indexOfNewline(buffer, lineStart, filled)) {
                    if (skippingToNewline) {
                        skippingToNewline = false;
                        window.skip(offset + newline + 1);
                    } else {
                        lines++;
                        processLine(buffer, lineStart, newline, offset + newline + 1);
                    }
                    lineStart = newline + 1;
                    if (!outbox.isEmpty()) {
                        offset += lineStart;
                        consumed += lineStart;
                        return TurnResult.BLOCKED;
                    }
                }
                if (skippingToNewline) {
                    lineStart = filled;
                }
                offset += lineStart;
                consumed += lineStart;
                System.arraycopy(buffer, lineStart, buffer, 0, filled - lineStart);
                filled -= lineStart;
                if (consumed >= budgetBytes) {
                    return TurnResult.MORE;
                }
            }
        } finally {
            context.stats.addRead(lines, consumed);
            countHandedOn();
        }
    }

    /**
     * For a file that will not be written again (rotated away, deleted): reads a last line that has
     * no newline, and hands on every record still being joined.
     */
    public void finish() throws IOException {
        if (channel != null) {
            context.tick();
            long size = channel.size();
            if (size > offset && size - offset <= context.maxLineBuffer) {
                byte[] tail = new byte[(int) (size - offset)];
                ByteBuffer target = ByteBuffer.wrap(tail);
                int read = 0;
                // a compressed rotated file may answer in pieces
                for (int n = 0; n >= 0 && target.hasRemaining(); read += Math.max(n, 0)) {
                    n = channel.read(target, offset + read);
                }
                if (read > 0 && !skippingToNewline) {
                    context.stats.addRead(1, read);
                    processLine(tail, 0, read, offset + read);
                    offset += read;
                }
            }
        }
        flushAll();
    }

    /** Hands on every record still being joined (partials first, then multiline records). */
    public void flushAll() {
        context.tick();
        try {
            flushAllJoined();
        } finally {
            countHandedOn();
        }
    }

    private void flushAllJoined() {
        for (int i = 0; i < 3; i++) {
            if (partials[i] != null && partials[i].active) {
                completePartial(i);
            }
        }
        for (int i = 0; i < 3; i++) {
            if (multilines[i] != null && multilines[i].active) {
                flushMultiline(i);
            }
        }
    }

    // Hands on joined records whose next part did not come within the flush timeouts.
    private void flushExpired() {
        long now = context.nowMillis;
        for (int i = 0; i < 3; i++) {
            Pending partial = partials[i];
            if (partial != null && partial.active && now - partial.lastLineMillis >= context.partialFlushAfterMillis) {
                completePartial(i);
            }
        }
        for (int i = 0; i < 3; i++) {
            Multiline multiline = multilines[i];
            if (multiline != null && multiline.active
                    && now - multiline.lastLineMillis >= context.multilineFlushAfterMillis) {
                flushMultiline(i);
            }
        }
    }

    /** Reads the clock and applies the flush timeouts, for a file that gets no read turn now. */
    public void flushExpiredNow() {
        context.tick();
        flushExpired();
        countHandedOn();
    }

    // The hot path: one line, b[start, end) without its newline, ending at file offset endOffset.
    private void processLine(byte[] b, int start, int end, long endOffset) {
        ParsedLine line = context.line;
        Format lineFormat = format;
        if (lineFormat == null) {
            lineFormat = detect(b, start, end);
            format = lineFormat;
        }
        boolean parsed = switch (lineFormat) {
            case CRI -> context.criParser.parse(b, start, end, line);
            case DOCKER -> context.dockerParser.parse(b, start, end, line);
            default -> {
                line.setRaw(b, start, end);
                yield true;
            }
        };
        if (!parsed) {
            context.stats.parseError();
            line.setRaw(b, start, end);
        }
        int stream = line.stream == null ? 0 : line.stream.ordinal() + 1;
        if (!context.streamAdmitted[stream]) {
            window.skip(endOffset);
            return;
        }
        Pending partial = partials[stream];
        if (!line.partial && (partial == null || !partial.active)) {
            // A whole line: decode straight from the read buffer, no copy.
            AckWindow.Slot slot = window.reserve(endOffset);
            int messageEnd = line.messageEnd;
            boolean truncated = false;
            if (messageEnd - line.messageStart > context.settings.maxLogSize()) {
                messageEnd = Utf8Validator.characterBoundary(line.message, line.messageStart,
                        line.messageStart + (int) context.settings.maxLogSize());
                truncated = true;
            }
            String body = decode(line.message, line.messageStart, messageEnd);
            completeRecord(stream, body, truncated, line.timestampNanos, slot, endOffset, true);
            return;
        }
        if (partial == null) {
            partial = new Pending();
            partials[stream] = partial;
        }
        if (!partial.active) {
            partial.begin(window.reserve(), line.timestampNanos);
        }
        partial.append(line.message, line.messageStart, line.messageEnd, context.settings.maxLogSize());
        partial.lastLineMillis = context.nowMillis;
        partial.endOffset = endOffset;
        if (!line.partial) {
            completePartial(stream);
        }
    }

    private Format detect(byte[] b, int start, int end) {
        if (start < end && b[start] == '{') {
            return Format.DOCKER;
        }
        return context.criParser.parse(b, start, end, context.line) ? Format.CRI : Format.RAW;
    }

    private void completePartial(int stream) {
        Pending partial = partials[stream];
        String body = decode(partial.bytes, 0, partial.length);
        completeRecord(stream, body, partial.truncated, partial.timestampNanos, partial.slot, partial.endOffset, false);
        partial.active = false;
    }

    // endRecorded: the slot holds endOffset already (taken with reserve(endOffset)).
    private void completeRecord(int stream, String body, boolean truncated, long timestampNanos, AckWindow.Slot slot,
                                long endOffset, boolean endRecorded) {
        FileInputSettings.Multiline settings = context.settings.multiline();
        if (settings == null) {
            handOn(stream, body, truncated, timestampNanos, slot, endRecorded ? -1 : endOffset);
            return;
        }
        Multiline multiline = multilines[stream];
        if (multiline == null) {
            multiline = new Multiline();
            multilines[stream] = multiline;
        }
        boolean firstLine = context.firstLineMatcher.reset(body).find();
        if (multiline.active && !firstLine) {
            // The line joins the open record; its own slot is done once that record is.
            multiline.append(body, truncated, context.settings.maxLogSize());
            slot.end(endOffset);
            slot.acknowledge();
            multiline.endOffset = endOffset;
            multiline.lastLineMillis = context.nowMillis;
            if (multiline.lines >= settings.maxLines()) {
                flushMultiline(stream);
            }
            return;
        }
        if (multiline.active) {
            flushMultiline(stream);
        }
        multiline.begin(body, truncated, timestampNanos, slot, endOffset, context.nowMillis);
        if (settings.maxLines() == 1) {
            flushMultiline(stream);
        }
    }

    private void flushMultiline(int stream) {
        Multiline multiline = multilines[stream];
        handOn(stream, multiline.body.toString(), multiline.truncated, multiline.timestampNanos, multiline.slot,
                multiline.endOffset);
        multiline.active = false;
        multiline.body.setLength(0);
    }

    // endOffset -1: the slot has its end offset already.
    private void handOn(int stream, String body, boolean truncated, long timestampNanos, AckWindow.Slot slot,
                        long endOffset) {
        if (truncated) {
            context.stats.truncatedRecord();
        }
        LogRecord record = new LogRecord(timestampNanos, body, resource).observedEpochNanos(context.observedNanos);
        if (stream != 0) {
            record.attributes().put(LogRecord.ATTR_IOSTREAM, STREAM_VALUES[stream]);
        }
        if (pathAttribute != null) {
            record.attributes().put(LogRecord.ATTR_FILE_PATH, pathAttribute);
        }
        if (endOffset >= 0) {
            slot.end(endOffset);
        }
        record.acknowledgement(slot);
        if (outbox.isEmpty() && context.sink.offer(record)) {
            handedOnThisTurn++;
        } else {
            outbox.addLast(record);
        }
    }

    private String decode(byte[] b, int start, int end) {
        String body = new String(b, start, end - start, StandardCharsets.UTF_8);
        // The decoder replaces malformed input with U+FFFD; only then is it worth validating the
        // bytes (a Latin-1 string answers indexOf of U+FFFD without scanning).
        if (body.indexOf('\uFFFD') >= 0 && !Utf8Validator.isValid(b, start, end)) {
            context.stats.parseError();
        }
        return body;
    }

    // Finds the next newline eight bytes at a time (SWAR): the per-byte loop was the largest single
    // cost of reading in FileTailerBenchmark. (x - 0x01..) & ~x & 0x80.. flags the zero bytes of
    // x = word ^ '\n'..; the lowest flag is exact, and little-endian puts the lowest index lowest.
    static int indexOfNewline(byte[] b, int from, int to) {
        int i = from;
        for (; i + Long.BYTES <= to; i += Long.BYTES) {
            long x = (long) LONGS.get(b, i) ^ 0x0A0A0A0A0A0A0A0AL;
            long found = (x - 0x0101010101010101L) & ~x & 0x8080808080808080L;
            if (found != 0) {
                return i + (Long.numberOfTrailingZeros(found) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** A record being joined from CRI {@code P} lines or docker 16 KiB pieces. */
    private static final class Pending {
        byte[] bytes = new byte[256];
        int length;
        boolean active;
        boolean truncated;
        AckWindow.Slot slot;
        long timestampNanos;
        long endOffset;
        long lastLineMillis;

        void begin(AckWindow.Slot slot, long timestampNanos) {
            this.active = true;
            this.truncated = false;
            this.length = 0;
            this.slot = slot;
            this.timestampNanos = timestampNanos;
        }

        void append(byte[] src, int from, int to, long maxLogSize) {
            int n = to - from;
            long room = maxLogSize - length;
            if (n > room) {
                truncated = true;
                n = room <= 0 ? 0 : Utf8Validator.characterBoundary(src, from, from + (int) room) - from;
            }
            if (length + n > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + n));
            }
            System.arraycopy(src, from, bytes, length, n);
            length += n;
        }
    }

    /** A multiline record: its first line and the continuation lines joined with newlines. */
    private static final class Multiline {
        final StringBuilder body = new StringBuilder();
        boolean active;
        boolean truncated;
        int lines;
        AckWindow.Slot slot;
        long timestampNanos;
        long endOffset;
        long lastLineMillis;

        void begin(String firstLine, boolean firstLineTruncated, long timestampNanos, AckWindow.Slot slot, long endOffset,
                   long nowMillis) {
            this.active = true;
            this.truncated = firstLineTruncated;
            this.body.setLength(0);
            this.body.append(firstLine);
            this.lines = 1;
            this.timestampNanos = timestampNanos;
            this.slot = slot;
            this.endOffset = endOffset;
            this.lastLineMillis = nowMillis;
        }

        // Appends a continuation line, cutting the record at maxLogSize (counted in UTF-16 units
        // here, since the lines are decoded already).
        void append(String line, boolean lineTruncated, long maxLogSize) {
            lines++;
            if (truncated) {
                return;
            }
            truncated = lineTruncated;
            long room = maxLogSize - body.length() - 1;
            if (line.length() <= room) {
                body.append('\n').append(line);
                return;
            }
            truncated = true;
            if (room > 0) {
                int cut = (int) room;
                if (Character.isHighSurrogate(line.charAt(cut - 1))) {
                    cut--;
                }
                body.append('\n').append(line, 0, cut);
            }
        }
    }
}
