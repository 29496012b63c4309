package io.logpipeline.collector.export;

import io.logpipeline.collector.chain.RecordConsumer;
import io.logpipeline.collector.record.LogRecord;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Encodes each record to its OTLP protobuf form as it enters the batch stage, then passes it on; the export stage
 * copies that form into the request as it is. Only for records nothing reads afterwards (so not while the live tail
 * is on): see {@link LogRecord#encoded(byte[])} for why — a batch waiting to fill then holds an array per record
 * instead of its object graph, which the garbage collector copied over and over.
 */
public final class OtlpRecordEncoder implements RecordConsumer {

    private final RecordConsumer next;
    private final OtlpProtobufWriter.Scratch scratch = new OtlpProtobufWriter.Scratch();
    /** The first thread that encodes here: the only one that uses {@link #scratch}. */
    private final AtomicReference<Thread> owner = new AtomicReference<>();

    public OtlpRecordEncoder(RecordConsumer next) {
        this.next = next;
    }

    @Override
    public void accept(LogRecord record) {
        Thread current = Thread.currentThread();
        // the pipeline calls this on its processing thread only; any other caller gets its own scratch
        boolean owned = owner.get() == current || owner.get() == null && owner.compareAndSet(null, current);
        OtlpProtobufWriter.Scratch mine = owned ? scratch : new OtlpProtobufWriter.Scratch();
        record.encoded(OtlpProtobufWriter.encode(record, mine));
        next.accept(record);
    }
}
