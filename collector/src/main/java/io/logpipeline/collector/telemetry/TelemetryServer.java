package io.logpipeline.collector.telemetry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.logpipeline.collector.lifecycle.Component;
import io.logpipeline.collector.lifecycle.Deadline;
import io.prometheus.metrics.exporter.httpserver.MetricsHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The collector's own HTTP endpoint: {@code /metrics} (Prometheus text), {@code /healthz},
 * {@code /readyz} and, when enabled, {@code /debug/tail?pipeline=<namespace>/<name>}; one per agent, shared by every pipeline.
 *
 * <p>Binds 0.0.0.0 in production so the kubelet and Prometheus reach it; tests bind 127.0.0.1.
 */
public final class TelemetryServer implements Component, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(TelemetryServer.class.getName());

    private final String host;
    private final int port;
    private final AgentMetrics metrics;
    private final Readiness readiness;
    private final Function<String, LiveTail> liveTails;
    private HttpServer server;
    private ExecutorService executor;
    private volatile boolean stopping;

    /**
     * Builds the endpoint; nothing listens until {@link #start()}.
     *
     * @param host {@code 0.0.0.0} in production, {@code 127.0.0.1} in tests
     * @param port 0 picks a free port (tests)
     * @param liveTails the live tail of a pipeline by {@code <namespace>/<name>} (null when unknown); null leaves {@code /debug/tail} off (404)
     */
    public TelemetryServer(String host, int port, AgentMetrics metrics, Readiness readiness, Function<String, LiveTail> liveTails) {
        this.host = host;
        this.port = port;
        this.metrics = metrics;
        this.readiness = readiness;
        this.liveTails = liveTails;
    }

    /**
     * Listens and serves.
     *
     * @throws IOException when the address cannot be bound (the port is in use)
     */
    @Override
    public synchronized void start() throws IOException {
        if (server != null) {
            throw new IllegalStateException("the telemetry server was started already");
        }
        // created here, not in the constructor: creating the JDK's server starts its timer thread
        HttpServer created = HttpServer.create(new InetSocketAddress(host, port), 16);
        // One thread per connection: a /debug/tail client holds its thread for as long as it reads.
        executor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "telemetry-http");
            thread.setDaemon(true);
            return thread;
        });
        created.setExecutor(executor);
        created.createContext("/metrics", new MetricsHandler(metrics.registry()));
        created.createContext("/healthz", exchange -> respond(exchange, 200, "ok\n"));
        created.createContext("/readyz", exchange -> ready(exchange, readiness));
        if (liveTails != null) {
            created.createContext("/debug/tail", exchange -> tail(exchange, liveTails));
        }
        created.start();
        server = created;
        LOG.log(System.Logger.Level.INFO, "event=telemetry_listening address={0}:{1,number,#} debugTail={2}",
                host, port(), liveTails != null);
    }

    /**
     * The bound port (useful when started on port 0).
     *
     * @throws IllegalStateException before {@link #start()}
     */
    public synchronized int port() {
        if (server == null) {
            throw new IllegalStateException("the telemetry server is not started");
        }
        return server.getAddress().getPort();
    }

    private static void ready(HttpExchange exchange, Readiness readiness) throws IOException {
        Map<String, Readiness.Result> checks = readiness.evaluate();
        StringBuilder body = new StringBuilder();
        boolean ready = true;
        for (Map.Entry<String, Readiness.Result> check : checks.entrySet()) {
            Readiness.Result result = check.getValue();
            ready &= result.ready();
            body.append(check.getKey()).append(result.ready() ? " ok" : " not ready");
            if (!result.message().isEmpty()) {
                body.append(": ").append(result.message());
            }
            body.append('\n');
        }
        respond(exchange, ready ? 200 : 503, body.length() == 0 ? "ok\n" : body.toString());
    }

    private void tail(HttpExchange exchange, Function<String, LiveTail> liveTails) throws IOException {
        String pipeline = pipelineParameter(exchange.getRequestURI().getRawQuery());
        LiveTail liveTail = pipeline == null ? null : liveTails.apply(pipeline);
        if (liveTail == null) {
            respond(exchange, 404, pipeline == null ? "add ?pipeline=<namespace>/<name> of a running pipeline\n"
                    : "no running pipeline " + pipeline + "; use ?pipeline=<namespace>/<name>\n");
            return;
        }
        LiveTail.Subscriber subscriber = liveTail.subscribe();
        try (exchange) {
            exchange.getResponseHeaders().set("Content-Type", "application/x-ndjson");
            exchange.sendResponseHeaders(200, 0); // chunked: streams until the client goes away
            OutputStream out = exchange.getResponseBody();
            while (!stopping) {
                String line = subscriber.next(1, TimeUnit.SECONDS);
                // an empty line when idle both keeps proxies from timing out and detects a gone client
                out.write(((line == null ? "" : line) + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (IOException clientGone) {
            // the client disconnected: the normal way a tail ends
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        } finally {
            liveTail.unsubscribe(subscriber);
        }
    }

    private static String pipelineParameter(String query) {
        if (query == null) {
            return null;
        }
        for (String parameter : query.split("&")) {
            if (parameter.startsWith("pipeline=")) {
                return URLDecoder.decode(parameter.substring("pipeline=".length()), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        try (exchange) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }

    /** Stops listening; a {@code /debug/tail} stream ends at once. */
    @Override
    public synchronized void stop(Deadline deadline) {
        stopping = true;
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
