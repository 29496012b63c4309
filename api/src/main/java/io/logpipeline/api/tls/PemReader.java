package io.logpipeline.api.tls;

import io.logpipeline.api.tls.Der.Element;
import io.logpipeline.api.tls.Der.MalformedDerException;
import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Reads the certificates and private keys of TLS material as Kubernetes TLS Secrets and cert-manager hold them:
 * certificate chains, and keys in PKCS#8 ({@code PRIVATE KEY}: RSA, EC, Ed25519), PKCS#1 ({@code RSA PRIVATE KEY})
 * and SEC1 ({@code EC PRIVATE KEY}, cert-manager's default ECDSA keys). Encrypted keys are refused.
 *
 * <p>The JDK reads only PKCS#8, so PKCS#1 and SEC1 keys are wrapped in a PKCS#8 PrivateKeyInfo here: three DER
 * elements around the key. BouncyCastle's bcpkix would do the same, but brings several MB of jars (bcprov alone is
 * about 8 MB) into the collector, whose memory budget per node is tight; the wrapping is some 60 lines (Der).
 */
public final class PemReader {

    private static final String KEY_FORMATS = "-----BEGIN PRIVATE KEY----- (PKCS#8), -----BEGIN RSA PRIVATE KEY----- (PKCS#1)"
            + " or -----BEGIN EC PRIVATE KEY----- (SEC1)";
    private static final String DECRYPT = "the collector cannot ask for a passphrase; decrypt the key"
            + " (openssl pkey -in key.pem -out plain.pem) and store the plain key";

    // AlgorithmIdentifier OIDs (encoded OBJECT IDENTIFIER elements) and the JDK KeyFactory for each.
    private static final byte[] RSA = {0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01};
    private static final byte[] EC = {0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01};
    private static final byte[] ED25519 = {0x06, 0x03, 0x2b, 0x65, 0x70};
    private static final byte[] NULL = {0x05, 0x00};
    private static final Map<String, String> KEY_FACTORIES = Map.of(
            Arrays.toString(RSA), "RSA", Arrays.toString(EC), "EC", Arrays.toString(ED25519), "Ed25519");

    private PemReader() {
    }

    /** The certificates of {@code pem} in order (leaf first in a chain); at least one. */
    public static List<X509Certificate> certificates(String pem) throws InvalidPemException {
        List<PemBlock> blocks = PemBlock.parse(pem);
        List<X509Certificate> certificates = new ArrayList<>();
        for (PemBlock block : blocks) {
            if (block.type().equals("CERTIFICATE")) {
                try {
                    certificates.add((X509Certificate) CertificateFactory.getInstance("X.509")
                            .generateCertificate(new ByteArrayInputStream(block.der())));
                } catch (GeneralSecurityException e) {
                    throw new InvalidPemException("certificate " + (certificates.size() + 1) + " is not a valid X.509 certificate ("
                            + e.getMessage() + ")");
                }
            }
        }
        if (certificates.isEmpty()) {
            throw new InvalidPemException("not a PEM certificate (expected -----BEGIN CERTIFICATE-----" + found(blocks) + ")");
        }
        return certificates;
    }

    /** The one private key of {@code pem}, in any of the formats the class comment names. */
    public static PrivateKey privateKey(String pem) throws InvalidPemException {
        List<PemBlock> blocks = PemBlock.parse(pem);
        Optional<PemBlock> ecParameters = blocks.stream().filter(b -> b.type().equals("EC PARAMETERS")).findFirst();
        for (PemBlock block : blocks) {
            if (block.type().equals("ENCRYPTED PRIVATE KEY") || block.encrypted()) {
                throw new InvalidPemException("the private key is encrypted (" + (block.encrypted() ? "Proc-Type: 4,ENCRYPTED"
                        : "ENCRYPTED PRIVATE KEY") + "); " + DECRYPT);
            }
            try {
                switch (block.type()) {
                    case "PRIVATE KEY":
                        return pkcs8(block.der());
                    case "RSA PRIVATE KEY":
                        return pkcs8(pkcs8Of(Der.encode(Der.SEQUENCE, RSA, NULL), block.der()));
                    case "EC PRIVATE KEY":
                        return pkcs8(pkcs8Of(Der.encode(Der.SEQUENCE, EC, curve(block.der(), ecParameters)), block.der()));
                    default:
                        // not a key: a certificate or EC PARAMETERS next to it
                }
            } catch (MalformedDerException e) {
                throw new InvalidPemException("the " + block.type() + " block is not a valid key (" + e.getMessage()
                        + "); copy the PEM text again, whole");
            }
        }
        throw new InvalidPemException("not a PEM private key (expected " + KEY_FORMATS + found(blocks) + ")");
    }

    /** True when {@code key} is the private half of {@code certificate}'s public key: a signature made with it verifies. */
    public static boolean keyBelongsTo(PrivateKey key, X509Certificate certificate) {
        PublicKey publicKey = certificate.getPublicKey();
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

    /** PrivateKeyInfo ::= SEQUENCE { version 0, AlgorithmIdentifier, OCTET STRING key } (RFC 5208). */
    private static byte[] pkcs8Of(byte[] algorithmIdentifier, byte[] key) {
        return Der.encode(Der.SEQUENCE, Der.encode(Der.INTEGER, new byte[] {0}), algorithmIdentifier, Der.encode(Der.OCTET_STRING, key));
    }

    /**
     * The curve of a SEC1 ECPrivateKey ::= SEQUENCE { version 1, OCTET STRING key, [0] parameters OPTIONAL, [1] publicKey
     * OPTIONAL } (RFC 5915): its own [0] field, else the EC PARAMETERS block openssl ecparam writes before it.
     */
    private static byte[] curve(byte[] sec1, Optional<PemBlock> ecParameters) throws InvalidPemException {
        for (Element field : Der.sequence(sec1)) {
            if (field.tag() == Der.CONTEXT_0) {
                return field.value();
            }
        }
        if (ecParameters.isPresent()) {
            return ecParameters.get().der();
        }
        throw new InvalidPemException("the EC PRIVATE KEY names no curve and no EC PARAMETERS block precedes it;"
                + " convert it to PKCS#8 (openssl pkey -in key.pem -out pkcs8.pem)");
    }

    private static PrivateKey pkcs8(byte[] der) throws InvalidPemException {
        List<Element> fields = Der.sequence(der);
        if (fields.size() < 3 || fields.get(1).tag() != Der.SEQUENCE) {
            throw new MalformedDerException("not a PKCS#8 PrivateKeyInfo");
        }
        List<Element> algorithmIdentifier = Der.elements(fields.get(1).value());
        if (algorithmIdentifier.isEmpty() || algorithmIdentifier.get(0).tag() != Der.OBJECT_IDENTIFIER) {
            throw new MalformedDerException("a PKCS#8 PrivateKeyInfo without an algorithm");
        }
        Element oid = algorithmIdentifier.get(0);
        String algorithm = KEY_FACTORIES.get(Arrays.toString(oid.encoded()));
        if (algorithm == null) {
            throw new InvalidPemException("the private key's algorithm (OID " + Der.dotted(oid.value())
                    + ") is not one TLS here supports; use an RSA, EC (P-256, P-384, P-521) or Ed25519 key");
        }
        try {
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new InvalidPemException("the " + algorithm + " private key does not load (" + e.getMessage() + ")"
                    + (algorithm.equals("EC") ? "; use a named curve: P-256, P-384 or P-521" : ""));
        }
    }

    private static String found(List<PemBlock> blocks) {
        return blocks.isEmpty() ? "; found no PEM block"
                : "; found " + blocks.stream().map(PemBlock::type).distinct().collect(Collectors.joining(", "));
    }
}
