package io.logpipeline.e2e.controlplane;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The cluster's key material, generated fresh for each control plane: a CA, one serving
 * certificate for every component on 127.0.0.1, an admin client certificate and the ServiceAccount
 * token signing key.
 */
public final class ClusterPki {

  private final Path caCertificate;
  private final Path servingCertificate;
  private final Path servingKey;
  private final Path serviceAccountPrivateKey;
  private final Path serviceAccountPublicKey;
  private final Path adminCertificate;
  private final Path adminKey;
  private final X509Certificate ca;

  private ClusterPki(Path dir, X509Certificate ca) {
    this.caCertificate = dir.resolve("ca.crt");
    this.servingCertificate = dir.resolve("serving.crt");
    this.servingKey = dir.resolve("serving.key");
    this.serviceAccountPrivateKey = dir.resolve("service-account.key");
    this.serviceAccountPublicKey = dir.resolve("service-account.pub");
    this.adminCertificate = dir.resolve("admin.crt");
    this.adminKey = dir.resolve("admin.key");
    this.ca = ca;
  }

  /** Generates everything into {@code dir}. */
  public static ClusterPki generate(Path dir) {
    try {
      Files.createDirectories(dir);
      KeyPair caKeys = rsa();
      X500Name caName = new X500Name("CN=logpipeline-e2e-ca");
      X509v3CertificateBuilder caBuilder = certificate(caName, caName, caKeys);
      caBuilder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      caBuilder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      X509Certificate ca = sign(caBuilder, caKeys.getPrivate());

      KeyPair servingKeys = rsa();
      X509v3CertificateBuilder serving = certificate(caName, new X500Name("CN=127.0.0.1"), servingKeys);
      serving.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      serving.addExtension(Extension.keyUsage, true,
          new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
      serving.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
      // The names in-cluster clients use for the API server, plus loopback where everything listens.
      serving.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
          new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
          new GeneralName(GeneralName.iPAddress, ControlPlane.API_SERVICE_IP),
          new GeneralName(GeneralName.dNSName, "localhost"),
          new GeneralName(GeneralName.dNSName, "kubernetes"),
          new GeneralName(GeneralName.dNSName, "kubernetes.default"),
          new GeneralName(GeneralName.dNSName, "kubernetes.default.svc"),
          new GeneralName(GeneralName.dNSName, "kubernetes.default.svc.cluster.local")}));
      X509Certificate servingCertificate = sign(serving, caKeys.getPrivate());

      // A client certificate in group system:masters, for servers without token files (the CRD server).
      KeyPair adminKeys = rsa();
      X509v3CertificateBuilder admin = certificate(caName, new X500Name("O=system:masters,CN=admin"), adminKeys);
      admin.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      admin.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
      admin.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
      X509Certificate adminCertificate = sign(admin, caKeys.getPrivate());

      KeyPair serviceAccountKeys = rsa();
      ClusterPki pki = new ClusterPki(dir, ca);
      writePem(pki.caCertificate, ca);
      writePem(pki.servingCertificate, servingCertificate);
      writePem(pki.servingKey, servingKeys.getPrivate());
      writePem(pki.adminCertificate, adminCertificate);
      writePem(pki.adminKey, adminKeys.getPrivate());
      writePem(pki.serviceAccountPrivateKey, serviceAccountKeys.getPrivate());
      writePem(pki.serviceAccountPublicKey, serviceAccountKeys.getPublic());
      return pki;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException("cannot generate the cluster's certificates", e);
    }
  }

  public Path caCertificate() {
    return caCertificate;
  }

  public Path servingCertificate() {
    return servingCertificate;
  }

  public Path servingKey() {
    return servingKey;
  }

  /** Client certificate of user admin in group system:masters. */
  public Path adminCertificate() {
    return adminCertificate;
  }

  public Path adminKey() {
    return adminKey;
  }

  public Path serviceAccountPrivateKey() {
    return serviceAccountPrivateKey;
  }

  public Path serviceAccountPublicKey() {
    return serviceAccountPublicKey;
  }

  /** Trusts exactly this cluster's CA, for the harness's own HTTPS health checks. */
  public SSLContext trustingClusterCa() {
    try {
      KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
      trust.load(null, null);
      trust.setCertificateEntry("cluster-ca", ca);
      TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(trust);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, factory.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot trust the cluster CA", e);
    }
  }

  private static KeyPair rsa() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    return generator.generateKeyPair();
  }

  private static X509v3CertificateBuilder certificate(X500Name issuer, X500Name subject, KeyPair keys) {
    Instant now = Instant.now();
    return new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(now.toEpochMilli()),
        Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(7))), subject, keys.getPublic());
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey issuerKey)
      throws OperatorCreationException, GeneralSecurityException {
    return new JcaX509CertificateConverter()
        .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(issuerKey)));
  }

  private static void writePem(Path file, Object object) throws IOException {
    StringWriter pem = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(pem)) {
      writer.writeObject(object);
    }
    Files.writeString(file, pem.toString(), StandardCharsets.US_ASCII);
  }
}
