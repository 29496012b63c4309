package io.logpipeline.collector.export;

import io.logpipeline.api.config.TlsConfig;
import io.logpipeline.api.tls.InvalidPemException;
import io.logpipeline.api.tls.PemReader;
import io.logpipeline.api.v1alpha1.TlsSpec;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.ConnectionSpec;
import okhttp3.OkHttpClient;
import okhttp3.TlsVersion;
import okhttp3.internal.tls.OkHostnameVerifier;

/** Applies a backend's TLS settings (CA, client certificate, verification, server name, minimum version) to OkHttp. */
final class ExporterTls {

    private ExporterTls() {
    }

    /**
     * @param field the config path used in error messages, e.g. {@code exporters[0].tls}
     * @throws IllegalArgumentException naming the field and the fix when TLS material does not load
     */
    static void apply(TlsConfig tls, OkHttpClient.Builder client, String field, Map<String, String> credentials) {
        if (tls == null) {
            return;
        }
        try {
            X509TrustManager trustManager = tls.isInsecureSkipVerify() ? new TrustEverything() : trustManager(tls, field, credentials);
            KeyManagerFactory keyManagers = keyManagers(tls, field, credentials);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers == null ? null : keyManagers.getKeyManagers(), new TrustManager[] {trustManager}, null);
            SSLSocketFactory factory = context.getSocketFactory();
            String serverName = tls.getServerName();
            boolean overrideName = serverName != null && !serverName.isEmpty();
            if (overrideName) {
                factory = new ServerNameSocketFactory(factory, serverName);
            }
            client.sslSocketFactory(factory, trustManager);
            if (tls.isInsecureSkipVerify()) {
                client.hostnameVerifier((host, session) -> true);
            } else if (overrideName) {
                HostnameVerifier verifier = (host, session) -> OkHostnameVerifier.INSTANCE.verify(serverName, session);
                client.hostnameVerifier(verifier);
            }
            TlsVersion[] versions = tls.getMinVersion() == TlsSpec.TlsVersion.TLS_1_3
                    ? new TlsVersion[] {TlsVersion.TLS_1_3}
                    : new TlsVersion[] {TlsVersion.TLS_1_3, TlsVersion.TLS_1_2};
            ConnectionSpec spec = new ConnectionSpec.Builder(ConnectionSpec.MODERN_TLS).tlsVersions(versions).build();
            client.connectionSpecs(List.of(spec, ConnectionSpec.CLEARTEXT));
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException(field + ": TLS setup failed: " + e.getMessage(), e);
        }
    }

    private static X509TrustManager trustManager(TlsConfig tls, String field, Map<String, String> credentials)
            throws GeneralSecurityException, IOException {
        KeyStore trusted = null;
        PemSource ca = PemSource.of(tls.getCaFile(), tls.getCaSecretKey(), field + ".caFile", field + ".caSecretKey");
        if (ca != null) {
            trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            int i = 0;
            for (X509Certificate certificate : load(PemReader::certificates, ca, credentials)) {
                trusted.setCertificateEntry("ca-" + i++, certificate);
            }
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trusted); // null: the JVM's default CAs
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                return x509;
            }
        }
        throw new GeneralSecurityException("no X.509 trust manager available");
    }

    private static KeyManagerFactory keyManagers(TlsConfig tls, String field, Map<String, String> credentials)
            throws GeneralSecurityException, IOException {
        PemSource cert = PemSource.of(tls.getCertFile(), tls.getCertSecretKey(), field + ".certFile", field + ".certSecretKey");
        PemSource keyPem = PemSource.of(tls.getKeyFile(), tls.getKeySecretKey(), field + ".keyFile", field + ".keySecretKey");
        if (cert == null && keyPem == null) {
            return null;
        }
        if (cert == null || keyPem == null) {
            throw new IllegalArgumentException(field + ": a client certificate and key go together for mTLS; set both or neither");
        }
        List<X509Certificate> chain = load(PemReader::certificates, cert, credentials);
        PrivateKey key = load(PemReader::privateKey, keyPem, credentials);
        char[] password = new char[0];
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        store.setKeyEntry("client", key, password, chain.toArray(new X509Certificate[0]));
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(store, password);
        return factory;
    }

    private interface PemParser<T> {
        T parse(String pem) throws InvalidPemException;
    }

    /** Reads the PEM text of {@code source} with {@code parser}; the error names the field, where the text came from and what is wrong. */
    private static <T> T load(PemParser<T> parser, PemSource source, Map<String, String> credentials) {
        String pem;
        try {
            pem = source.text(credentials);
        } catch (IOException e) {
            throw new IllegalArgumentException(source.field() + ": " + source.name() + " cannot be read (" + e.getMessage() + ")", e);
        }
        try {
            return parser.parse(pem);
        } catch (InvalidPemException e) {
            throw new IllegalArgumentException(source.field() + ": " + source.name() + ": " + e.getMessage());
        }
    }

    /** PEM text from a file or from a key of the pipeline's credentials Secret (the node agent's way). */
    private record PemSource(String file, String secretKey, String field) {

        static PemSource of(String file, String secretKey, String fileField, String secretKeyField) {
            if (file != null) {
                return new PemSource(file, null, fileField);
            }
            return secretKey == null ? null : new PemSource(null, secretKey, secretKeyField);
        }

        String name() {
            return file != null ? file : "credentials key " + secretKey;
        }

        String text(Map<String, String> credentials) throws IOException {
            if (file != null) {
                return Files.readString(Path.of(file), StandardCharsets.ISO_8859_1);
            }
            String text = credentials.get(secretKey);
            if (text == null) {
                throw new IOException("the pipeline's credentials Secret has no key " + secretKey);
            }
            return text;
        }
    }

    /** Accepts any server certificate: what insecureSkipVerify asks for. */
    private static final class TrustEverything implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

    /** Sends {@code serverName} in SNI instead of the endpoint's host (OkHttp passes the URL host here). */
    private static final class ServerNameSocketFactory extends SSLSocketFactory {
        private final SSLSocketFactory delegate;
        private final String serverName;

        ServerNameSocketFactory(SSLSocketFactory delegate, String serverName) {
            this.delegate = delegate;
            this.serverName = serverName;
        }

        @Override
        public Socket createSocket(Socket socket, String host, int port, boolean autoClose) throws IOException {
            return delegate.createSocket(socket, serverName, port, autoClose);
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return delegate.getDefaultCipherSuites();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return delegate.getSupportedCipherSuites();
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return delegate.createSocket(host, port);
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return delegate.createSocket(host, port, localHost, localPort);
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return delegate.createSocket(host, port);
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
            return delegate.createSocket(address, port, localAddress, localPort);
        }
    }
}
