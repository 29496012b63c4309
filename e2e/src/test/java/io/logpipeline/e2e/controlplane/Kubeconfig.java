package io.logpipeline.e2e.controlplane;

import io.fabric8.kubernetes.api.model.ConfigBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/** Writes self-contained kubeconfig files (CA embedded, bearer token) that kubectl and fabric8 both read. */
public final class Kubeconfig {

  private Kubeconfig() {
  }

  public static Path write(Path file, String server, Path caCertificate, String user, String token, String namespace) {
    try {
      String caData = Base64.getEncoder().encodeToString(Files.readAllBytes(caCertificate));
      var config = new ConfigBuilder()
          .withApiVersion("v1").withKind("Config")
          .addNewCluster().withName("logpipeline-e2e")
            .withNewCluster().withServer(server).withCertificateAuthorityData(caData).endCluster()
          .endCluster()
          .addNewUser().withName(user).withNewUser().withToken(token).endUser().endUser()
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
}
