package io.logpipeline.operator;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import io.logpipeline.operator.backend.LogBackendReconciler;
import io.logpipeline.operator.model.AgentSettings;
import io.logpipeline.operator.tenancy.Tenancy;
import io.logpipeline.operator.pipeline.LogPipelineReconciler;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The operator's two reconcilers running on JOSDK against a real kube-apiserver (kube-api-test), with the CRDs
 * users install (the checked-in crds/, which the api module keeps equal to the generated ones) and the clock
 * pinned. Stops the operator and closes the client on close.
 */
public final class RunningOperator implements AutoCloseable {

    public static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");
    public static final String DEFAULT_IMAGE = "ghcr.io/logpipeline/collector:test";
    /** The agent (release) namespace the operator writes into. */
    public static final String AGENT_NAMESPACE = "logpipeline-system";
    /** Besides the agent namespace, the namespace whose pipelines may read every namespace. */
    public static final String CLUSTER_PIPELINE_NAMESPACE = "monitoring";
    private static final Path CRDS = Path.of("../crds");

    public final KubernetesClient client;
    /** The operator's clock, pinned at {@link #NOW}: reports written by tests are dated relative to it. */
    public final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    /** Reconciles started per resource, counted through JOSDK's metrics hook. */
    public final ReconcileCounter reconciles = new ReconcileCounter();
    private final Operator operator;
    private final String kubeConfigYaml;

    private final KubernetesClient operatorClient;

    private RunningOperator(String kubeConfigYaml, String operatorUser) {
        this.kubeConfigYaml = kubeConfigYaml;
        this.client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeConfigYaml)).build();
        Config operatorConfig = Config.fromKubeconfig(kubeConfigYaml);
        if (operatorUser != null) {
            operatorConfig.setImpersonateUsername(operatorUser);
        }
        this.operatorClient = operatorUser == null ? client : new KubernetesClientBuilder().withConfig(operatorConfig).build();
        this.operator = new Operator(o -> o.withKubernetesClient(operatorClient).withCloseClientOnStop(false)
                .withCacheSyncTimeout(Duration.ofSeconds(30)).withMetrics(reconciles));
    }

    /** Installs the CRDs, registers both reconcilers and starts them, with the test's cluster-admin client. */
    public static RunningOperator start(String kubeConfigYaml) throws IOException {
        return start(kubeConfigYaml, null);
    }

    /**
     * Like {@link #start(String)}, but the operator talks to the API server as {@code operatorUser} (impersonated),
     * so it holds only the RBAC permissions the test granted that user.
     */
    public static RunningOperator start(String kubeConfigYaml, String operatorUser) throws IOException {
        return start(kubeConfigYaml, operatorUser, java.util.Set.of());
    }

    /** Like {@link #start(String, String)}, watching only {@code namespaces} (all when empty), as LOGPIPELINE_WATCH_NAMESPACES does. */
    public static RunningOperator start(String kubeConfigYaml, String operatorUser, java.util.Set<String> namespaces) throws IOException {
        RunningOperator running = new RunningOperator(kubeConfigYaml, operatorUser);
        installCrds(running.client);
        for (String namespace : namespaces) {
            running.client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build()).create();
        }
        for (String namespace : List.of(AGENT_NAMESPACE, CLUSTER_PIPELINE_NAMESPACE)) {
            if (running.client.namespaces().withName(namespace).get() == null) {
                running.client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build()).create();
            }
        }
        AgentSettings agent = AgentSettings.of(AGENT_NAMESPACE, DEFAULT_IMAGE, new ResourceRequirementsBuilder()
                .addToRequests("cpu", new Quantity("100m")).addToRequests("memory", new Quantity("128Mi"))
                .addToLimits("cpu", new Quantity("500m")).addToLimits("memory", new Quantity("512Mi")).build());
        Tenancy tenancy = Tenancy.of(AGENT_NAMESPACE, List.of(CLUSTER_PIPELINE_NAMESPACE));
        if (namespaces.isEmpty()) {
            running.operator.register(new LogPipelineReconciler(agent, tenancy, running.clock));
            running.operator.register(new LogBackendReconciler(agent, running.clock));
        } else {
            running.operator.register(new LogPipelineReconciler(agent, tenancy, running.clock), o -> o.settingNamespaces(namespaces));
            running.operator.register(new LogBackendReconciler(agent, running.clock), o -> o.settingNamespaces(namespaces));
        }
        running.operator.start();
        return running;
    }

    /** Creates the CRDs unless they exist. */
    public static void installCrds(KubernetesClient client) throws IOException {
        for (String file : List.of("logpipelines.logpipeline.io-v1.yml", "logbackends.logpipeline.io-v1.yml")) {
            try (InputStream in = Files.newInputStream(CRDS.resolve(file))) {
                CustomResourceDefinition crd = client.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class);
                // create, not server-side apply: a 1.20 API server cannot type the CEL rules (x-kubernetes-validations) for SSA
                if (client.apiextensions().v1().customResourceDefinitions().withName(crd.getMetadata().getName()).get() == null) {
                    client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
                }
                client.apiextensions().v1().customResourceDefinitions().withName(crd.getMetadata().getName())
                        .waitUntilCondition(c -> c.getStatus() != null && c.getStatus().getConditions() != null && c.getStatus().getConditions().stream()
                                .anyMatch(cond -> "Established".equals(cond.getType()) && "True".equals(cond.getStatus())), 30, TimeUnit.SECONDS);
            }
        }
    }

    /** A fresh namespace per test, so tests do not see each other's objects. */
    public String newNamespace() {
        String name = "t-" + UUID.randomUUID().toString().substring(0, 8);
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build()).create();
        return name;
    }

    /** Runs the real kubectl against the test API server and returns what it prints. */
    public String kubectl(String... args) throws IOException, InterruptedException {
        Path kubeconfig = Files.createTempFile("kubeconfig", ".yaml");
        try {
            Files.writeString(kubeconfig, kubeConfigYaml);
            Path kubectl = Path.of(System.getProperty("user.home"), ".kubeapitest/k8s/1.20.2-linux-amd64/kubectl");
            List<String> command = new java.util.ArrayList<>(List.of(kubectl.toString(), "--kubeconfig", kubeconfig.toString()));
            command.addAll(List.of(args));
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.waitFor(30, TimeUnit.SECONDS);
            return output;
        } finally {
            Files.deleteIfExists(kubeconfig);
        }
    }

    @Override
    public void close() {
        operator.stop();
        if (operatorClient != client) {
            operatorClient.close();
        }
        client.close();
    }
}
