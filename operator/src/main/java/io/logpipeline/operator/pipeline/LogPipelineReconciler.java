package io.logpipeline.operator.pipeline;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.logpipeline.api.agent.AgentContract;
import io.logpipeline.api.v1alpha1.BackendRef;
import io.logpipeline.api.v1alpha1.LogBackend;
import io.logpipeline.api.v1alpha1.LogPipeline;
import io.logpipeline.api.v1alpha1.LogPipelineStatus;
import io.logpipeline.api.validation.Problem;
import io.logpipeline.api.validation.PipelineValidator;
import io.logpipeline.operator.index.EventFilters;
import io.logpipeline.operator.index.ReferenceIndexes;
import io.logpipeline.operator.model.AgentSettings;
import io.logpipeline.operator.model.DesiredState;
import io.logpipeline.operator.model.DesiredStateBuilder;
import io.logpipeline.operator.resolve.CachedReferenceLookup;
import io.logpipeline.operator.resolve.PipelineBackends;
import io.logpipeline.operator.status.AgentReportCache;
import io.logpipeline.operator.status.ConditionList;
import io.logpipeline.operator.status.Conditions;
import io.logpipeline.operator.status.Conditions.Reasons;
import io.logpipeline.operator.status.StatusWriter;
import io.logpipeline.operator.status.PipelineHealth;
import io.logpipeline.operator.tenancy.Tenancy;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Reconciles a LogPipeline: resolve its LogBackends and Secrets, validate (tenancy included), compile one
 * desired-state model, write the pipeline's ConfigMap and Secret and the shared agent DaemonSet in the agent
 * namespace, then report status from the outcome, the DaemonSet and the node agents' reports. An invalid spec or an
 * unresolved backend leaves the pipeline's objects as they were (the agents keep running the last good
 * configuration) and waits for the next change instead of retrying.
 */
@ControllerConfiguration(name = LogPipelineReconciler.NAME)
public class LogPipelineReconciler implements Reconciler<LogPipeline>, Cleaner<LogPipeline> {

    public static final String NAME = "logpipeline";
    static final String BACKENDS_SOURCE = "backends";
    static final String SECRETS_SOURCE = "referenced-secrets";
    static final String DAEMON_SET_SOURCE = "agent-daemonset";
    static final String CONFIGS_SOURCE = "pipeline-configs";
    static final String CREDENTIALS_SOURCE = "pipeline-credentials";
    static final String REPORTS_SOURCE = "agent-reports";

    private static final Logger LOG = Logger.getLogger(LogPipelineReconciler.class);

    private final AgentObjects agent;
    private final Tenancy tenancy;
    private final Clock clock;
    private final StatusWriter statusWriter;
    private final AgentReportCache reports = new AgentReportCache();

    public LogPipelineReconciler(AgentSettings agent, Tenancy tenancy, Clock clock) {
        this.agent = new AgentObjects(agent);
        this.tenancy = tenancy;
        this.clock = clock;
        this.statusWriter = new StatusWriter(clock);
    }

    @Override
    public List<EventSource<?, LogPipeline>> prepareEventSources(EventSourceContext<LogPipeline> context) {
        context.getPrimaryCache().addIndexer(ReferenceIndexes.BACKEND_INDEX, ReferenceIndexes::backendKeys);

        InformerEventSource<LogBackend, LogPipeline> backends = new InformerEventSource<>(
                InformerEventSourceConfiguration.from(LogBackend.class, LogPipeline.class)
                        .withName(BACKENDS_SOURCE)
                        .withNamespacesInheritedFromController()
                        .withSecondaryToPrimaryMapper(backend -> pipelinesUsing(context,
                                ReferenceIndexes.key(backend.getMetadata().getNamespace(), backend.getMetadata().getName())))
                        .withPrimaryToSecondaryMapper((LogPipeline pipeline) -> Set.copyOf(ReferenceIndexes.backendIds(pipeline)))
                        // a pipeline compiles its backends' spec; their status (usedBy changes with every new
                        // pipeline) would reconcile every pipeline of a backend once per pipeline added
                        .withOnUpdateFilter(EventFilters::specChanged)
                        .build(),
                context);
        backends.addIndexers(Map.of(ReferenceIndexes.SECRET_INDEX, ReferenceIndexes::secretKeys));

        InformerEventSource<Secret, LogPipeline> secrets = new InformerEventSource<>(
                InformerEventSourceConfiguration.from(Secret.class, LogPipeline.class)
                        .withName(SECRETS_SOURCE)
                        .withNamespacesInheritedFromController()
                        .withSecondaryToPrimaryMapper(secret -> backends
                                .byIndex(ReferenceIndexes.SECRET_INDEX,
                                        ReferenceIndexes.key(secret.getMetadata().getNamespace(), secret.getMetadata().getName()))
                                .stream()
                                .flatMap(backend -> pipelinesUsing(context, ReferenceIndexes.key(
                                        backend.getMetadata().getNamespace(), backend.getMetadata().getName())).stream())
                                .collect(Collectors.toSet()))
                        .build(),
                context);

        // The DaemonSet's status (desired agents) is part of every pipeline's status, and a deleted DaemonSet is
        // re-created by whichever pipeline reconciles first.
        // Only the desired count and the spec matter: every other status change (pods created, becoming ready) would
        // reconcile every pipeline.
        InformerEventSource<DaemonSet, LogPipeline> daemonSet = new InformerEventSource<>(
                agentNamespaceSource(DaemonSet.class, DAEMON_SET_SOURCE, DesiredState.LABEL_NAME + "=" + AgentContract.DAEMONSET_NAME,
                        ds -> context.getPrimaryCache().list().map(ResourceID::fromResource).collect(Collectors.toSet()))
                        .withOnUpdateFilter((one, other) -> EventFilters.specChanged(one, other)
                                || !Objects.equals(desiredAgents(one), desiredAgents(other)))
                        .build(), context);
        InformerEventSource<ConfigMap, LogPipeline> configs = inAgentNamespace(context, ConfigMap.class, CONFIGS_SOURCE,
                AgentContract.PIPELINE_CONFIG_SELECTOR, LogPipelineReconciler::annotatedPipeline);
        InformerEventSource<Secret, LogPipeline> credentials = inAgentNamespace(context, Secret.class, CREDENTIALS_SOURCE,
                AgentContract.PIPELINE_CREDENTIALS_SELECTOR, LogPipelineReconciler::annotatedPipeline);
        InformerEventSource<ConfigMap, LogPipeline> reportSource = inAgentNamespace(context, ConfigMap.class, REPORTS_SOURCE,
                AgentContract.AGENT_REPORT_SELECTOR, report -> reports.changedEntries(report, clock.instant()).stream()
                        .map(p -> new ResourceID(p.name(), p.namespace()))
                        .collect(Collectors.toSet()));
        return List.of(backends, secrets, daemonSet, configs, credentials, reportSource);
    }

    /**
     * An informer on one kind of object in the agent namespace, by label, mapped to the pipelines it concerns. The
     * reconciler reads these caches by name, so no primary-to-secondary index: without a primary-to-secondary mapper
     * JOSDK builds one by running the secondary-to-primary mapper on every event a second time.
     */
    private <R extends HasMetadata> InformerEventSource<R, LogPipeline> inAgentNamespace(EventSourceContext<LogPipeline> context,
            Class<R> type, String name, String labelSelector, SecondaryToPrimaryMapper<R> toPipelines) {
        return new InformerEventSource<>(agentNamespaceSource(type, name, labelSelector, toPipelines).build(), context);
    }

    private <R extends HasMetadata> InformerEventSourceConfiguration.Builder<R> agentNamespaceSource(Class<R> type, String name,
            String labelSelector, SecondaryToPrimaryMapper<R> toPipelines) {
        return InformerEventSourceConfiguration.from(type, LogPipeline.class)
                .withName(name)
                .withNamespaces(Set.of(agent.namespace()))
                .withLabelSelector(labelSelector)
                .withSecondaryToPrimaryMapper(toPipelines)
                .withPrimaryToSecondaryMapper((LogPipeline pipeline) -> Set.of());
    }

    private static Integer desiredAgents(DaemonSet daemonSet) {
        return daemonSet.getStatus() == null ? null : daemonSet.getStatus().getDesiredNumberScheduled();
    }

    private static Set<ResourceID> pipelinesUsing(EventSourceContext<LogPipeline> context, String backendKey) {
        return context.getPrimaryCache().byIndex(ReferenceIndexes.BACKEND_INDEX, backendKey).stream()
                .map(ResourceID::fromResource)
                .collect(Collectors.toSet());
    }

    /** The pipeline an object in the agent namespace belongs to, from its {@code logpipeline.io/pipeline} annotation. */
    private static Set<ResourceID> annotatedPipeline(HasMetadata object) {
        String key = object.getMetadata().getAnnotations() == null ? null
                : object.getMetadata().getAnnotations().get(AgentContract.ANNOTATION_PIPELINE);
        int slash = key == null ? -1 : key.indexOf('/');
        return slash < 0 ? Set.of() : Set.of(new ResourceID(key.substring(slash + 1), key.substring(0, slash)));
    }

    @Override
    public UpdateControl<LogPipeline> reconcile(LogPipeline pipeline, Context<LogPipeline> context) {
        String namespace = pipeline.getMetadata().getNamespace();
        String name = pipeline.getMetadata().getName();
        long generation = Optional.ofNullable(pipeline.getMetadata().getGeneration()).orElse(0L);
        LogPipelineStatus before = pipeline.getStatus() == null ? new LogPipelineStatus() : pipeline.getStatus();

        CachedReferenceLookup lookup = new CachedReferenceLookup(namespace, source(context, LogBackend.class, BACKENDS_SOURCE),
                source(context, Secret.class, SECRETS_SOURCE), context.getClient());
        // tenancy first: its reason (NamespaceNotAllowed) is the one Accepted shows
        List<Problem> specProblems = new ArrayList<>(tenancy.problems(namespace, pipeline.getSpec()));
        specProblems.addAll(PipelineValidator.validate(pipeline.getSpec()));
        PipelineBackends backends = PipelineBackends.resolve(pipeline.getSpec(), lookup);

        ConditionList conditions = statusWriter.conditions(before, generation);
        conditions.setAccepted(specProblems);
        if (backends.resolved()) {
            conditions.set(Conditions.BACKENDS_RESOLVED, Conditions.TRUE, Reasons.RESOLVED,
                    "Sending to " + String.join(", ", backendNames(pipeline)) + ".");
        } else {
            conditions.setFalse(Conditions.BACKENDS_RESOLVED, backends.problems());
        }

        agent.ensureDaemonSet(context.getClient(), source(context, DaemonSet.class, DAEMON_SET_SOURCE));
        String configHash = before.getConfigHash();
        boolean rendered = false;
        if (specProblems.isEmpty() && backends.resolved()) {
            DesiredState state = DesiredStateBuilder.build(pipeline, backends, tenancy, agent.namespace());
            agent.writePipeline(context.getClient(), state, source(context, ConfigMap.class, CONFIGS_SOURCE),
                    source(context, Secret.class, CREDENTIALS_SOURCE));
            rendered = !Objects.equals(configHash, state.configHash());
            configHash = state.configHash();
        }

        PipelineHealth.Outcome health = PipelineHealth.apply(conditions, namespace, name, configHash, backendNames(pipeline),
                daemonSet(context), reports.fresh(source(context, ConfigMap.class, REPORTS_SOURCE).list(agent.namespace()).toList(),
                        clock.instant()), clock.instant());
        conditions.setReadyFromOthers("Every node agent runs the current configuration and every backend accepts its records.");

        LogPipelineStatus status = new LogPipelineStatus();
        status.setObservedGeneration(generation);
        status.setConditions(conditions.list());
        status.setCollectors(health.collectors());
        status.setBackends(health.backends());
        status.setConfigHash(configHash);

        if (rendered) {
            statusWriter.announce(context.getClient(), pipeline, "configHash", configHash, "ConfigRendered",
                    "Compiled configuration " + configHash + "; the node agents load it without a restart.");
        }
        statusWriter.announce(context.getClient(), pipeline, conditions.changed());
        UpdateControl<LogPipeline> control = statusWriter.patch(pipeline, before, status);
        health.recheckAfter().ifPresent(after -> StatusWriter.lookAgainWithin(control, after));
        return control;
    }

    /** A reconcile that threw (the API server refused a write, a cache was not synced): Ready=Unknown, ReconcileFailed. */
    @Override
    public ErrorStatusUpdateControl<LogPipeline> updateErrorStatus(LogPipeline pipeline, Context<LogPipeline> context, Exception e) {
        return statusWriter.failed(pipeline, LogPipelineStatus::new, e);
    }

    @SuppressWarnings("unchecked")
    private static <R extends HasMetadata> InformerEventSource<R, LogPipeline> source(Context<LogPipeline> context, Class<R> type, String name) {
        return (InformerEventSource<R, LogPipeline>) context.eventSourceRetriever().getEventSourceFor(type, name);
    }

    private Optional<DaemonSet> daemonSet(Context<LogPipeline> context) {
        return source(context, DaemonSet.class, DAEMON_SET_SOURCE).get(new ResourceID(AgentContract.DAEMONSET_NAME, agent.namespace()));
    }

    private static List<String> backendNames(LogPipeline pipeline) {
        return pipeline.getSpec() == null || pipeline.getSpec().getBackendRefs() == null ? List.of()
                : pipeline.getSpec().getBackendRefs().stream().map(BackendRef::getName).filter(Objects::nonNull).toList();
    }

    /**
     * Deletes the pipeline's ConfigMap and Secret in the agent namespace (an owner reference cannot cross
     * namespaces, hence the finalizer), and the agent DaemonSet with the last LogPipeline.
     */
    @Override
    public DeleteControl cleanup(LogPipeline pipeline, Context<LogPipeline> context) {
        String namespace = pipeline.getMetadata().getNamespace();
        String name = pipeline.getMetadata().getName();
        agent.deletePipeline(context.getClient(), namespace, name);
        ResourceID self = ResourceID.fromResource(pipeline);
        boolean lastPipeline = context.getPrimaryCache().list()
                .noneMatch(other -> !ResourceID.fromResource(other).equals(self) && other.getMetadata().getDeletionTimestamp() == null);
        if (lastPipeline) {
            agent.deleteDaemonSet(context.getClient());
        }
        statusWriter.forget(pipeline);
        LOG.infof("event=cleaned-up pipeline=%s/%s deleted=ConfigMap,Secret%s", namespace, name, lastPipeline ? ",DaemonSet" : "");
        return DeleteControl.defaultDelete();
    }
}
