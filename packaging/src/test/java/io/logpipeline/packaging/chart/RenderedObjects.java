package io.logpipeline.packaging.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Lookups over the objects one `helm template` rendered. */
record RenderedObjects(List<HasMetadata> objects) {

  <T extends HasMetadata> T one(Class<T> type, String name) {
    List<T> matches = objects.stream()
        .filter(type::isInstance)
        .map(type::cast)
        .filter(o -> o.getMetadata().getName().equals(name))
        .toList();
    assertThat(matches).as("%s named %s", type.getSimpleName(), name).hasSize(1);
    return matches.get(0);
  }

  HasMetadata oneOfKind(String kind, String name) {
    List<HasMetadata> matches = objects.stream()
        .filter(o -> o.getKind().equals(kind) && o.getMetadata().getName().equals(name))
        .toList();
    assertThat(matches).as("%s named %s", kind, name).hasSize(1);
    return matches.get(0);
  }

  Set<String> kinds() {
    return objects.stream().map(HasMetadata::getKind).collect(Collectors.toCollection(TreeSet::new));
  }

  /** Each rule flattened to "group/resource[names]:verb", the form a permission list is compared in. */
  static Set<String> permissions(List<PolicyRule> rules) {
    Set<String> permissions = new TreeSet<>();
    for (PolicyRule rule : rules) {
      String names = rule.getResourceNames() == null || rule.getResourceNames().isEmpty()
          ? "" : rule.getResourceNames().toString();
      for (String group : rule.getApiGroups()) {
        for (String resource : rule.getResources()) {
          for (String verb : rule.getVerbs()) {
            permissions.add(group + "/" + resource + names + ":" + verb);
          }
        }
      }
    }
    return permissions;
  }

  /**
   * Paths of fields the fabric8 model did not recognise (it keeps them as additional properties):
   * a misspelt key in a template that Kubernetes would reject or silently drop.
   */
  List<String> unknownFields() {
    List<String> unknown = new ArrayList<>();
    for (HasMetadata object : objects) {
      if (!(object instanceof GenericKubernetesResource)) {
        collectUnknown(object, object.getKind() + "/" + object.getMetadata().getName(), unknown);
      }
    }
    return unknown;
  }

  private static void collectUnknown(Object value, String path, List<String> unknown) {
    if (value instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        collectUnknown(list.get(i), path + "[" + i + "]", unknown);
      }
      return;
    }
    if (value == null || !value.getClass().getPackageName().startsWith("io.fabric8.kubernetes.api.model")) {
      return;
    }
    for (Method getter : value.getClass().getMethods()) {
      if (getter.getParameterCount() != 0 || !getter.getName().startsWith("get")
          || getter.getDeclaringClass() == Object.class) {
        continue;
      }
      Object child = invoke(getter, value);
      if (getter.getName().equals("getAdditionalProperties")) {
        if (child instanceof Map<?, ?> extra && !extra.isEmpty()) {
          extra.keySet().forEach(key -> unknown.add(path + "." + key));
        }
      } else {
        collectUnknown(child, path + "." + getter.getName().substring(3), unknown);
      }
    }
  }

  private static Object invoke(Method getter, Object target) {
    try {
      return getter.invoke(target);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(getter + " on " + target.getClass(), e);
    }
  }

  /** Literal env values by name (downward-API entries map to their field path). */
  static Map<String, String> env(List<EnvVar> env) {
    return env.stream().collect(Collectors.toMap(EnvVar::getName, e -> Optional.ofNullable(e.getValue())
        .orElseGet(() -> e.getValueFrom().getFieldRef().getFieldPath())));
  }
}
