package io.logpipeline.collector.demo;

import com.google.protobuf.util.JsonFormat;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.logpipeline.collector.lifecycle.Component;
import io.logpipeline.collector.lifecycle.Deadline;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;

/**
 * The demo's local OTLP/HTTP logs receiver on 127.0.0.1: decodes each request (protobuf or JSON, gzip or
 * not) with the official opentelemetry-proto classes and prints one readable line per record. Listens from
 * {@link #start()} until {@link #stop} or {@link #close()}.
 */
final class DemoReceiver implements Component, AutoCloseable {

    private static final List<String> IDENTITY = List.of("k8s.namespace.name", "k8s.pod.name", "k8s.container.name");

    private final PrintStream out;
    private final AtomicLong records = new AtomicLong();
    private HttpServer server;
    private ExecutorService executor;

    DemoReceiver(PrintStream out) {
        this.out = out;
    }

    /** Listens on a free port of 127.0.0.1. */
    @Override
    public void start() throws IOException {
        executor = Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "demo-receiver");
            thread.setDaemon(true);
            return thread;
        });
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.setExecutor(executor);
        server.createContext("/v1/logs", this::handle);
        server.start();
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/logs";
    }

    /** Records received so far. */
    long records() {
        return records.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            InputStream body = exchange.getRequestBody();
            if ("gzip".equals(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
                body = new GZIPInputStream(body);
            }
            byte[] bytes = body.readAllBytes();
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            boolean json = contentType != null && contentType.startsWith("application/json");
            ExportLogsServiceRequest request;
            if (json) {
                ExportLogsServiceRequest.Builder builder = ExportLogsServiceRequest.newBuilder();
                JsonFormat.parser().merge(new String(bytes, StandardCharsets.UTF_8), builder);
                request = builder.build();
            } else {
                request = ExportLogsServiceRequest.parseFrom(bytes);
            }
            print(request);
            byte[] response = json ? "{}".getBytes(StandardCharsets.UTF_8) : ExportLogsServiceResponse.getDefaultInstance().toByteArray();
            exchange.getResponseHeaders().set("Content-Type", json ? "application/json" : "application/x-protobuf");
            exchange.sendResponseHeaders(200, response.length == 0 ? -1 : response.length);
            if (response.length > 0) {
                exchange.getResponseBody().write(response);
            }
        } catch (RuntimeException | IOException e) {
            out.println("demo receiver: could not decode a request: " + e);
            exchange.sendResponseHeaders(400, -1);
        }
    }

    private synchronized void print(ExportLogsServiceRequest request) {
        for (ResourceLogs resourceLogs : request.getResourceLogsList()) {
            Map<String, String> resource = attributes(resourceLogs.getResource().getAttributesList());
            String who = IDENTITY.stream().map(key -> resource.getOrDefault(key, "?")).collect(Collectors.joining("/"));
            Map<String, String> rest = new LinkedHashMap<>(resource);
            IDENTITY.forEach(rest::remove);
            for (ScopeLogs scope : resourceLogs.getScopeLogsList()) {
                for (LogRecord record : scope.getLogRecordsList()) {
                    out.println("[" + who + "] " + time(record.getTimeUnixNano()) + " "
                            + (record.getSeverityText().isEmpty() ? "-" : record.getSeverityText())
                            + " body=\"" + text(record.getBody()).replace("\n", "\\n") + "\""
                            + " attributes=" + attributes(record.getAttributesList())
                            + " resource=" + rest);
                    records.incrementAndGet();
                }
            }
        }
    }

    private static String time(long nanos) {
        return nanos == 0 ? "-" : Instant.ofEpochSecond(0, nanos).toString();
    }

    private static Map<String, String> attributes(List<KeyValue> keyValues) {
        Map<String, String> map = new LinkedHashMap<>();
        keyValues.forEach(kv -> map.put(kv.getKey(), text(kv.getValue())));
        return map;
    }

    private static String text(AnyValue value) {
        return switch (value.getValueCase()) {
            case STRING_VALUE -> value.getStringValue();
            case BOOL_VALUE -> String.valueOf(value.getBoolValue());
            case INT_VALUE -> String.valueOf(value.getIntValue());
            case DOUBLE_VALUE -> String.valueOf(value.getDoubleValue());
            case ARRAY_VALUE -> value.getArrayValue().getValuesList().stream().map(DemoReceiver::text)
                    .collect(Collectors.joining(", ", "[", "]"));
            case KVLIST_VALUE -> attributes(value.getKvlistValue().getValuesList()).toString();
            case BYTES_VALUE -> value.getBytesValue().size() + " bytes";
            // a profiles-only string-table reference: OTLP says other signals treat it as absent
            case STRING_VALUE_STRINDEX, VALUE_NOT_SET -> "";
        };
    }

    @Override
    public void stop(Deadline deadline) {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
        }
    }

    @Override
    public void close() {
        stop(Deadline.now());
    }
}
