package io.logpipeline.e2e.scale;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU time of the processes that share the machine's cores during the benchmark: the control plane's
 * (children of this JVM, found by executable name), the operator's and this JVM's own (informers and the
 * fake agents' report writers), so a wall-clock figure can be read against who was using the CPU.
 */
final class ProcessCpu {

  private static final List<String> CONTROL_PLANE = List.of("etcd", "kube-apiserver", "kube-controller-manager",
      "kube-scheduler");

  private ProcessCpu() {
  }

  /** CPU time so far by process: the control plane's components, {@code operator} and {@code benchmark}. */
  static Map<String, Duration> snapshot(long operatorPid) {
    Map<String, Duration> cpu = new LinkedHashMap<>();
    ProcessHandle.current().descendants().forEach(process -> process.info().command().ifPresent(command -> {
      String executable = command.substring(command.lastIndexOf('/') + 1);
      if (CONTROL_PLANE.contains(executable)) {
        cpu.put(executable, process.info().totalCpuDuration().orElse(Duration.ZERO));
      }
    }));
    cpu.put("operator", ProcessHandle.of(operatorPid).flatMap(process -> process.info().totalCpuDuration())
        .orElse(Duration.ZERO));
    cpu.put("benchmark", ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO));
    return cpu;
  }

  /** {@code after - before} per process, in seconds with one decimal. */
  static Map<String, Double> secondsBetween(Map<String, Duration> before, Map<String, Duration> after) {
    Map<String, Double> seconds = new LinkedHashMap<>();
    after.forEach((name, time) -> seconds.put(name,
        Math.round(time.minus(before.getOrDefault(name, Duration.ZERO)).toMillis() / 100.0) / 10.0));
    return seconds;
  }
}
