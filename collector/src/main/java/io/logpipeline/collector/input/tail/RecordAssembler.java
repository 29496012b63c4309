package io.logpipeline.collector.input.tail;

import io.logpipeline.collector.input.FileInputSettings;
import io.logpipeline.collector.input.format.ParsedLine;
import io.logpipeline.collector.input.format.Utf8Validator;
import io.logpipeline.collector.record.ContainerResource;
import io.logpipeline.collector.record.LogRecord;

import java.util.ArrayDeque;

/**
 * Partial-and-multiline assembly for one file: turns decoded lines into records — joining CRI {@code P}
 * lines and docker 16 KiB pieces, then multiline records by their first-line pattern, each per stream —
 * and hands them to the sink with an acknowledgement slot of the file's {@link AckWindow}. A record the sink
 * refuses waits in an outbox; the reader stops until it is taken.
 */
final class RecordAssembler {

    private static final String[] STREAM_VALUES = {null, "stdout", "stderr"};

    private final TailContext context;
    private final LineDecoder decoder;
    private final AckWindow window;
    private final ContainerResource resource;
    // Per stream: 0 none (raw lines), 1 stdout, 2 stderr.
    private final PartialRecord[] partials = new PartialRecord[3];
    private final MultilineRecord[] multilines = new MultilineRecord[3];
    private final ArrayDeque<LogRecord> outbox = new ArrayDeque<>(2);
    private String pathAttribute;
    // Records the sink took since the counter was last published (one LongAdder update per turn).
    private long handedOnThisTurn;

    RecordAssembler(TailContext context, LineDecoder decoder, AckWindow window, ContainerResource resource) {
        this.context = context;
        this.decoder = decoder;
        this.window = window;
        this.resource = resource;
    }

    /** The {@code log.file.path} attribute of the records from now on; null leaves it out. */
    void pathAttribute(String path) {
        this.pathAttribute = path;
    }

    /** Whether records are still being joined or waiting for the sink. */
    boolean hasPendingRecords() {
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

    /** Whether no record waits for the sink: the reader may go on. */
    boolean outboxEmpty() {
        return outbox.isEmpty();
    }

    /** Offers waiting records to the sink; true when none is left waiting. */
    boolean drainOutbox() {
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

    /** Publishes how many records the sink took since the last call. */
    void countHandedOn() {
        if (handedOnThisTurn > 0) {
            context.stats.recordsHandedOn(handedOnThisTurn);
            handedOnThisTurn = 0;
        }
    }

    // The hot path: one decoded line, ending at file offset endOffset.
    void accept(ParsedLine line, long endOffset) {
        int stream = line.stream == null ? 0 : line.stream.ordinal() + 1;
        if (!context.streamAdmitted[stream]) {
            window.skip(endOffset);
            return;
        }
        PartialRecord partial = partials[stream];
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
            String body = decoder.body(line.message, line.messageStart, messageEnd);
            completeRecord(stream, body, truncated, line.timestampNanos, slot, endOffset, true);
            return;
        }
        if (partial == null) {
            partial = new PartialRecord();
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

    /** Hands on every record still being joined (partials first, then multiline records). */
    void flushAll() {
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

    /** Hands on joined records whose next part did not come within the flush timeouts. */
    void flushExpired() {
        long now = context.nowMillis;
        for (int i = 0; i < 3; i++) {
            PartialRecord partial = partials[i];
            if (partial != null && partial.active && now - partial.lastLineMillis >= context.partialFlushAfterMillis) {
                completePartial(i);
            }
        }
        for (int i = 0; i < 3; i++) {
            MultilineRecord multiline = multilines[i];
            if (multiline != null && multiline.active
                    && now - multiline.lastLineMillis >= context.multilineFlushAfterMillis) {
                flushMultiline(i);
            }
        }
    }

    private void completePartial(int stream) {
        PartialRecord partial = partials[stream];
        String body = decoder.body(partial.bytes, 0, partial.length);
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
        MultilineRecord multiline = multilines[stream];
        if (multiline == null) {
            multiline = new MultilineRecord();
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
        MultilineRecord multiline = multilines[stream];
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
}
