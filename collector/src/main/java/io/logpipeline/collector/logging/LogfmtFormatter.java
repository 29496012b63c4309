package io.logpipeline.collector.logging;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.Map;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * One logfmt line per event: {@code time=2026-11-24T22:07:27.363Z level=info logger=CollectorPipeline
 * event=pipeline_started pipeline=shop/storefront}. The message's own {@code key=value} pairs follow, each value
 * quoted when it needs to be; a library's free-text message becomes {@code msg="..."}; an attached exception
 * becomes {@code exception="..."} and {@code stack_trace="..."} on the same line.
 */
public final class LogfmtFormatter extends Formatter {

    @Override
    public String format(LogRecord record) {
        String logger = record.getLoggerName() == null ? "" : record.getLoggerName();
        StringBuilder line = new StringBuilder(200);
        append(line, "time", Instant.ofEpochMilli(record.getMillis()).toString());
        append(line, "level", Levels.name(record.getLevel()).toLowerCase(java.util.Locale.ROOT));
        append(line, "logger", logger.substring(logger.lastIndexOf('.') + 1));
        String message = formatMessage(record);
        var fields = MessageFields.parse(message);
        if (fields.isEmpty()) {
            append(line, "msg", message);
        }
        for (Map.Entry<String, String> field : fields) {
            append(line, field.getKey(), field.getValue());
        }
        if (record.getThrown() != null) {
            append(line, "exception", record.getThrown().toString());
            StringWriter trace = new StringWriter();
            record.getThrown().printStackTrace(new PrintWriter(trace));
            append(line, "stack_trace", trace.toString().strip());
        }
        return line.append(System.lineSeparator()).toString();
    }

    static void append(StringBuilder line, String key, String value) {
        if (!line.isEmpty()) {
            line.append(' ');
        }
        line.append(key).append('=');
        if (!needsQuotes(value)) {
            line.append(value);
            return;
        }
        line.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> line.append("\\\"");
                case '\\' -> line.append("\\\\");
                case '\n' -> line.append("\\n");
                case '\r' -> line.append("\\r");
                case '\t' -> line.append("\\t");
                default -> line.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        line.append('"');
    }

    private static boolean needsQuotes(String value) {
        if (value.isEmpty()) {
            return true;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= ' ' || c == '"' || c == '=' || c == '\\') {
                return true;
            }
        }
        return false;
    }
}
