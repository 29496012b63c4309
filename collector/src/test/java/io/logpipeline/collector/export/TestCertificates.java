package io.logpipeline.collector.export;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** A throw-away CA, server and client certificates made with the openssl command line at test time. */
final class TestCertificates {

    final Path dir;

    TestCertificates(Path dir) throws IOException, InterruptedException {
        this.dir = dir;
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt", "-days", "2",
                "-subj", "/CN=logpipeline test CA");
        signed("server-ip", "IP:127.0.0.1");
        signed("server-dns", "DNS:otlp.test");
        signed("client", "DNS:collector");
        // Kubernetes TLS Secrets often carry the key as PKCS#1 ("RSA PRIVATE KEY")
        openssl("rsa", "-in", "client.key", "-out", "client-pkcs1.key", "-traditional");
    }

    private void signed(String name, String subjectAltName) throws IOException, InterruptedException {
        Files.writeString(dir.resolve(name + ".ext"), "subjectAltName=" + subjectAltName + "\n");
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key", "-out", name + ".csr", "-subj", "/CN=" + name);
        openssl("x509", "-req", "-in", name + ".csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", name + ".crt", "-days", "2", "-extfile", name + ".ext");
    }

    private void openssl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IOException("openssl " + String.join(" ", args) + " failed: " + output);
        }
    }

    String file(String name) {
        return dir.resolve(name).toString();
    }

    /** The server side: {@code name}.crt/.key as identity, the test CA as trusted client issuer. */
    SSLContext serverContext(String name) throws IOException, GeneralSecurityException {
        char[] password = "test".toCharArray();
        KeyStore identity = KeyStore.getInstance("PKCS12");
        identity.load(null, null);
        List<X509Certificate> chain = PemFiles.certificates(Files.readString(dir.resolve(name + ".crt")));
        identity.setKeyEntry("server", PemFiles.privateKey(Files.readString(dir.resolve(name + ".key"))), password,
                chain.toArray(new X509Certificate[0]));
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(identity, password);
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("ca", PemFiles.certificates(Files.readString(dir.resolve("ca.crt"))).get(0));
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
        return context;
    }
}
