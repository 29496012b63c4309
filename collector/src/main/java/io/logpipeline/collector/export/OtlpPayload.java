package io.logpipeline.collector.export;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.logpipeline.api.v1alpha1.OtlpSpec;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

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
            return new OtlpPayload(GZIP.get().compress(body), json ? JSON : PROTOBUF, "gzip");
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

    private static final ThreadLocal<Gzip> GZIP = ThreadLocal.withInitial(Gzip::new);

    /**
     * gzip (RFC 1952) at level 1, the level DESIGN §6 measures its throughput floor with (see docs/benchmarks.md for
     * the size cost), with one deflater and output buffer per thread.
     *
     * <p>Hand-written framing on a measured hot path: a {@code GZIPOutputStream} per request allocated a deflater
     * (native state), its buffers and a growing {@code ByteArrayOutputStream} for every batch — with the request
     * body, most of what the processing thread allocated (docs/benchmarks.md, "Collector end to end"). The bytes are
     * those {@code GZIPOutputStream} writes: its 10-byte header (no name, no time, OS unknown), the raw deflate stream, CRC-32 and length.
     */
    private static final class Gzip {
        private static final byte[] HEADER = {0x1f, (byte) 0x8b, Deflater.DEFLATED, 0, 0, 0, 0, 0, 0, (byte) 0xff};

        private final Deflater deflater = new Deflater(Deflater.BEST_SPEED, true);
        private final CRC32 crc = new CRC32();
        private byte[] out = new byte[1 << 16];

        byte[] compress(byte[] body) {
            deflater.reset();
            deflater.setInput(body);
            deflater.finish();
            System.arraycopy(HEADER, 0, out, 0, HEADER.length);
            int size = HEADER.length;
            while (!deflater.finished()) {
                if (size == out.length) {
                    out = Arrays.copyOf(out, out.length * 2);
                }
                size += deflater.deflate(out, size, out.length - size);
            }
            crc.reset();
            crc.update(body);
            byte[] gzip = Arrays.copyOf(out, size + 8);
            writeIntLittleEndian(gzip, size, (int) crc.getValue());
            writeIntLittleEndian(gzip, size + 4, body.length);
            return gzip;
        }

        private static void writeIntLittleEndian(byte[] into, int at, int value) {
            into[at] = (byte) value;
            into[at + 1] = (byte) (value >>> 8);
            into[at + 2] = (byte) (value >>> 16);
            into[at + 3] = (byte) (value >>> 24);
        }
    }
}
