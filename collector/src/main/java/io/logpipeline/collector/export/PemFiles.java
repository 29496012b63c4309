package io.logpipeline.collector.export;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Reads PEM certificates and private keys (PKCS#8, or PKCS#1 RSA as Kubernetes TLS Secrets often hold). */
final class PemFiles {

    // AlgorithmIdentifier of rsaEncryption (1.2.840.113549.1.1.1) with NULL parameters.
    private static final byte[] RSA_ALGORITHM_ID = {
        0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};

    private PemFiles() {
    }

    /** The certificates of a PEM bundle's text (a file's, or a credentials Secret key's). */
    static List<X509Certificate> certificates(String pem) throws IOException, GeneralSecurityException {
        try (InputStream in = new java.io.ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))) {
            List<X509Certificate> certificates = new ArrayList<>();
            for (var certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                certificates.add((X509Certificate) certificate);
            }
            if (certificates.isEmpty()) {
                throw new GeneralSecurityException("no PEM certificate found");
            }
            return certificates;
        }
    }

    /** The private key of a PEM text (a file's, or a credentials Secret key's). */
    static PrivateKey privateKey(String pem) throws GeneralSecurityException {
        byte[] pkcs1 = block(pem, "RSA PRIVATE KEY");
        if (pkcs1 != null) {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(wrapPkcs1(pkcs1)));
        }
        byte[] pkcs8 = block(pem, "PRIVATE KEY");
        if (pkcs8 == null) {
            throw new GeneralSecurityException("no 'PRIVATE KEY' or 'RSA PRIVATE KEY' PEM block found");
        }
        for (String algorithm : new String[] {"RSA", "EC", "Ed25519"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            } catch (GeneralSecurityException notThisAlgorithm) {
                // try the next one; PKCS#8 names the algorithm only as an OID
            }
        }
        throw new GeneralSecurityException("PKCS#8 key is not RSA, EC or Ed25519");
    }

    private static byte[] block(String pem, String type) {
        String begin = "-----BEGIN " + type + "-----";
        int start = pem.indexOf(begin);
        if (start < 0) {
            return null;
        }
        int end = pem.indexOf("-----END " + type + "-----", start);
        if (end < 0) {
            return null;
        }
        return Base64.getMimeDecoder().decode(pem.substring(start + begin.length(), end));
    }

    /** PKCS#8 PrivateKeyInfo = SEQUENCE { INTEGER 0, AlgorithmIdentifier, OCTET STRING pkcs1 }. */
    private static byte[] wrapPkcs1(byte[] pkcs1) {
        ByteArrayOutputStream body = new ByteArrayOutputStream(pkcs1.length + 32);
        body.writeBytes(new byte[] {0x02, 0x01, 0x00});
        body.writeBytes(RSA_ALGORITHM_ID);
        body.write(0x04);
        writeLength(body, pkcs1.length);
        body.writeBytes(pkcs1);
        ByteArrayOutputStream sequence = new ByteArrayOutputStream(body.size() + 8);
        sequence.write(0x30);
        writeLength(sequence, body.size());
        sequence.writeBytes(body.toByteArray());
        return sequence.toByteArray();
    }

    private static void writeLength(ByteArrayOutputStream out, int length) {
        if (length < 0x80) {
            out.write(length);
        } else if (length < 0x100) {
            out.write(0x81);
            out.write(length);
        } else if (length < 0x10000) {
            out.write(0x82);
            out.write(length >> 8);
            out.write(length & 0xff);
        } else {
            out.write(0x83);
            out.write(length >> 16);
            out.write((length >> 8) & 0xff);
            out.write(length & 0xff);
        }
    }
}
