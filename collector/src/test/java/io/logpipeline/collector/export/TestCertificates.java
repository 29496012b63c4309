package io.logpipeline.collector.export;

import io.logpipeline.api.tls.InvalidPemException;
import io.logpipeline.api.tls.PemReader;
import io.logpipeline.testsupport.OpensslCertificates;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** The server and client certificates the TLS tests use, made with openssl at test time, and the sink's SSLContext. */
final class TestCertificates {

    private final OpensslCertificates openssl;

    TestCertificates(Path dir) throws IOException, InterruptedException {
        openssl = new OpensslCertificates(dir);
        openssl.signed("server-ip", "IP:127.0.0.1", OpensslCertificates.RSA);
        openssl.signed("server-dns", "DNS:otlp.test", OpensslCertificates.RSA);
        openssl.signed("client", "DNS:collector", OpensslCertificates.RSA);
        // Kubernetes TLS Secrets often carry the key as PKCS#1 ("RSA PRIVATE KEY")
        openssl.openssl("rsa", "-in", "client.key", "-out", "client-pkcs1.key", "-traditional");
        // cert-manager's default: ECDSA P-256, the key as SEC1 ("EC PRIVATE KEY")
        openssl.signed("client-ec", "DNS:collector", OpensslCertificates.EC_P256);
        openssl.openssl("ec", "-in", "client-ec.key", "-out", "client-ec-sec1.key");
    }

    String file(String name) {
        return openssl.file(name).toString();
    }

    /** The server side: {@code name}.crt/.key as identity, the test CA as trusted client issuer. */
    SSLContext serverContext(String name) throws IOException, GeneralSecurityException, InvalidPemException {
        char[] password = "test".toCharArray();
        KeyStore identity = KeyStore.getInstance("PKCS12");
        identity.load(null, null);
        List<X509Certificate> chain = PemReader.certificates(openssl.read(name + ".crt"));
        identity.setKeyEntry("server", PemReader.privateKey(openssl.read(name + ".key")), password,
                chain.toArray(new X509Certificate[0]));
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(identity, password);
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("ca", PemReader.certificates(openssl.read("ca.crt")).get(0));
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
        return context;
    }
}
