package io.logpipeline.operator.resolve;

import io.logpipeline.api.config.TlsConfig;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Checks a backend's TLS material the way the collector will load it: PEM parses, and the key matches the certificate. */
public final class TlsMaterial {

    private static final Pattern PEM_KEY = Pattern.compile(
            "-----BEGIN (RSA |EC )?PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END (RSA |EC )?PRIVATE KEY-----");

    private TlsMaterial() {
    }

    /** Every problem, as sentences naming the field; empty when the material is usable. */
    public static List<String> problems(ResolvedBackend backend) {
        TlsConfig tls = backend.exporter().getTls();
        List<String> problems = new ArrayList<>();
        if (tls == null) {
            return problems;
        }
        if (tls.getCaFile() != null && certificates(backend.pem(tls.getCaFile())).isEmpty()) {
            problems.add("spec.otlp.tls.ca: is not a PEM certificate (expected -----BEGIN CERTIFICATE-----)");
        }
        X509Certificate cert = null;
        if (tls.getCertFile() != null) {
            List<X509Certificate> certs = certificates(backend.pem(tls.getCertFile()));
            if (certs.isEmpty()) {
                problems.add("spec.otlp.tls.cert: is not a PEM certificate (expected -----BEGIN CERTIFICATE-----)");
            } else {
                cert = certs.get(0);
            }
        }
        if (tls.getKeyFile() != null) {
            PrivateKey key = privateKey(backend.pem(tls.getKeyFile()));
            if (key == null) {
                problems.add("spec.otlp.tls.key: is not a PEM private key (PKCS#8 \"PRIVATE KEY\" or PKCS#1 \"RSA PRIVATE KEY\")");
            } else if (cert != null && !matches(key, cert.getPublicKey())) {
                problems.add("spec.otlp.tls.key: does not belong to the certificate in spec.otlp.tls.cert; use the key the certificate was issued for");
            }
        }
        return problems;
    }

    private static List<X509Certificate> certificates(String pem) {
        if (pem == null || !pem.contains("-----BEGIN CERTIFICATE-----")) {
            return List.of();
        }
        try {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
            return certs.stream().map(X509Certificate.class::cast).toList();
        } catch (GeneralSecurityException e) {
            return List.of();
        }
    }

    private static PrivateKey privateKey(String pem) {
        if (pem == null) {
            return null;
        }
        Matcher m = PEM_KEY.matcher(pem);
        if (!m.find()) {
            return null;
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(m.group(2).trim());
        } catch (IllegalArgumentException e) {
            return null;
        }
        if ("RSA ".equals(m.group(1))) {
            der = pkcs1ToPkcs8(der);
        }
        for (String algorithm : List.of("RSA", "EC", "Ed25519")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException | RuntimeException e) {
                // try the next algorithm
            }
        }
        return null;
    }

    /** Wraps a PKCS#1 RSAPrivateKey in a PKCS#8 PrivateKeyInfo (the JDK only reads PKCS#8). */
    private static byte[] pkcs1ToPkcs8(byte[] pkcs1) {
        byte[] algorithm = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};
        byte[] version = {0x02, 0x01, 0x00};
        byte[] octets = concat(derHeader(0x04, pkcs1.length), pkcs1);
        byte[] body = concat(concat(version, algorithm), octets);
        return concat(derHeader(0x30, body.length), body);
    }

    private static byte[] derHeader(int tag, int length) {
        if (length < 0x80) {
            return new byte[] {(byte) tag, (byte) length};
        }
        if (length < 0x100) {
            return new byte[] {(byte) tag, (byte) 0x81, (byte) length};
        }
        if (length < 0x10000) {
            return new byte[] {(byte) tag, (byte) 0x82, (byte) (length >> 8), (byte) length};
        }
        return new byte[] {(byte) tag, (byte) 0x83, (byte) (length >> 16), (byte) (length >> 8), (byte) length};
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** A key matches a certificate when a signature made with it verifies with the certificate's public key. */
    private static boolean matches(PrivateKey key, PublicKey publicKey) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> key.getAlgorithm();
        };
        try {
            byte[] challenge = new byte[32];
            new SecureRandom().nextBytes(challenge);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(challenge);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
