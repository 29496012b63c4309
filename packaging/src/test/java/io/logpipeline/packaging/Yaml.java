package io.logpipeline.packaging;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * fabric8's serialization for the tests: Kubernetes manifests into model objects, other YAML
 * (values, fixtures) into maps. It resolves YAML anchors and aliases as kubectl does.
 */
public final class Yaml {

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private Yaml() {}

  /** Every document of a multi-document manifest stream; unknown kinds as GenericKubernetesResource. */
  public static List<HasMetadata> manifests(String text) {
    Object parsed = SERIALIZATION.unmarshal(text);
    if (parsed instanceof List<?> list) {
      return list.stream().map(HasMetadata.class::cast).toList();
    }
    return List.of((HasMetadata) parsed);
  }

  @SuppressWarnings("unchecked")
  public static Map<String, Object> map(String text) {
    return SERIALIZATION.unmarshal(text, Map.class);
  }

  public static Map<String, Object> map(Path file) {
    try {
      return map(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A YAML sequence (a Chart.yaml annotation holding a list) as a list of maps. */
  @SuppressWarnings("unchecked")
  public static List<Map<String, Object>> mapList(String text) {
    return SERIALIZATION.unmarshal(text, List.class);
  }

  /** A map (values, Chart.yaml) back to YAML text. */
  public static String yaml(Map<String, Object> map) {
    return SERIALIZATION.asYaml(map);
  }

  @SuppressWarnings("unchecked")
  public static List<String> stringList(String json) {
    return SERIALIZATION.unmarshal(json, List.class);
  }
}
