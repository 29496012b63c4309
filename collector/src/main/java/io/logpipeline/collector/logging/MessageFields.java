package io.logpipeline.collector.logging;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code key=value} pairs of a collector log message ({@code event=pipeline_started pipeline=shop/storefront
 * paths=[/a, /b] error="..."}), read leniently: the collector's messages are built by concatenation, so a value
 * may hold spaces or quotes unescaped. An unquoted value runs to the next {@code " key="}; a quoted one to the
 * next {@code "} followed by {@code " key="} or the end. A message that does not start with {@code key=} (a
 * library's free text) has no fields.
 */
final class MessageFields {

    private MessageFields() {
    }

    /** The pairs in order, or an empty list when the message is free text. */
    static List<Map.Entry<String, String>> parse(String message) {
        List<Map.Entry<String, String>> fields = new ArrayList<>();
        if (message == null || keyEnd(message, 0) < 0) {
            return fields;
        }
        int pos = 0;
        while (pos < message.length()) {
            int equals = keyEnd(message, pos);
            if (equals < 0) {
                return List.of(); // not key=value after all: keep the message as free text
            }
            String key = message.substring(pos, equals);
            int start = equals + 1;
            int end;
            String value;
            if (start < message.length() && message.charAt(start) == '"' && (end = closingQuote(message, start + 1)) >= 0) {
                value = message.substring(start + 1, end);
                end++;
            } else {
                end = nextKey(message, start);
                value = message.substring(start, end);
            }
            fields.add(Map.entry(key, value));
            pos = end;
            while (pos < message.length() && message.charAt(pos) == ' ') {
                pos++;
            }
        }
        return fields;
    }

    /** The index of the {@code =} ending a key that starts at {@code from}, or -1. */
    private static int keyEnd(String text, int from) {
        int i = from;
        while (i < text.length() && isKeyChar(text.charAt(i))) {
            i++;
        }
        return i > from && i < text.length() && text.charAt(i) == '=' ? i : -1;
    }

    // the start of the next " key=", or the end of the text
    private static int nextKey(String text, int from) {
        for (int i = text.indexOf(' ', from); i >= 0; i = text.indexOf(' ', i + 1)) {
            if (keyEnd(text, i + 1) >= 0) {
                return i;
            }
        }
        return text.length();
    }

    // a quote followed by the end or by " key="
    private static int closingQuote(String text, int from) {
        for (int i = text.indexOf('"', from); i >= 0; i = text.indexOf('"', i + 1)) {
            if (i + 1 == text.length() || text.charAt(i + 1) == ' ' && keyEnd(text, i + 2) >= 0) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isKeyChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.' || c == '-';
    }
}
