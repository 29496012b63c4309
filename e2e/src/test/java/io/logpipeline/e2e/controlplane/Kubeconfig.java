package io.logpipeline.e2e.controlplane;

import io.fabric8.kubernetes.api.model.AuthInfo;
import io.fabric8.kubernetes.api.model.AuthInfoBuilder;
import io.fabric8.kubernetes.api.model.ConfigBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/** Writes self-contained kubeconfig files (CA embedded; bearer token or client certificate) that kubectl and fabric8 both read. */
public final class Kubeconfig {

  private Kubeconfig() {
  }

  public static Path write(Path file, String server, Path caCertificate, String user, String token, String namespace) {
    return write(file, server, caCertificate, user, new AuthInfoBuilder().withToken(token).build(), namespace);
  }

  /** A kubeconfig that authenticates with a client certificate (embedded) instead of a token. */
  public static Path writeForClientCertificate(Path file, String server, Path caCertificate, String user,
      Path clientCertificate, Path clientKey, String namespace) {
    AuthInfo auth = new AuthInfoBuilder()
        .withClientCertificateData(base64(clientCertificate))
        .withClientKeyData(base64(clientKey))
        .build();
    return write(file, server, caCertificate, user, auth, namespace);
  }

  private static Path write(Path file, String server, Path caCertificate, String user, AuthInfo auth, String namespace) {
    try {
      String caData = base64(caCertificate);
      var config = new ConfigBuilder()
          .withApiVersion("v1").withKind("Config")
          .addNewCluster().withName("logpipeline-e2e")
            .withNewCluster().withServer(server).withCertificateAuthorityData(caData).endCluster()
          .endCluster()
          .addNewUser().withName(user).withUser(auth).endUser()
          .addNewContext().withName(user)
            .withNewContext().withCluster("logpipeline-e2e").withUser(user).withNamespace(namespace).endContext()
          .endContext()
          .withCurrentContext(user)
          .build();
      Files.createDirectories(file.getParent());
      Files.writeString(file, Serialization.asYaml(config));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write kubeconfig " + file, e);
    }
  }

  private static String base64(Path file) {
    try {
      return Base64.getEncoder().encodeToString(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
