package io.logpipeline.packaging.chart;

import java.util.Set;
import java.util.TreeSet;

/** Expands the compact "group/resource:verb,verb" notation the RBAC tests use for expectations. */
final class OperatorPermissions {

  private OperatorPermissions() {}

  static Set<String> expand(String... entries) {
    Set<String> permissions = new TreeSet<>();
    for (String entry : entries) {
      int colon = entry.lastIndexOf(':');
      for (String verb : entry.substring(colon + 1).split(",")) {
        permissions.add(entry.substring(0, colon) + ":" + verb);
      }
    }
    return permissions;
  }
}
