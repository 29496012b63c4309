package io.logpipeline.operator.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipeline.api.config.ExporterConfig;
import io.logpipeline.api.config.TlsConfig;
import io.logpipeline.testsupport.OpensslCertificates;
import io.logpipeline.api.validation.Problem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsMaterialTest {

    private static final Path TLS = Path.of("src/test/resources/tls");

    @Test
    void caCertificateAndMatchingKeyInEitherPemFormAreUsable() throws IOException {
        // given
        ResolvedBackend pkcs8 = backend(read("ca.crt"), read("client.crt"), read("client.key"));
        ResolvedBackend pkcs1 = backend(read("ca.crt"), read("client.crt"), read("client-pkcs1.key"));

        // when
        List<String> pkcs8Problems = TlsMaterial.problems(pkcs8).stream().map(Problem::toString).toList();
        List<String> pkcs1Problems = TlsMaterial.problems(pkcs1).stream().map(Problem::toString).toList();

        // then
        assertThat(pkcs8Problems).isEmpty();
        assertThat(pkcs1Problems).isEmpty();
    }

    @Test
    void keyOfAnotherCertificateIsRejectedNamingTheField() throws IOException {
        // given
        ResolvedBackend backend = backend(read("ca.crt"), read("client.crt"), read("other-pkcs1.key"));

        // when
        List<String> problems = TlsMaterial.problems(backend).stream().map(Problem::toString).toList();

        // then
        assertThat(problems).containsExactly(
                "spec.otlp.tls.key: does not belong to the certificate in spec.otlp.tls.cert; use the key the certificate was issued for");
    }

    @Test
    void materialThatIsNotPemIsRejectedPerField() throws IOException {
        // given
        ResolvedBackend backend = backend(read("client.key"), "not pem", read("ca.crt"));

        // when
        List<String> problems = TlsMaterial.problems(backend).stream().map(Problem::toString).toList();

        // then
        assertThat(problems).containsExactly(
                "spec.otlp.tls.ca: not a PEM certificate (expected -----BEGIN CERTIFICATE-----; found PRIVATE KEY)",
                "spec.otlp.tls.cert: not a PEM certificate (expected -----BEGIN CERTIFICATE-----; found no PEM block)",
                "spec.otlp.tls.key: not a PEM private key (expected -----BEGIN PRIVATE KEY----- (PKCS#8), -----BEGIN RSA PRIVATE KEY-----"
                        + " (PKCS#1) or -----BEGIN EC PRIVATE KEY----- (SEC1); found CERTIFICATE)");
    }

    @Test
    void ecdsaKeyInSec1AsCertManagerWritesItIsUsable(@TempDir Path dir) throws Exception {
        // given
        OpensslCertificates openssl = new OpensslCertificates(dir);
        openssl.signed("client", "DNS:collector", OpensslCertificates.EC_P256);
        openssl.openssl("ec", "-in", "client.key", "-out", "client-sec1.key");
        ResolvedBackend backend = backend(openssl.read("ca.crt"), openssl.read("client.crt"), openssl.read("client-sec1.key"));

        // when
        List<String> problems = TlsMaterial.problems(backend).stream().map(Problem::toString).toList();

        // then
        assertThat(openssl.read("client-sec1.key")).startsWith("-----BEGIN EC PRIVATE KEY-----");
        assertThat(problems).isEmpty();
    }

    @Test
    void encryptedKeyIsRefusedSayingHowToDecryptIt(@TempDir Path dir) throws Exception {
        // given
        OpensslCertificates openssl = new OpensslCertificates(dir);
        openssl.openssl("pkey", "-in", TLS.resolve("client.key").toAbsolutePath().toString(), "-aes256", "-passout", "pass:secret",
                "-out", "encrypted.key");
        ResolvedBackend backend = backend(read("ca.crt"), read("client.crt"), openssl.read("encrypted.key"));

        // when
        List<String> problems = TlsMaterial.problems(backend).stream().map(Problem::toString).toList();

        // then
        assertThat(problems).containsExactly("spec.otlp.tls.key: the private key is encrypted (ENCRYPTED PRIVATE KEY);"
                + " the collector cannot ask for a passphrase; decrypt the key (openssl pkey -in key.pem -out plain.pem) and store the plain key");
    }

    /** A backend whose Secret keys ca, cert and key hold these PEM texts. */
    private static ResolvedBackend backend(String ca, String cert, String key) {
        TreeMap<String, String> files = new TreeMap<>();
        files.put("ca", base64(ca));
        files.put("cert", base64(cert));
        files.put("key", base64(key));
        TlsConfig tls = new TlsConfig();
        tls.setCaFile("/etc/logpipeline/credentials/ca");
        tls.setCertFile("/etc/logpipeline/credentials/cert");
        tls.setKeyFile("/etc/logpipeline/credentials/key");
        ExporterConfig exporter = new ExporterConfig();
        exporter.setTls(tls);
        return new ResolvedBackend(exporter, files, List.of());
    }

    private static String read(String file) throws IOException {
        return Files.readString(TLS.resolve(file), StandardCharsets.US_ASCII);
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
    }
}
