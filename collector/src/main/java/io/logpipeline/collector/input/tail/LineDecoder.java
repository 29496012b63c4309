package io.logpipeline.collector.input.tail;

import io.logpipeline.collector.input.FileInputSettings.Format;
import io.logpipeline.collector.input.format.ParsedLine;
import io.logpipeline.collector.input.format.Utf8Validator;

import java.nio.charset.StandardCharsets;

/**
 * Format decoding for one file: parses a framed line as CRI, docker json-file or raw (auto-detected from the
 * file's first line and kept for the file), and decodes message bytes to a string. A line its format cannot
 * parse is passed on raw and counted as a parse error; so are bytes that are not valid UTF-8.
 */
final class LineDecoder {

    private final TailContext context;
    private Format format;

    LineDecoder(TailContext context) {
        this.context = context;
        this.format = context.settings.format() == Format.AUTO ? null : context.settings.format();
    }

    /** Parses b[start, end), a line without its newline, into the context's one {@link ParsedLine}. */
    ParsedLine decode(byte[] b, int start, int end) {
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
        return line;
    }

    private Format detect(byte[] b, int start, int end) {
        if (start < end && b[start] == '{') {
            return Format.DOCKER;
        }
        return context.criParser.parse(b, start, end, context.line) ? Format.CRI : Format.RAW;
    }

    /** The message b[start, end) as a string; malformed UTF-8 becomes U+FFFD and counts as a parse error. */
    String body(byte[] b, int start, int end) {
        String body = new String(b, start, end - start, StandardCharsets.UTF_8);
        // The decoder replaces malformed input with U+FFFD; only then is it worth validating the
        // bytes (a Latin-1 string answers indexOf of U+FFFD without scanning).
        if (body.indexOf('\uFFFD') >= 0 && !Utf8Validator.isValid(b, start, end)) {
            context.stats.parseError();
        }
        return body;
    }
}
