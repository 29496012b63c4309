package io.logpipeline.collector.input.tail;

import io.logpipeline.collector.input.checkpoint.Fingerprint;
import io.logpipeline.collector.input.rotation.RotatedFiles;
import io.logpipeline.collector.record.ContainerResource;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;

/**
 * Line reading for one log file from an offset: keeps the file's identity (fingerprint, file key), its
 * handle and read offset, frames lines in the shared read buffer, and passes each to its {@link LineDecoder}
 * (format decoding) and {@link RecordAssembler} (partial and multiline joining, hand-on to the sink with an
 * acknowledgement that feeds the file's {@link AckWindow}).
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

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final TailContext context;
    private final LineDecoder decoder;
    private final RecordAssembler assembler;
    private final AckWindow window;
    private Path path;
    private Object fileKey;
    private Fingerprint fingerprint;
    private FileChannel channel;
    private long offset;
    private long lastSeenSize;
    private boolean skippingToNewline;
    private boolean identityInDoubt;
    // What the current read turn read: lines and bytes consumed (published once per turn).
    private long turnLines;
    private long turnConsumed;

    public FileTailer(TailContext context, Path path, Object fileKey, Fingerprint fingerprint, long offset,
                      ContainerResource resource) {
        this.context = context;
        this.fileKey = fileKey;
        this.fingerprint = fingerprint;
        this.offset = offset;
        this.lastSeenSize = offset;
        this.window = new AckWindow(offset);
        this.decoder = new LineDecoder(context);
        this.assembler = new RecordAssembler(context, decoder, window, resource);
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

    /** Whether every record handed on was acknowledged: then the committed offset moves no more until more is read. */
    public boolean allAcknowledged() {
        return window.isDrained();
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
        return assembler.hasPendingRecords();
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
        assembler.pathAttribute(context.settings.includeFilePath() ? newPath.toString() : null);
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
        return assembler.drainOutbox();
    }

    /**
     * Reads from the offset until the end of the file, the budget, or a refusal of the sink. A
     * line is consumed only once its records were taken (or queued because one line may complete
     * two records); an unfinished last line is left for the next turn.
     */
    public TurnResult readTurn(long budgetBytes) throws IOException {
        context.tick();
        TurnResult before = checkBeforeReading();
        if (before != null) {
            return before;
        }
        turnLines = 0;
        turnConsumed = 0;
        try {
            return readLines(budgetBytes);
        } finally {
            context.stats.addRead(turnLines, turnConsumed);
            assembler.countHandedOn();
        }
    }

    // BLOCKED while records wait for the sink, TRUNCATED when the file is not what was read up to the
    // offset any more; null when reading may go on.
    private TurnResult checkBeforeReading() throws IOException {
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
        return null;
    }

    // Fills the shared buffer from the offset and frames lines until the end of the file, the budget or a
    // refusal of the sink; an unfinished last line stays for the next turn.
    private TurnResult readLines(long budgetBytes) throws IOException {
        int filled = 0;
        while (true) {
            byte[] buffer = context.buffer();
            if (filled == buffer.length) {
                if (context.growBuffer()) {
                    continue;
                }
                // A line longer than any record may be: keep its head (the record gets cut at
                // maxLogSize) and drop the rest up to its newline.
                turnLines++;
                processLine(buffer, 0, filled, offset + filled);
                skippingToNewline = true;
                offset += filled;
                turnConsumed += filled;
                filled = 0;
                if (!assembler.outboxEmpty()) {
                    return TurnResult.BLOCKED;
                }
                continue;
            }
            ByteBuffer target = context.byteBuffer();
            target.limit(buffer.length).position(filled);
            int n = channel.read(target, offset + filled);
            if (n <= 0) {
                assembler.flushExpired();
                return assembler.outboxEmpty() ? TurnResult.END_OF_FILE : TurnResult.BLOCKED;
            }
            // The bytes kept from the last read hold no newline: scan only the new ones.
            int lineStart = processLines(buffer, filled, filled + n);
            if (lineStart < 0) {
                return TurnResult.BLOCKED;
            }
            filled += n;
            if (skippingToNewline) {
                lineStart = filled;
            }
            offset += lineStart;
            turnConsumed += lineStart;
            System.arraycopy(buffer, lineStart, buffer, 0, filled - lineStart);
            filled -= lineStart;
            if (turnConsumed >= budgetBytes) {
                return TurnResult.MORE;
            }
        }
    }

    // The lines ending in buffer[scanFrom, filled): passes each on; returns where the unfinished last line
    // starts, or -1 when the sink refused a record (the offset then stands after the line that made it).
    private int processLines(byte[] buffer, int scanFrom, int filled) {
        int lineStart = 0;
        for (int newline = indexOfNewline(buffer, scanFrom, filled); newline >= 0;
             newline = indexOfNewline(buffer, lineStart, filled)) {
            if (skippingToNewline) {
                skippingToNewline = false;
                window.skip(offset + newline + 1);
            } else {
                turnLines++;
                processLine(buffer, lineStart, newline, offset + newline + 1);
            }
            lineStart = newline + 1;
            if (!assembler.outboxEmpty()) {
                offset += lineStart;
                turnConsumed += lineStart;
                return -1;
            }
        }
        return lineStart;
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
            assembler.flushAll();
        } finally {
            assembler.countHandedOn();
        }
    }

    /** Reads the clock and applies the flush timeouts, for a file that gets no read turn now. */
    public void flushExpiredNow() {
        context.tick();
        assembler.flushExpired();
        assembler.countHandedOn();
    }

    // The hot path: one line, b[start, end) without its newline, ending at file offset endOffset.
    private void processLine(byte[] b, int start, int end, long endOffset) {
        assembler.accept(decoder.decode(b, start, end), endOffset);
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
}
