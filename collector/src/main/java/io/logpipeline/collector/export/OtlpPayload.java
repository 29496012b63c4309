package io.logpipeline.collector.export;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.logpipeline.api.v1alpha1.OtlpSpec;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/** The bytes of one OTLP/HTTP request body in a backend's encoding and compression. */
record OtlpPayload(byte[] body, String contentType, String contentEncoding) {

    static final String PROTOBUF = "application/x-protobuf";
    static final String JSON = "application/json";

    // OTLP/JSON: lowerCamelCase names (JsonFormat's default), enums as integers, int64 as strings.
    private static final JsonFormat.Printer JSON_PRINTER = JsonFormat.printer()
            .omittingInsignificantWhitespace()
            .printingEnumsAsInts();
    private static final JsonFormat.Parser JSON_PARSER = JsonFormat.parser().ignoringUnknownFields();

    /** A request body format: what a backend's encoding and compression settings ask for. */
    record Format(OtlpSpec.Encoding encoding, OtlpSpec.Compression compression) {
    }

    /** @param protobuf the request as {@link OtlpProtobufWriter} wrote it */
    static OtlpPayload of(byte[] protobuf, Format format) {
        return of(protobuf, format.encoding(), format.compression());
    }

    /** @param protobuf the request as {@link OtlpProtobufWriter} wrote it */
    static OtlpPayload of(byte[] protobuf, OtlpSpec.Encoding encoding, OtlpSpec.Compression compression) {
        try {
            boolean json = encoding == OtlpSpec.Encoding.JSON;
            // JSON is the rare, slow encoding: derived from the protobuf with the official classes
            byte[] body = json
                    ? JSON_PRINTER.print(ExportLogsServiceRequest.parseFrom(protobuf)).getBytes(StandardCharsets.UTF_8)
                    : protobuf;
            if (compression != OtlpSpec.Compression.GZIP) {
                return new OtlpPayload(body, json ? JSON : PROTOBUF, null);
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(body.length / 4 + 64);
            try (OutputStream out = new FastGzipOutputStream(bytes)) {
                out.write(body);
            }
            return new OtlpPayload(bytes.toByteArray(), json ? JSON : PROTOBUF, "gzip");
        } catch (IOException e) {
            throw new UncheckedIOException("encoding an OTLP request in memory failed", e);
        }
    }

    /** Reads a success response; an empty body means full success. */
    static ExportLogsServiceResponse parseResponse(byte[] body, String contentType) throws IOException {
        if (body.length == 0) {
            return ExportLogsServiceResponse.getDefaultInstance();
        }
        if (contentType != null && contentType.startsWith(JSON)) {
            ExportLogsServiceResponse.Builder builder = ExportLogsServiceResponse.newBuilder();
            JSON_PARSER.merge(new String(body, StandardCharsets.UTF_8), builder);
            return builder.build();
        }
        try {
            return ExportLogsServiceResponse.parseFrom(body);
        } catch (InvalidProtocolBufferException e) {
            throw new IOException("success response is not an ExportLogsServiceResponse", e);
        }
    }

    /** gzip at level 1, the level DESIGN §6 measures its throughput floor with (see docs/benchmarks.md for the size cost). */
    private static final class FastGzipOutputStream extends GZIPOutputStream {
        FastGzipOutputStream(OutputStream out) throws IOException {
            super(out, 8192);
            def.setLevel(Deflater.BEST_SPEED);
        }
    }
}
