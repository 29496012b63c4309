package io.logpipeline.collector.telemetry;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.logpipeline.collector.record.LogRecord;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The live stream behind {@code /debug/tail}: processed records, as JSON lines, to each connected client.
 *
 * <p>The pipeline calls {@link #publish(LogRecord)} for every record once processors have run (records
 * are not edited after that point: the batch stage keeps their encoded form and leaves them as they are, so the
 * client thread may read them). With no client connected
 * this is one volatile read. With clients, it only offers the record to each client's bounded buffer:
 * a slow client loses records (counted in its stream), the pipeline never waits.
 */
public final class LiveTail {

    static final int BUFFER = 4096;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();

    public void publish(LogRecord record) {
        if (subscribers.isEmpty()) {
            return;
        }
        for (Subscriber subscriber : subscribers) {
            if (!subscriber.buffer.offer(record)) {
                subscriber.dropped.incrementAndGet();
            }
        }
    }

    Subscriber subscribe() {
        Subscriber subscriber = new Subscriber();
        subscribers.add(subscriber);
        return subscriber;
    }

    void unsubscribe(Subscriber subscriber) {
        subscribers.remove(subscriber);
    }

    /** One connected client's bounded buffer. */
    static final class Subscriber {
        private final BlockingQueue<LogRecord> buffer = new ArrayBlockingQueue<>(BUFFER);
        private final AtomicLong dropped = new AtomicLong();

        /** The next JSON line, a line reporting drops, or null when nothing arrived within the wait. */
        String next(long timeout, TimeUnit unit) throws InterruptedException, com.fasterxml.jackson.core.JsonProcessingException {
            long lost = dropped.getAndSet(0);
            if (lost > 0) {
                return JSON.writeValueAsString(Map.of("dropped", lost));
            }
            LogRecord record = buffer.poll(timeout, unit);
            return record == null ? null : JSON.writeValueAsString(json(record));
        }
    }

    private static Map<String, Object> json(LogRecord record) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("timeUnixNano", record.timestampEpochNanos());
        line.put("observedTimeUnixNano", record.observedEpochNanos());
        line.put("severityNumber", record.severityNumber());
        if (record.severityText() != null) {
            line.put("severityText", record.severityText());
        }
        line.put("body", record.body());
        line.put("attributes", record.attributes());
        line.put("resource", record.resource() == null ? Map.of() : record.resource().attributes());
        return line;
    }
}
