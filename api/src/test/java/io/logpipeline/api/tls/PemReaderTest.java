package io.logpipeline.api.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logpipeline.testsupport.OpensslCertificates;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Keys made by openssl at test time in every format users and cert-manager store them in, and what is refused. */
class PemReaderTest {

    @TempDir
    static Path dir;
    private static OpensslCertificates openssl;

    @BeforeAll
    static void makeKeys() throws Exception {
        openssl = new OpensslCertificates(dir);
        openssl.openssl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "rsa.pkcs8");
        openssl.openssl("rsa", "-in", "rsa.pkcs8", "-traditional", "-out", "rsa.pkcs1");
        for (String curve : List.of("P-256", "P-384")) {
            openssl.openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:" + curve, "-out", curve + ".pkcs8");
            openssl.openssl("ec", "-in", curve + ".pkcs8", "-out", curve + ".sec1");
        }
        // `openssl ecparam -genkey` writes an EC PARAMETERS block before the SEC1 key
        openssl.openssl("ecparam", "-genkey", "-name", "prime256v1", "-out", "P-256-with-parameters.sec1");
        openssl.openssl("pkey", "-in", "P-256-with-parameters.sec1", "-out", "P-256-with-parameters.pkcs8");
        openssl.openssl("genpkey", "-algorithm", "ed25519", "-out", "ed25519.pkcs8");
        openssl.openssl("pkey", "-in", "P-256.pkcs8", "-aes256", "-passout", "pass:secret", "-out", "encrypted.pkcs8");
        openssl.openssl("rsa", "-in", "rsa.pkcs8", "-traditional", "-aes256", "-passout", "pass:secret", "-out", "encrypted.pkcs1");
    }

    @ParameterizedTest(name = "{0} reads as the same {2} key as {1}")
    @CsvSource({
        "rsa.pkcs1, rsa.pkcs8, RSA, -----BEGIN RSA PRIVATE KEY-----",
        "P-256.sec1, P-256.pkcs8, EC, -----BEGIN EC PRIVATE KEY-----",
        "P-384.sec1, P-384.pkcs8, EC, -----BEGIN EC PRIVATE KEY-----",
        "P-256-with-parameters.sec1, P-256-with-parameters.pkcs8, EC, -----BEGIN EC PARAMETERS-----",
    })
    void traditionalKeysReadAsTheirPkcs8Form(String traditional, String pkcs8, String algorithm, String firstLine) throws Exception {
        // given
        assertThat(openssl.read(traditional)).startsWith(firstLine);
        assertThat(openssl.read(pkcs8)).startsWith("-----BEGIN PRIVATE KEY-----");

        // when
        PrivateKey fromTraditional = PemReader.privateKey(openssl.read(traditional));
        PrivateKey fromPkcs8 = PemReader.privateKey(openssl.read(pkcs8));

        // then
        assertThat(fromTraditional.getAlgorithm()).isEqualTo(algorithm);
        assertThat(secret(fromTraditional)).isEqualTo(secret(fromPkcs8));
    }

    /** What makes two keys the same key (an EC encoding may or may not repeat the curve inside). */
    private static List<?> secret(PrivateKey key) {
        if (key instanceof ECPrivateKey ec) {
            return List.of(ec.getS(), ec.getParams().getOrder(), ec.getParams().getGenerator());
        }
        RSAPrivateKey rsa = (RSAPrivateKey) key;
        return List.of(rsa.getModulus(), rsa.getPrivateExponent());
    }

    @Test
    void secp384r1KeyKeepsItsCurve() throws Exception {
        // when
        ECPrivateKey key = (ECPrivateKey) PemReader.privateKey(openssl.read("P-384.sec1"));

        // then
        assertThat(key.getParams().getCurve().getField().getFieldSize()).isEqualTo(384);
    }

    @Test
    void ed25519Pkcs8KeyReads() throws Exception {
        // when
        PrivateKey key = PemReader.privateKey(openssl.read("ed25519.pkcs8"));

        // then
        assertThat(key.getAlgorithm()).isIn("Ed25519", "EdDSA");
    }

    @Test
    void sec1KeyBelongsToTheCertificateIssuedForIt() throws Exception {
        // given an ECDSA client certificate as cert-manager issues it, its key converted to SEC1
        openssl.signed("client-ec", "DNS:collector", OpensslCertificates.EC_P256);
        openssl.openssl("ec", "-in", "client-ec.key", "-out", "client-ec.sec1");
        openssl.signed("other-ec", "DNS:other", OpensslCertificates.EC_P256);

        // when
        PrivateKey key = PemReader.privateKey(openssl.read("client-ec.sec1"));
        List<X509Certificate> chain = PemReader.certificates(openssl.read("client-ec.crt") + openssl.read("ca.crt"));

        // then
        assertThat(chain).hasSize(2);
        assertThat(PemReader.keyBelongsTo(key, chain.get(0))).isTrue();
        assertThat(PemReader.keyBelongsTo(key, PemReader.certificates(openssl.read("other-ec.crt")).get(0))).isFalse();
    }

    @ParameterizedTest(name = "{0} is refused")
    @CsvSource({"encrypted.pkcs8, ENCRYPTED PRIVATE KEY", "encrypted.pkcs1, 'Proc-Type: 4,ENCRYPTED'"})
    void encryptedKeyIsRefusedSayingHowToDecryptIt(String file, String marker) throws Exception {
        // given
        String pem = openssl.read(file);

        // when / then
        assertThatThrownBy(() -> PemReader.privateKey(pem))
                .isInstanceOf(InvalidPemException.class)
                .hasMessage("the private key is encrypted (" + marker + "); the collector cannot ask for a passphrase;"
                        + " decrypt the key (openssl pkey -in key.pem -out plain.pem) and store the plain key");
    }

    @Test
    void textWithoutPemIsRefusedNamingTheFormatsExpected() {
        // when / then
        assertThatThrownBy(() -> PemReader.privateKey("not a key"))
                .isInstanceOf(InvalidPemException.class)
                .hasMessage("not a PEM private key (expected -----BEGIN PRIVATE KEY----- (PKCS#8),"
                        + " -----BEGIN RSA PRIVATE KEY----- (PKCS#1) or -----BEGIN EC PRIVATE KEY----- (SEC1); found no PEM block)");
    }

    @Test
    void certificateGivenAsTheKeyIsRefusedSayingWhatWasFound() throws Exception {
        // when / then
        assertThatThrownBy(() -> PemReader.privateKey(openssl.read("ca.crt")))
                .hasMessageEndingWith("; found CERTIFICATE)");
        assertThatThrownBy(() -> PemReader.certificates(openssl.read("rsa.pkcs8")))
                .hasMessage("not a PEM certificate (expected -----BEGIN CERTIFICATE-----; found PRIVATE KEY)");
    }

    @Test
    void keyBlockWithGarbageInsideIsRefusedAsNotAValidKey() {
        // given a block of valid base64 that is not DER
        String pem = "-----BEGIN EC PRIVATE KEY-----\nbm90IGEga2V5IGF0IGFsbA==\n-----END EC PRIVATE KEY-----\n";

        // when / then
        assertThatThrownBy(() -> PemReader.privateKey(pem))
                .isInstanceOf(InvalidPemException.class)
                .hasMessageStartingWith("the EC PRIVATE KEY block is not a valid key (")
                .hasMessageEndingWith("); copy the PEM text again, whole");
    }

    @Test
    void blockThatIsNotBase64IsRefused() {
        // when / then
        assertThatThrownBy(() -> PemReader.privateKey("-----BEGIN PRIVATE KEY-----\n%%%%\n-----END PRIVATE KEY-----"))
                .hasMessage("the PRIVATE KEY block is not valid base64; copy the PEM text again, whole");
    }
}
