package io.logpipeline.collector.input.format;

import java.nio.charset.StandardCharsets;

/** Feeds a test's text lines to a line parser as the tailer does (UTF-8 bytes) and reads the message back as text. */
final class LineParsing {

    /** The parse method CriLineParser and DockerJsonLineParser share. */
    interface Parser {
        boolean parse(byte[] bytes, int start, int end, ParsedLine into);
    }

    final ParsedLine line = new ParsedLine();
    private final Parser parser;

    LineParsing(Parser parser) {
        this.parser = parser;
    }

    boolean parse(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return parser.parse(bytes, 0, bytes.length, line);
    }

    String message() {
        return new String(line.message, line.messageStart, line.messageEnd - line.messageStart, StandardCharsets.UTF_8);
    }
}
