package io.logpipeline.collector.agent;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.logpipeline.api.agent.AgentContract;
import io.logpipeline.collector.lifecycle.Deadline;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Pipelines from the API server (DESIGN §3): informers on the pipeline ConfigMaps
 * ({@link AgentContract#PIPELINE_CONFIG_SELECTOR}) and credentials Secrets
 * ({@link AgentContract#PIPELINE_CREDENTIALS_SELECTOR}) in the agent's namespace. A watch, not a mounted
 * volume, so an edit reaches the agent in about a second rather than at the kubelet's next sync.
 *
 * <p>Every event recomputes the whole desired set from the informers' stores on one thread of its own, so
 * informer threads never wait for a reload, and a burst of events becomes one recomputation. Secret values
 * go into the pipeline's credentials only; they are never logged.
 */
public final class KubernetesPipelineSource implements PipelineSource {

    private static final System.Logger LOG = System.getLogger(KubernetesPipelineSource.class.getName());

    /** The API server connection, asked for at {@link #start()}: building the source connects to nothing. */
    private final Supplier<KubernetesClient> client;
    private final String namespace;
    private final ScheduledExecutorService applying = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "pipeline-configs");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicBoolean recomputeQueued = new AtomicBoolean();
    private SharedIndexInformer<ConfigMap> configMaps;
    private SharedIndexInformer<Secret> secrets;
    private Map<String, DesiredPipeline> delivered;

    private final Consumer<Map<String, DesiredPipeline>> onChange;

    /**
     * @param namespace the agent's namespace ({@code --watch-namespace}, {@code POD_NAMESPACE})
     * @param onChange gets the first complete set once the informers listed, then every changed set
     */
    public KubernetesPipelineSource(Supplier<KubernetesClient> client, String namespace, Consumer<Map<String, DesiredPipeline>> onChange) {
        this.client = client;
        this.namespace = namespace;
        this.onChange = onChange;
    }

    @Override
    public synchronized void start() {
        ResourceEventHandler<HasMetadata> handler = new ResourceEventHandler<>() {
            @Override
            public void onAdd(HasMetadata object) {
                queueRecompute(onChange);
            }

            @Override
            public void onUpdate(HasMetadata before, HasMetadata after) {
                queueRecompute(onChange);
            }

            @Override
            public void onDelete(HasMetadata object, boolean finalStateUnknown) {
                queueRecompute(onChange);
            }
        };
        KubernetesClient client = this.client.get();
        configMaps = client.configMaps().inNamespace(namespace)
                .withLabel(AgentContract.LABEL_ROLE, AgentContract.ROLE_PIPELINE_CONFIG).runnableInformer(0);
        secrets = client.secrets().inNamespace(namespace)
                .withLabel(AgentContract.LABEL_ROLE, AgentContract.ROLE_PIPELINE_CREDENTIALS).runnableInformer(0);
        configMaps.addEventHandler(handler);
        secrets.addEventHandler(handler);
        for (SharedIndexInformer<? extends HasMetadata> informer : java.util.List.of(configMaps, secrets)) {
            informer.exceptionHandler((started, error) -> {
                LOG.log(System.Logger.Level.WARNING, "event=informer_error resource={0} namespace={1} error=\"{2}\" action=retry",
                        informer.getApiTypeClass().getSimpleName(), namespace, error.getMessage());
                return true;
            });
            informer.start();
        }
        queueRecompute(onChange); // no object at all must still give the host its first (empty) set
        LOG.log(System.Logger.Level.INFO, "event=pipeline_watch_started namespace={0} selector={1}",
                namespace, AgentContract.PIPELINE_CONFIG_SELECTOR);
    }

    private void queueRecompute(Consumer<Map<String, DesiredPipeline>> onChange) {
        if (applying.isShutdown()) {
            return; // stopping: an informer's last event
        }
        if (recomputeQueued.compareAndSet(false, true)) {
            applying.execute(() -> {
                recomputeQueued.set(false);
                // the first set is complete only once both kinds are listed: a pipeline seen without its Secret would be rejected
                if (configMaps.hasSynced() && secrets.hasSynced()) {
                    Map<String, DesiredPipeline> desired = desired();
                    if (!desired.equals(delivered)) {
                        delivered = desired;
                        onChange.accept(desired);
                    }
                } else {
                    applying.schedule(() -> queueRecompute(onChange), 100, TimeUnit.MILLISECONDS);
                }
            });
        }
    }

    /** The desired set from the informers' stores: every labelled ConfigMap, with the Secret of the same name. */
    Map<String, DesiredPipeline> desired() {
        Map<String, Map<String, String>> credentials = new HashMap<>();
        for (Secret secret : secrets.getStore().list()) {
            Map<String, String> values = new TreeMap<>();
            if (secret.getData() != null) {
                secret.getData().forEach((key, value) -> values.put(key, new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8)));
            }
            credentials.put(secret.getMetadata().getName(), values);
        }
        Map<String, DesiredPipeline> desired = new TreeMap<>();
        for (ConfigMap configMap : configMaps.getStore().list()) {
            String name = configMap.getMetadata().getName();
            String origin = "ConfigMap " + namespace + "/" + name;
            String pipeline = configMap.getMetadata().getAnnotations() == null ? null
                    : configMap.getMetadata().getAnnotations().get(AgentContract.ANNOTATION_PIPELINE);
            if (pipeline == null || !pipeline.contains("/")) {
                LOG.log(System.Logger.Level.WARNING, "event=pipeline_config_ignored origin=\"{0}\" reason=\"no {1} annotation "
                        + "naming <namespace>/<name>\"", origin, AgentContract.ANNOTATION_PIPELINE);
                continue;
            }
            String[] identity = pipeline.split("/", 2);
            String json = configMap.getData() == null ? null : configMap.getData().get(AgentContract.PIPELINE_CONFIG_KEY);
            desired.put(pipeline, new DesiredPipeline(identity[0], identity[1], json == null ? "" : json,
                    credentials.getOrDefault(name, Map.of()), origin));
        }
        return desired;
    }

    @Override
    public synchronized void stop(Deadline deadline) {
        if (configMaps != null) {
            configMaps.stop();
            secrets.stop();
        }
        applying.shutdownNow();
        try {
            applying.awaitTermination(deadline.nanosLeft(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
