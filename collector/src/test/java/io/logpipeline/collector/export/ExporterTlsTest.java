package io.logpipeline.collector.export;

import static io.logpipeline.collector.export.ExportFixtures.backend;
import static io.logpipeline.collector.export.ExportFixtures.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.logpipeline.api.config.ExporterConfig;
import io.logpipeline.api.config.TlsConfig;
import io.logpipeline.api.v1alpha1.TlsSpec;
import io.logpipeline.collector.export.ExportFixtures.AckedRecords;
import io.logpipeline.collector.export.ExportFixtures.Telemetry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExporterTlsTest {

    @TempDir
    static Path certificatesDir;
    private static TestCertificates certificates;

    private Telemetry telemetry;
    private OtlpSink sink;
    private ExportFanOut fanOut;

    @BeforeAll
    static void makeCertificates() throws Exception {
        certificates = new TestCertificates(certificatesDir);
    }

    @BeforeEach
    void startTelemetry() throws Exception {
        telemetry = new Telemetry();
    }

    @AfterEach
    void stop() throws Exception {
        if (fanOut != null) {
            fanOut.close();
        }
        if (sink != null) {
            sink.close();
        }
        telemetry.close();
    }

    /** Sends three records to the sink with {@code tls}; true when they were delivered, false when given up on. */
    private boolean delivered(TlsConfig tls) throws Exception {
        return delivered(tls, Map.of());
    }

    /** As {@link #delivered(TlsConfig)}, with the pipeline's credentials Secret for {@code *SecretKey} references. */
    private boolean delivered(TlsConfig tls, Map<String, String> credentials) throws Exception {
        ExporterConfig config = backend("tls", sink.endpoint());
        config.setTls(tls);
        config.getRetry().setMaxElapsedTime("500ms");
        fanOut = new ExportFanOut(List.of(config), telemetry.metrics, credentials);
        fanOut.start();
        AckedRecords records = new AckedRecords(3, resource("ns", "pod"), "tls");
        fanOut.submit(records.batch());
        await().until(() -> records.acknowledged() == 3);
        return telemetry.value("otelcol_exporter_sent_log_records_total", "tls") == 3
                && sink.acceptedRecords().size() == 3;
    }

    private static TlsConfig trusting(String caFile) {
        TlsConfig tls = new TlsConfig();
        tls.setCaFile(caFile);
        return tls;
    }

    @Test
    void customCaIsTrusted() throws Exception {
        // given
        sink = OtlpSink.https(certificates.serverContext("server-ip"), false);

        // when / then
        assertThat(delivered(trusting(certificates.file("ca.crt")))).isTrue();
    }

    @Test
    void serverSignedByAnUnknownCaIsRefused() throws Exception {
        // given the JVM's default CAs only
        sink = OtlpSink.https(certificates.serverContext("server-ip"), false);

        // when / then
        assertThat(delivered(new TlsConfig())).isFalse();
        assertThat(telemetry.value("otelcol_exporter_send_failed_log_records_total", "tls")).isEqualTo(3);
    }

    @Test
    void insecureSkipVerifyAcceptsAnUnknownCa() throws Exception {
        // given
        sink = OtlpSink.https(certificates.serverContext("server-ip"), false);
        TlsConfig tls = new TlsConfig();
        tls.setInsecureSkipVerify(true);

        // when / then
        assertThat(delivered(tls)).isTrue();
    }

    @Test
    void serverNameIsVerifiedInsteadOfTheEndpointHost() throws Exception {
        // given a certificate for otlp.test only, served on 127.0.0.1
        sink = OtlpSink.https(certificates.serverContext("server-dns"), false);
        TlsConfig tls = trusting(certificates.file("ca.crt"));
        tls.setServerName("otlp.test");

        // when / then
        assertThat(delivered(tls)).isTrue();
        assertThat(sink.serverNames()).contains("otlp.test");
    }

    @Test
    void certificateForAnotherNameIsRefused() throws Exception {
        // given the same certificate, no serverName: 127.0.0.1 is not otlp.test
        sink = OtlpSink.https(certificates.serverContext("server-dns"), false);

        // when / then
        assertThat(delivered(trusting(certificates.file("ca.crt")))).isFalse();
    }

    @ParameterizedTest(name = "mTLS with {1} ({2})")
    @CsvSource({
        "client.crt, client-pkcs1.key, -----BEGIN RSA PRIVATE KEY-----, CN=client",
        "client.crt, client.key, -----BEGIN PRIVATE KEY-----, CN=client",
        // cert-manager's default: an ECDSA P-256 certificate whose key is a SEC1 "EC PRIVATE KEY"
        "client-ec.crt, client-ec-sec1.key, -----BEGIN EC PRIVATE KEY-----, CN=client-ec",
    })
    void mutualTlsWithAClientKeyInEachPemFormat(String cert, String key, String firstLine, String subject) throws Exception {
        // given a server that requires a client certificate
        sink = OtlpSink.https(certificates.serverContext("server-ip"), true);
        TlsConfig tls = trusting(certificates.file("ca.crt"));
        tls.setCertFile(certificates.file(cert));
        tls.setKeyFile(certificates.file(key));
        assertThat(Files.readString(Path.of(tls.getKeyFile()))).startsWith(firstLine);

        // when / then
        assertThat(delivered(tls)).isTrue();
        assertThat(sink.clientCertificateSubjects()).containsOnly(subject);
    }

    @Test
    void caCertificateAndKeyFromTheCredentialsSecretAsTheNodeAgentGetsThem() throws Exception {
        // given a server that requires a client certificate, and the PEM material as keys of the pipeline's Secret
        sink = OtlpSink.https(certificates.serverContext("server-ip"), true);
        TlsConfig tls = new TlsConfig();
        tls.setCaSecretKey("tls-0-ca.crt");
        tls.setCertSecretKey("tls-0-tls.crt");
        tls.setKeySecretKey("tls-0-tls.key");
        Map<String, String> secret = Map.of(
                "tls-0-ca.crt", Files.readString(Path.of(certificates.file("ca.crt"))),
                "tls-0-tls.crt", Files.readString(Path.of(certificates.file("client.crt"))),
                "tls-0-tls.key", Files.readString(Path.of(certificates.file("client.key"))));

        // when / then
        assertThat(delivered(tls, secret)).isTrue();
    }

    @Test
    void aSecretKeyMissingFromTheCredentialsIsNamedWithItsField() throws Exception {
        // given
        sink = OtlpSink.https(certificates.serverContext("server-ip"), false);
        TlsConfig tls = new TlsConfig();
        tls.setCaSecretKey("tls-0-ca.crt");
        ExporterConfig config = backend("tls", sink.endpoint());
        config.setTls(tls);

        // when / then
        assertThatThrownBy(() -> new ExportFanOut(List.of(config), telemetry.metrics, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("exporters[0].tls.caSecretKey")
                .hasMessageContaining("has no key tls-0-ca.crt");
    }

    @Test
    void serverThatRequiresAClientCertificateRefusesWithoutOne() throws Exception {
        // given
        sink = OtlpSink.https(certificates.serverContext("server-ip"), true);

        // when / then
        assertThat(delivered(trusting(certificates.file("ca.crt")))).isFalse();
    }

    @Test
    void minimumVersionTls13RefusesATls12OnlyServer() throws Exception {
        // given a server limited to TLS 1.2
        SSLContext tls12 = certificates.serverContext("server-ip");
        sink = OtlpSink.https(tls12, false, "TLSv1.2");
        TlsConfig tls = trusting(certificates.file("ca.crt"));
        tls.setMinVersion(TlsSpec.TlsVersion.TLS_1_3);

        // when / then
        assertThat(delivered(tls)).isFalse();
    }

    @Test
    void unreadableKeyIsReportedWithTheFieldAndTheFix(@TempDir Path dir) throws Exception {
        // given
        Path notAKey = Files.writeString(dir.resolve("tls.key"), "not a key");
        ExporterConfig config = backend("tls", "https://127.0.0.1:1/v1/logs");
        TlsConfig tls = trusting(certificates.file("ca.crt"));
        tls.setCertFile(certificates.file("client.crt"));
        tls.setKeyFile(notAKey.toString());
        config.setTls(tls);

        // when / then
        assertThatThrownBy(() -> new ExportFanOut(List.of(config), telemetry.metrics, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("exporters[0].tls.keyFile: " + notAKey + ": not a PEM private key (expected -----BEGIN PRIVATE KEY-----"
                        + " (PKCS#8), -----BEGIN RSA PRIVATE KEY----- (PKCS#1) or -----BEGIN EC PRIVATE KEY----- (SEC1); found no PEM block)");
    }

    @Test
    void encryptedKeyIsRefusedSayingHowToDecryptIt(@TempDir Path dir) throws Exception {
        // given a client key protected by a passphrase
        Path encrypted = dir.resolve("tls.key");
        new ProcessBuilder("openssl", "pkey", "-in", certificates.file("client.key"), "-aes256", "-passout", "pass:secret",
                "-out", encrypted.toString()).inheritIO().start().waitFor();
        ExporterConfig config = backend("tls", "https://127.0.0.1:1/v1/logs");
        TlsConfig tls = trusting(certificates.file("ca.crt"));
        tls.setCertFile(certificates.file("client.crt"));
        tls.setKeyFile(encrypted.toString());
        config.setTls(tls);

        // when / then
        assertThatThrownBy(() -> new ExportFanOut(List.of(config), telemetry.metrics, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("exporters[0].tls.keyFile: " + encrypted + ": the private key is encrypted (ENCRYPTED PRIVATE KEY);"
                        + " the collector cannot ask for a passphrase; decrypt the key (openssl pkey -in key.pem -out plain.pem)"
                        + " and store the plain key");
    }
}
