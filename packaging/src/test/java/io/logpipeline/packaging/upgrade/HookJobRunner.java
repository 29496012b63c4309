package io.logpipeline.packaging.upgrade;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.logpipeline.packaging.RepositoryFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Stands in for the kubelet and the Job controller, which a bare kube-apiserver lacks: each new Job in the namespace
 * is run as the real collector jar with the Job's container arguments, as the Job's ServiceAccount (impersonation
 * through {@code KUBERNETES_IMPERSONATE_USERNAME}), and its outcome is written to the Job's status so that Helm,
 * waiting for its hook, sees it complete or fail.
 */
final class HookJobRunner implements AutoCloseable {

  /** One run of a Job: what it was, who it ran as, what it printed. */
  record Run(Job job, String serviceAccount, int exitCode, String output) {}

  private final KubernetesClient admin;
  private final String namespace;
  private final String kubeConfigYaml;
  private final Path temp;
  private final List<Run> runs = new CopyOnWriteArrayList<>();
  private final Set<String> seen = new HashSet<>();
  private final Thread thread;
  private volatile boolean stopped;

  private HookJobRunner(KubernetesClient admin, String namespace, String kubeConfigYaml, Path temp) {
    this.admin = admin;
    this.namespace = namespace;
    this.kubeConfigYaml = kubeConfigYaml;
    this.temp = temp;
    this.thread = new Thread(this::loop, "hook-job-runner");
    this.thread.setDaemon(true);
  }

  static HookJobRunner start(KubernetesClient admin, String namespace, String kubeConfigYaml, Path temp) {
    HookJobRunner runner = new HookJobRunner(admin, namespace, kubeConfigYaml, temp);
    // Jobs left from an earlier runner (a failed hook stays) are not ours to run again.
    admin.batch().v1().jobs().inNamespace(namespace).list().getItems()
        .forEach(job -> runner.seen.add(job.getMetadata().getUid()));
    runner.thread.start();
    return runner;
  }

  List<Run> runs() {
    return new ArrayList<>(runs);
  }

  Run onlyRun() {
    if (runs.size() != 1) {
      throw new AssertionError("expected the hook Job to run once, it ran " + runs.size() + " time(s): " + runs);
    }
    return runs.get(0);
  }

  private void loop() {
    while (!stopped) {
      for (Job job : admin.batch().v1().jobs().inNamespace(namespace).list().getItems()) {
        if (seen.add(job.getMetadata().getUid())) {
          runAndReport(job);
        }
      }
      sleep();
    }
  }

  private void runAndReport(Job job) {
    var pod = job.getSpec().getTemplate().getSpec();
    String serviceAccount = pod.getServiceAccountName();
    Run run;
    try {
      run = runJar(kubeConfigYaml, temp, "system:serviceaccount:" + namespace + ":" + serviceAccount,
          pod.getContainers().get(0).getArgs());
    } catch (IOException | InterruptedException e) {
      run = new Run(job, serviceAccount, -1, e.toString());
    }
    runs.add(new Run(job, serviceAccount, run.exitCode(), run.output()));
    String now = Instant.now().toString();
    boolean succeeded = run.exitCode() == 0;
    job.setStatus(new JobStatusBuilder()
        .withStartTime(now)
        .withCompletionTime(succeeded ? now : null)
        .withSucceeded(succeeded ? 1 : null)
        .withFailed(succeeded ? null : 1)
        .withConditions(new JobConditionBuilder().withType(succeeded ? "Complete" : "Failed").withStatus("True")
            .withLastProbeTime(now).withLastTransitionTime(now).build())
        .build());
    admin.batch().v1().jobs().inNamespace(namespace).resource(job).updateStatus();
  }

  /** The real collector jar with `args`, the API server's admin credentials impersonating `user` (when not null). */
  static Run runJar(String kubeConfigYaml, Path temp, String user, List<String> args)
      throws IOException, InterruptedException {
    Path kubeconfig = temp.resolve("kubeconfig");
    Files.writeString(kubeconfig, kubeConfigYaml);
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", RepositoryFiles.root().resolve("collector/target/logpipeline-collector.jar").toString()));
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("KUBECONFIG", kubeconfig.toString());
    if (user != null) {
      builder.environment().put("KUBERNETES_IMPERSONATE_USERNAME", user);
    }
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(String.join(" ", args) + " did not finish: " + output);
    }
    return new Run(null, user, process.exitValue(), output);
  }

  private static void sleep() {
    try {
      Thread.sleep(200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() throws InterruptedException {
    stopped = true;
    thread.join(TimeUnit.SECONDS.toMillis(70));
  }
}
