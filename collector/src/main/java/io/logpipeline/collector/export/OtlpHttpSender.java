package io.logpipeline.collector.export;

import io.logpipeline.api.config.ExporterConfig;
import io.logpipeline.api.units.GoDuration;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/** Posts OTLP/HTTP log requests to one backend and classifies the answer. */
final class OtlpHttpSender implements AutoCloseable {

    private static final int BODY_PREFIX = 512;

    private final OkHttpClient client;
    private final Request.Builder requestTemplate;
    private final HeaderValues headers;

    /**
     * @param field the config path used in error messages, e.g. {@code exporters[0]}
     * @param credentials the pipeline's credentials Secret, for {@code secretKey} references
     */
    OtlpHttpSender(ExporterConfig config, String field, Map<String, String> credentials) {
        this.client = httpClient(config, field, credentials).build();
        this.requestTemplate = new Request.Builder().url(config.getEndpoint());
        this.headers = new HeaderValues(config.getHeaders(), field + ".headers", credentials);
    }

    /** The HTTP client for one backend: its timeouts, TLS, a connection per sender, Nagle off. */
    static OkHttpClient.Builder httpClient(ExporterConfig config, String field, Map<String, String> credentials) {
        Duration timeout = GoDuration.parse(config.getTimeout());
        int consumers = config.getQueue().getNumConsumers();
        OkHttpClient.Builder builder = new OkHttpClient.Builder()
                // one kept-alive connection per sender thread (OkHttp keeps 5 by default)
                .connectionPool(new ConnectionPool(consumers, 5, TimeUnit.MINUTES))
                .callTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .connectTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .writeTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                // retries are ours: OkHttp's silent retry would hide failures from the counters
                .retryOnConnectionFailure(false)
                .socketFactory(NoDelaySocketFactory.INSTANCE);
        ExporterTls.apply(config.getTls(), builder, field + ".tls", credentials);
        return builder;
    }

    SendResult send(OtlpPayload payload) {
        Request.Builder request = requestTemplate.build().newBuilder()
                .post(RequestBody.create(payload.body(), MediaType.get(payload.contentType())));
        if (payload.contentEncoding() != null) {
            request.header("Content-Encoding", payload.contentEncoding());
        }
        try {
            headers.forEach(request::header);
        } catch (UncheckedIOException unreadable) {
            // the credentials Secret is not mounted (yet): worth retrying, like a connection failure
            return new SendResult.Retryable(unreadable.getMessage(), null);
        }
        try (Response response = client.newCall(request.build()).execute()) {
            int status = response.code();
            if (status >= 200 && status < 300) {
                return accepted(response);
            }
            if (status == 429 || status == 502 || status == 503 || status == 504) {
                return new SendResult.Retryable("status " + status, retryAfter(response.header("Retry-After")));
            }
            return new SendResult.Permanent(status, bodyPrefix(response.body()));
        } catch (IOException e) {
            // connection refused or reset, timeout: the OTLP specification retries these
            return new SendResult.Retryable(reason(e), null);
        }
    }

    /**
     * What went wrong in words first ("connection refused", "timeout", "unknown host", "TLS handshake failed"),
     * then the exception: the status report, the demo summary and {@code event=backend_unreachable} show this.
     */
    static String reason(IOException e) {
        String detail = e.getClass().getSimpleName() + ": " + e.getMessage();
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.net.ConnectException && String.valueOf(cause.getMessage()).toLowerCase(java.util.Locale.ROOT)
                    .contains("refused")) {
                return "connection refused (" + detail + ")";
            } else if (cause instanceof java.net.SocketTimeoutException) {
                return "timeout (" + detail + ")";
            } else if (cause instanceof java.net.UnknownHostException) {
                return "unknown host (" + detail + ")";
            } else if (cause instanceof javax.net.ssl.SSLException) {
                return "TLS handshake failed (" + detail + ")";
            }
        }
        return detail;
    }

    private static SendResult accepted(Response response) throws IOException {
        ResponseBody body = response.body();
        byte[] bytes = body == null ? new byte[0] : body.bytes();
        ExportLogsServiceResponse parsed;
        try {
            parsed = OtlpPayload.parseResponse(bytes, response.header("Content-Type"));
        } catch (IOException | RuntimeException unreadable) {
            // the data was accepted; a body we cannot read does not change that
            return new SendResult.Accepted(0, null);
        }
        return new SendResult.Accepted(parsed.getPartialSuccess().getRejectedLogRecords(),
                parsed.getPartialSuccess().getErrorMessage());
    }

    /** Retry-After as delay-seconds or an HTTP-date; null when absent or unreadable. */
    static Duration retryAfter(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String trimmed = value.trim();
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(trimmed)));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration wait = Duration.between(Instant.now(), at);
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }

    private static String bodyPrefix(ResponseBody body) throws IOException {
        if (body == null) {
            return "";
        }
        try (InputStream in = body.byteStream()) {
            return new String(in.readNBytes(BODY_PREFIX), StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }
}
