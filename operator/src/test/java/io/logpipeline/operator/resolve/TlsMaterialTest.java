package io.logpipeline.operator.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipeline.api.config.ExporterConfig;
import io.logpipeline.api.config.TlsConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class TlsMaterialTest {

    private static final Path TLS = Path.of("src/test/resources/tls");

    @Test
    void caCertificateAndMatchingKeyInEitherPemFormAreUsable() throws IOException {
        // given
        ResolvedBackend pkcs8 = backend("ca.crt", "client.crt", "client.key");
        ResolvedBackend pkcs1 = backend("ca.crt", "client.crt", "client-pkcs1.key");

        // when
        List<String> pkcs8Problems = TlsMaterial.problems(pkcs8);
        List<String> pkcs1Problems = TlsMaterial.problems(pkcs1);

        // then
        assertThat(pkcs8Problems).isEmpty();
        assertThat(pkcs1Problems).isEmpty();
    }

    @Test
    void keyOfAnotherCertificateIsRejectedNamingTheField() throws IOException {
        // given
        ResolvedBackend backend = backend("ca.crt", "client.crt", "other-pkcs1.key");

        // when
        List<String> problems = TlsMaterial.problems(backend);

        // then
        assertThat(problems).containsExactly(
                "spec.otlp.tls.key: does not belong to the certificate in spec.otlp.tls.cert; use the key the certificate was issued for");
    }

    @Test
    void materialThatIsNotPemIsRejectedPerField() throws IOException {
        // given
        ResolvedBackend backend = backend("client.key", "ca.key-missing", "ca.crt");

        // when
        List<String> problems = TlsMaterial.problems(backend);

        // then
        assertThat(problems).containsExactly(
                "spec.otlp.tls.ca: is not a PEM certificate (expected -----BEGIN CERTIFICATE-----)",
                "spec.otlp.tls.cert: is not a PEM certificate (expected -----BEGIN CERTIFICATE-----)",
                "spec.otlp.tls.key: is not a PEM private key (PKCS#8 \"PRIVATE KEY\" or PKCS#1 \"RSA PRIVATE KEY\")");
    }

    private static ResolvedBackend backend(String ca, String cert, String key) throws IOException {
        TreeMap<String, String> files = new TreeMap<>();
        files.put("ca", read(ca));
        files.put("cert", read(cert));
        files.put("key", read(key));
        TlsConfig tls = new TlsConfig();
        tls.setCaFile("/etc/logpipeline/credentials/ca");
        tls.setCertFile("/etc/logpipeline/credentials/cert");
        tls.setKeyFile("/etc/logpipeline/credentials/key");
        ExporterConfig exporter = new ExporterConfig();
        exporter.setTls(tls);
        return new ResolvedBackend(exporter, files, List.of());
    }

    private static String read(String file) throws IOException {
        Path path = TLS.resolve(file);
        byte[] bytes = Files.exists(path) ? Files.readAllBytes(path) : "not pem".getBytes(StandardCharsets.UTF_8);
        return Base64.getEncoder().encodeToString(bytes);
    }
}
