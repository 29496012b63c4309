package io.logpipeline.collector.export;

import static io.logpipeline.collector.export.ExportFixtures.backend;
import static org.assertj.core.api.Assertions.assertThat;

import io.logpipeline.api.config.ExporterConfig;
import io.logpipeline.api.config.TlsConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The connections the exporter opens send without Nagle's algorithm: with it, the last partial segment of
 * each request waited for a delayed ACK (~40 ms a request; docs/benchmarks.md, collector end to end).
 */
class OtlpHttpSenderConnectionTest {

    @TempDir
    Path certificatesDir;

    @Test
    void plainConnectionsSendWithoutNagle() throws Exception {
        // given
        try (OtlpSink sink = OtlpSink.http()) {
            ExporterConfig config = backend("plain", sink.endpoint());

            // when
            Boolean noDelay = tcpNoDelayOfTheConnectionUsed(config);

            // then
            assertThat(noDelay).isTrue();
        }
    }

    @Test
    void tlsConnectionsSendWithoutNagle() throws Exception {
        // given
        TestCertificates certificates = new TestCertificates(certificatesDir);
        try (OtlpSink sink = OtlpSink.https(certificates.serverContext("server-ip"), false)) {
            ExporterConfig config = backend("tls", sink.endpoint());
            TlsConfig tls = new TlsConfig();
            tls.setCaFile(certificates.file("ca.crt"));
            config.setTls(tls);

            // when
            Boolean noDelay = tcpNoDelayOfTheConnectionUsed(config);

            // then
            assertThat(noDelay).isTrue();
        }
    }

    /** Posts an empty OTLP request with the exporter's HTTP client and reads TCP_NODELAY off the socket it used. */
    private static Boolean tcpNoDelayOfTheConnectionUsed(ExporterConfig config) throws IOException {
        AtomicReference<Boolean> noDelay = new AtomicReference<>();
        OkHttpClient client = OtlpHttpSender.httpClient(config, "exporters[0]", Map.of())
                .addNetworkInterceptor(chain -> {
                    noDelay.set(chain.connection().socket().getTcpNoDelay());
                    return chain.proceed(chain.request());
                })
                .build();
        Request request = new Request.Builder().url(config.getEndpoint())
                .post(RequestBody.create(new byte[0], MediaType.get("application/x-protobuf"))).build();
        try (Response response = client.newCall(request).execute()) {
            assertThat(response.code()).isEqualTo(200);
        } finally {
            client.connectionPool().evictAll();
            client.dispatcher().executorService().shutdown();
        }
        return noDelay.get();
    }
}
