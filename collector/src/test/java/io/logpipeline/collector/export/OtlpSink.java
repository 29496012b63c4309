package io.logpipeline.collector.export;

import com.google.protobuf.util.JsonFormat;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.IntFunction;
import java.util.zip.GZIPInputStream;
import javax.net.ssl.SSLContext;

/** A real OTLP/HTTP logs receiver for tests: decodes every request with the official proto classes and answers as told. */
public final class OtlpSink implements AutoCloseable {

    /** How to answer one request; {@link #HANG} never answers until the sink closes. */
    record Reply(int status, String contentType, byte[] body, String retryAfter) {
        static final Reply OK = new Reply(200, "application/x-protobuf", new byte[0], null);
        static final Reply HANG = new Reply(-1, null, null, null);

        static Reply status(int status) {
            return new Reply(status, "text/plain", ("status " + status).getBytes(StandardCharsets.UTF_8), null);
        }

        static Reply retryAfter(int status, String retryAfter) {
            return new Reply(status, "text/plain", new byte[0], retryAfter);
        }
    }

    /** One request as the sink saw it. */
    public record Received(long atNanos, Headers headers, byte[] body, ExportLogsServiceRequest request, int status) {
        public int records() {
            return request.getResourceLogsList().stream().flatMap(r -> r.getScopeLogsList().stream())
                    .mapToInt(ScopeLogs::getLogRecordsCount).sum();
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile IntFunction<Reply> replies = n -> Reply.OK;
    private List<String> serverNames = List.of();
    private final List<String> clientCertificateSubjects = new CopyOnWriteArrayList<>();

    private OtlpSink(HttpServer server) {
        this.server = server;
        server.setExecutor(executor);
        server.createContext("/v1/logs", this::handle);
        server.start();
    }

    public static OtlpSink http() throws IOException {
        return on(0);
    }

    public static OtlpSink on(int port) throws IOException {
        return new OtlpSink(HttpServer.create(new InetSocketAddress("127.0.0.1", port), 16));
    }

    /** An https sink; {@code needClientAuth} turns on mTLS (the context's trust store then verifies clients). */
    static OtlpSink https(SSLContext context, boolean needClientAuth) throws IOException {
        return https(context, needClientAuth, "TLSv1.3", "TLSv1.2");
    }

    /** An https sink speaking only {@code protocols}. */
    static OtlpSink https(SSLContext context, boolean needClientAuth, String... protocols) throws IOException {
        List<String> serverNames = new CopyOnWriteArrayList<>();
        HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.setHttpsConfigurator(new HttpsConfigurator(context) {
            @Override
            public void configure(HttpsParameters params) {
                // HttpsServer honours SSLParameters; the individual setters of HttpsParameters are ignored
                javax.net.ssl.SSLParameters ssl = context.getDefaultSSLParameters();
                ssl.setNeedClientAuth(needClientAuth);
                ssl.setProtocols(protocols);
                ssl.setSNIMatchers(List.of(new javax.net.ssl.SNIMatcher(javax.net.ssl.StandardConstants.SNI_HOST_NAME) {
                    @Override
                    public boolean matches(javax.net.ssl.SNIServerName name) {
                        serverNames.add(((javax.net.ssl.SNIHostName) name).getAsciiName());
                        return true;
                    }
                }));
                params.setSSLParameters(ssl);
            }
        });
        OtlpSink sink = new OtlpSink(server);
        sink.serverNames = serverNames;
        return sink;
    }

    /** Answers request number n (0-based) with {@code replies.apply(n)}. */
    OtlpSink replying(IntFunction<Reply> replies) {
        this.replies = replies;
        return this;
    }

    public String endpoint() {
        String scheme = server instanceof HttpsServer ? "https" : "http";
        return scheme + "://127.0.0.1:" + server.getAddress().getPort() + "/v1/logs";
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The SNI host names clients sent in TLS handshakes (https sinks only). */
    List<String> serverNames() {
        return new ArrayList<>(serverNames);
    }

    /** The subject of the client certificate each mTLS request came with (https sinks only). */
    List<String> clientCertificateSubjects() {
        return new ArrayList<>(clientCertificateSubjects);
    }

    public List<Received> received() {
        return new ArrayList<>(received);
    }

    /** Records in requests the sink answered with 200. */
    public List<io.opentelemetry.proto.logs.v1.LogRecord> acceptedRecords() {
        List<io.opentelemetry.proto.logs.v1.LogRecord> records = new ArrayList<>();
        for (Received r : received) {
            if (r.status() == 200) {
                for (ResourceLogs resourceLogs : r.request().getResourceLogsList()) {
                    resourceLogs.getScopeLogsList().forEach(scope -> records.addAll(scope.getLogRecordsList()));
                }
            }
        }
        return records;
    }

    private void handle(HttpExchange exchange) throws IOException {
        long at = System.nanoTime();
        if (exchange instanceof com.sun.net.httpserver.HttpsExchange https) {
            try {
                clientCertificateSubjects.add(((java.security.cert.X509Certificate) https.getSSLSession().getPeerCertificates()[0])
                        .getSubjectX500Principal().getName());
            } catch (javax.net.ssl.SSLPeerUnverifiedException noClientCertificate) {
                // TLS without a client certificate: nothing to record
            }
        }
        try (exchange) {
            byte[] body = body(exchange);
            ExportLogsServiceRequest request = decode(exchange, body);
            Reply reply;
            synchronized (this) {
                reply = replies.apply(received.size());
                received.add(new Received(at, exchange.getRequestHeaders(), body, request, reply.status()));
            }
            if (reply == Reply.HANG) {
                closed.await();
                return;
            }
            if (reply.retryAfter() != null) {
                exchange.getResponseHeaders().set("Retry-After", reply.retryAfter());
            }
            exchange.getResponseHeaders().set("Content-Type", reply.contentType());
            exchange.sendResponseHeaders(reply.status(), reply.body().length == 0 ? -1 : reply.body().length);
            if (reply.body().length > 0) {
                exchange.getResponseBody().write(reply.body());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static byte[] body(HttpExchange exchange) throws IOException {
        InputStream in = exchange.getRequestBody();
        if ("gzip".equals(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
            in = new GZIPInputStream(in);
        }
        return in.readAllBytes();
    }

    private static ExportLogsServiceRequest decode(HttpExchange exchange, byte[] body) throws IOException {
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        if (contentType != null && contentType.startsWith("application/json")) {
            ExportLogsServiceRequest.Builder builder = ExportLogsServiceRequest.newBuilder();
            JsonFormat.parser().merge(new String(body, StandardCharsets.UTF_8), builder);
            return builder.build();
        }
        return ExportLogsServiceRequest.parseFrom(body);
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
