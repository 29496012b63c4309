package io.logpipeline.e2e.sink;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;

/**
 * The scenarios' log backend: a real OTLP/HTTP logs receiver on 127.0.0.1 that decodes every request
 * with the official proto classes and keeps each record with its resource and the request's headers.
 * It can be told to answer 503 (a backend outage), or any other status such as 401 (a revoked token), until told
 * otherwise.
 */
public final class OtlpLogSink implements AutoCloseable {

  /** VictoriaLogs' OTLP path, which the sample LogBackend points at. */
  public static final String PATH = "/insert/opentelemetry/v1/logs";

  /** One log record as the backend stored it. */
  public record ReceivedLog(Map<String, String> resource, Map<String, String> attributes, String body,
      String severityText, Map<String, String> headers) {
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(4);
  private final List<ReceivedLog> accepted = new CopyOnWriteArrayList<>();
  private final AtomicInteger rejectedRequests = new AtomicInteger();
  /** The status every request is answered with instead of storing it; 0 while the sink accepts. */
  private volatile int failureStatus;

  private OtlpLogSink(HttpServer server) {
    this.server = server;
    server.setExecutor(executor);
    server.createContext(PATH, this::handle);
    server.start();
  }

  public static OtlpLogSink start() {
    try {
      return new OtlpLogSink(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 32));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The full URL a LogBackend's {@code spec.otlp.endpoint} names. */
  public String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + PATH;
  }

  /** While true every request is answered 503 and nothing is stored. */
  public void unavailable(boolean unavailable) {
    failWith(unavailable ? 503 : 0);
  }

  /** From now on every request is answered {@code status} (e.g. 401) and nothing is stored; 0 accepts again. */
  public void failWith(int status) {
    this.failureStatus = status;
  }

  /** Requests answered with a failure status so far. */
  public int rejectedRequests() {
    return rejectedRequests.get();
  }

  /** Every record of every request answered 200, in arrival order. */
  public List<ReceivedLog> accepted() {
    return new ArrayList<>(accepted);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body;
      try (InputStream in = "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))
          ? new GZIPInputStream(exchange.getRequestBody()) : exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      int failure = failureStatus;
      if (failure != 0) {
        rejectedRequests.incrementAndGet();
        reply(exchange, failure, failure == 503 ? "backend unavailable" : "refused by the test sink");
        return;
      }
      if (!"application/x-protobuf".equals(exchange.getRequestHeaders().getFirst("Content-Type"))) {
        reply(exchange, 415, "protobuf only");
        return;
      }
      Map<String, String> headers = exchange.getRequestHeaders().entrySet().stream()
          .collect(Collectors.toMap(entry -> entry.getKey().toLowerCase(), entry -> String.join(",", entry.getValue())));
      for (ResourceLogs resourceLogs : ExportLogsServiceRequest.parseFrom(body).getResourceLogsList()) {
        Map<String, String> resource = attributes(resourceLogs.getResource().getAttributesList());
        for (ScopeLogs scopeLogs : resourceLogs.getScopeLogsList()) {
          for (LogRecord record : scopeLogs.getLogRecordsList()) {
            accepted.add(new ReceivedLog(resource, attributes(record.getAttributesList()), text(record.getBody()),
                record.getSeverityText(), headers));
          }
        }
      }
      exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
      exchange.sendResponseHeaders(200, -1);
    }
  }

  private static void reply(HttpExchange exchange, int status, String message) throws IOException {
    byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  private static Map<String, String> attributes(List<KeyValue> keyValues) {
    Map<String, String> attributes = new LinkedHashMap<>();
    keyValues.forEach(keyValue -> attributes.put(keyValue.getKey(), text(keyValue.getValue())));
    return attributes;
  }

  private static String text(AnyValue value) {
    switch (value.getValueCase()) {
      case STRING_VALUE: return value.getStringValue();
      case INT_VALUE: return Long.toString(value.getIntValue());
      case DOUBLE_VALUE: return Double.toString(value.getDoubleValue());
      case BOOL_VALUE: return Boolean.toString(value.getBoolValue());
      default: return value.toString();
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
