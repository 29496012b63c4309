package io.logpipeline.collector.logging;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * One JSON object per line, with the keys of the operator's JSON logs (Quarkus' JSON console format):
 * {@code timestamp}, {@code sequence}, {@code loggerName}, {@code level}, {@code message}, {@code threadName},
 * {@code threadId} and {@code stackTrace}; the message's own {@code key=value} pairs ({@code event},
 * {@code pipeline}, ...) are added as keys of their own, so a log pipeline can select on them.
 */
public final class JsonLogFormatter extends Formatter {

    private static final JsonFactory JSON = new JsonFactory();
    private static final Set<String> RESERVED = Set.of("timestamp", "sequence", "loggerName", "level", "message", "threadName",
            "threadId", "stackTrace");

    private final AtomicLong sequence = new AtomicLong();

    @Override
    public String format(LogRecord record) {
        StringWriter line = new StringWriter(256);
        String message = formatMessage(record);
        try (JsonGenerator json = JSON.createGenerator(line)) {
            json.writeStartObject();
            json.writeStringField("timestamp", Instant.ofEpochMilli(record.getMillis()).toString());
            json.writeNumberField("sequence", sequence.incrementAndGet());
            json.writeStringField("loggerName", record.getLoggerName() == null ? "" : record.getLoggerName());
            json.writeStringField("level", Levels.name(record.getLevel()));
            json.writeStringField("message", message);
            json.writeStringField("threadName", Thread.currentThread().getName());
            json.writeNumberField("threadId", record.getLongThreadID());
            for (Map.Entry<String, String> field : MessageFields.parse(message)) {
                if (!RESERVED.contains(field.getKey())) {
                    json.writeStringField(field.getKey(), field.getValue());
                }
            }
            if (record.getThrown() != null) {
                StringWriter trace = new StringWriter();
                record.getThrown().printStackTrace(new PrintWriter(trace));
                json.writeStringField("stackTrace", trace.toString());
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not throw
        }
        return line.append(System.lineSeparator()).toString();
    }
}
