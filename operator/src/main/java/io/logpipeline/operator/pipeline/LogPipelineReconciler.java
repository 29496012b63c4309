package io.logpipeline.operator.pipeline;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatus;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.logpipeline.api.v1alpha1.BackendRef;
import io.logpipeline.api.v1alpha1.CollectorsStatus;
import io.logpipeline.api.v1alpha1.LogBackend;
import io.logpipeline.api.v1alpha1.LogPipeline;
import io.logpipeline.api.v1alpha1.LogPipelineStatus;
import io.logpipeline.api.validation.FieldProblem;
import io.logpipeline.api.validation.PipelineValidator;
import io.logpipeline.operator.index.ReferenceIndexes;
import io.logpipeline.operator.model.CollectorDefaults;
import io.logpipeline.operator.model.DesiredState;
import io.logpipeline.operator.model.DesiredStateBuilder;
import io.logpipeline.operator.resolve.PipelineBackends;
import io.logpipeline.operator.status.ConditionList;
import io.logpipeline.operator.status.Conditions;
import io.logpipeline.operator.status.Conditions.Reasons;
import io.logpipeline.operator.status.EventRecorder;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Reconciles a LogPipeline: resolve its LogBackends and Secrets, validate, build one desired-state model,
 * let the workflow's dependents render from it, then report status from the outcome and the DaemonSet.
 * An invalid spec or an unresolved backend leaves every rendered object as it was (the collectors keep
 * running their last good configuration) and waits for the next change instead of retrying.
 */
@Workflow(explicitInvocation = true, dependents = {
        @Dependent(name = LogPipelineReconciler.SERVICE_ACCOUNT, type = ServiceAccountDependent.class),
        @Dependent(name = LogPipelineReconciler.CLUSTER_ROLE, type = ClusterRoleDependent.class),
        @Dependent(name = LogPipelineReconciler.CLUSTER_ROLE_BINDING, type = ClusterRoleBindingDependent.class,
                dependsOn = LogPipelineReconciler.CLUSTER_ROLE),
        @Dependent(name = LogPipelineReconciler.CONFIG_MAP, type = ConfigMapDependent.class),
        @Dependent(name = LogPipelineReconciler.CREDENTIALS, type = CredentialsSecretDependent.class,
                reconcilePrecondition = CredentialsNeeded.class),
        @Dependent(name = LogPipelineReconciler.DAEMON_SET, type = DaemonSetDependent.class,
                dependsOn = {LogPipelineReconciler.SERVICE_ACCOUNT, LogPipelineReconciler.CONFIG_MAP})
})
@ControllerConfiguration(name = LogPipelineReconciler.NAME)
public class LogPipelineReconciler implements Reconciler<LogPipeline>, Cleaner<LogPipeline> {

    public static final String NAME = "logpipeline";
    static final String SERVICE_ACCOUNT = "serviceaccount";
    static final String CLUSTER_ROLE = "clusterrole";
    static final String CLUSTER_ROLE_BINDING = "clusterrolebinding";
    static final String CONFIG_MAP = "configmap";
    static final String CREDENTIALS = "credentials";
    static final String DAEMON_SET = "daemonset";
    static final String BACKENDS_SOURCE = "backends";
    static final String SECRETS_SOURCE = "referenced-secrets";

    private static final Logger LOG = Logger.getLogger(LogPipelineReconciler.class);

    private final CollectorDefaults defaults;
    private final Clock clock;
    private final EventRecorder events;

    public LogPipelineReconciler(CollectorDefaults defaults, Clock clock) {
        this.defaults = defaults;
        this.clock = clock;
        this.events = new EventRecorder(clock);
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
        return List.of(backends, secrets);
    }

    private static Set<ResourceID> pipelinesUsing(EventSourceContext<LogPipeline> context, String backendKey) {
        return context.getPrimaryCache().byIndex(ReferenceIndexes.BACKEND_INDEX, backendKey).stream()
                .map(ResourceID::fromResource)
                .collect(Collectors.toSet());
    }

    @Override
    @SuppressWarnings("unchecked")
    public UpdateControl<LogPipeline> reconcile(LogPipeline pipeline, Context<LogPipeline> context) {
        String namespace = pipeline.getMetadata().getNamespace();
        String name = pipeline.getMetadata().getName();
        long generation = Optional.ofNullable(pipeline.getMetadata().getGeneration()).orElse(0L);
        LogPipelineStatus before = pipeline.getStatus() == null ? new LogPipelineStatus() : pipeline.getStatus();

        CachedReferenceLookup lookup = new CachedReferenceLookup(namespace,
                (InformerEventSource<LogBackend, ?>) context.eventSourceRetriever().getEventSourceFor(LogBackend.class, BACKENDS_SOURCE),
                (InformerEventSource<Secret, ?>) context.eventSourceRetriever().getEventSourceFor(Secret.class, SECRETS_SOURCE),
                context.getClient());
        List<FieldProblem> invalid = PipelineValidator.validate(pipeline.getSpec());
        PipelineBackends backends = PipelineBackends.resolve(pipeline.getSpec(), lookup);

        ConditionList conditions = new ConditionList(before.getConditions(), clock, generation);
        if (invalid.isEmpty()) {
            conditions.set(Conditions.ACCEPTED, Conditions.TRUE, Reasons.VALID, "The spec is valid.");
        } else {
            conditions.set(Conditions.ACCEPTED, Conditions.FALSE, Reasons.INVALID_SPEC, "The spec has " + invalid.size()
                    + " problem(s); fix them and re-apply: " + invalid.stream().map(FieldProblem::toString).collect(Collectors.joining("; ")));
        }
        if (backends.resolved()) {
            conditions.set(Conditions.BACKENDS_RESOLVED, Conditions.TRUE, Reasons.RESOLVED,
                    "Sending to " + String.join(", ", backendNames(pipeline)) + ".");
        } else {
            conditions.set(Conditions.BACKENDS_RESOLVED, Conditions.FALSE, backends.reason(), backends.message());
        }

        String configHash = before.getConfigHash();
        boolean rendered = false;
        if (invalid.isEmpty() && backends.resolved()) {
            DesiredState state = DesiredStateBuilder.build(pipeline, backends, defaults);
            RenderContext.put(context, state);
            context.managedWorkflowAndDependentResourceContext().reconcileManagedWorkflow();
            rendered = !Objects.equals(configHash, state.configHash());
            configHash = state.configHash();
        }

        Optional<DaemonSet> daemonSet = context.getSecondaryResource(DaemonSet.class);
        CollectorsStatus collectors = collectorReady(conditions, daemonSet);
        conditions.setReadyFromOthers("The collectors run the current configuration on every node.");

        LogPipelineStatus status = new LogPipelineStatus();
        status.setObservedGeneration(generation);
        status.setConditions(conditions.list());
        status.setCollectors(collectors);
        status.setBackends(backendNames(pipeline));
        status.setConfigHash(configHash);

        recordEvents(context, pipeline, conditions.changed(), rendered ? configHash : null);
        if (status.equals(before)) {
            return UpdateControl.noUpdate();
        }
        LOG.infof("event=status-changed pipeline=%s/%s generation=%d ready=%s reason=%s configHash=%s", namespace, name,
                generation, readyStatus(status), readyReason(status), configHash);
        LogPipeline patch = new LogPipeline();
        patch.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
        patch.setStatus(status);
        return UpdateControl.patchStatus(patch);
    }

    /** Sets CollectorReady from the DaemonSet and returns the pod counts for status.collectors. */
    private static CollectorsStatus collectorReady(ConditionList conditions, Optional<DaemonSet> daemonSet) {
        if (daemonSet.isEmpty()) {
            conditions.set(Conditions.COLLECTOR_READY, Conditions.UNKNOWN, Reasons.NOT_RENDERED,
                    "No collector DaemonSet yet: it is rendered once the spec is accepted and its backends resolve.");
            return null;
        }
        DaemonSet ds = daemonSet.get();
        DaemonSetStatus dsStatus = ds.getStatus();
        long dsGeneration = Optional.ofNullable(ds.getMetadata().getGeneration()).orElse(0L);
        if (dsStatus == null || dsStatus.getObservedGeneration() == null || dsStatus.getObservedGeneration() < dsGeneration) {
            conditions.set(Conditions.COLLECTOR_READY, Conditions.UNKNOWN, Reasons.PENDING,
                    "Waiting for the DaemonSet controller to observe DaemonSet " + ds.getMetadata().getName()
                            + " generation " + dsGeneration + ".");
            return dsStatus == null ? null : counts(dsStatus);
        }
        CollectorsStatus counts = counts(dsStatus);
        int desired = counts.getDesired();
        if (desired == 0) {
            conditions.set(Conditions.COLLECTOR_READY, Conditions.FALSE, Reasons.NO_NODES,
                    "No node runs a collector: no schedulable node matches spec.collector.nodeSelector and spec.collector.tolerations.");
        } else if (counts.getUpdated() < desired) {
            conditions.set(Conditions.COLLECTOR_READY, Conditions.FALSE, Reasons.ROLLING_OUT,
                    counts.getUpdated() + "/" + desired + " updated, " + counts.getReady() + "/" + desired + " ready.");
        } else if (counts.getReady() < desired) {
            conditions.set(Conditions.COLLECTOR_READY, Conditions.FALSE, Reasons.COLLECTORS_UNAVAILABLE,
                    counts.getReady() + "/" + desired + " collectors ready; check the collector pods with kubectl get pods -n "
                            + ds.getMetadata().getNamespace() + " -l app.kubernetes.io/instance=" + ds.getMetadata().getLabels().get(DesiredState.LABEL_INSTANCE) + ".");
        } else {
            conditions.set(Conditions.COLLECTOR_READY, Conditions.TRUE, Reasons.ROLLED_OUT, desired + "/" + desired + " collectors ready.");
        }
        return counts;
    }

    private static CollectorsStatus counts(DaemonSetStatus status) {
        return CollectorsStatus.of(orZero(status.getDesiredNumberScheduled()), orZero(status.getNumberReady()),
                orZero(status.getUpdatedNumberScheduled()));
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }

    private void recordEvents(Context<LogPipeline> context, LogPipeline pipeline, List<Condition> changed, String renderedHash) {
        if (renderedHash != null) {
            events.recordChange(context.getClient(), pipeline, "configHash", renderedHash, true, "ConfigRendered",
                    "Rendered collector configuration " + renderedHash + "; the collectors roll to it.");
        }
        for (Condition condition : changed) {
            if (Conditions.READY.equals(condition.getType()) || Conditions.UNKNOWN.equals(condition.getStatus())) {
                continue; // Ready repeats another condition; Unknown is a transient wait
            }
            events.recordChange(context.getClient(), pipeline, condition.getType(), condition.getStatus() + "/" + condition.getReason(),
                    Conditions.TRUE.equals(condition.getStatus()), condition.getReason(), condition.getMessage());
        }
    }

    private static List<String> backendNames(LogPipeline pipeline) {
        return pipeline.getSpec() == null || pipeline.getSpec().getBackendRefs() == null ? List.of()
                : pipeline.getSpec().getBackendRefs().stream().map(BackendRef::getName).filter(Objects::nonNull).toList();
    }

    private static String readyStatus(LogPipelineStatus status) {
        return ConditionList.find(status.getConditions(), Conditions.READY).map(Condition::getStatus).orElse("");
    }

    private static String readyReason(LogPipelineStatus status) {
        return ConditionList.find(status.getConditions(), Conditions.READY).map(Condition::getReason).orElse("");
    }

    /** Deletes the cluster-scoped ClusterRole and ClusterRoleBinding (they cannot be owned); the rest is garbage-collected. */
    @Override
    public DeleteControl cleanup(LogPipeline pipeline, Context<LogPipeline> context) {
        Map<String, String> labels = Map.of(
                DesiredState.LABEL_MANAGED_BY, DesiredState.MANAGED_BY,
                DesiredState.LABEL_PIPELINE, pipeline.getMetadata().getName(),
                DesiredState.LABEL_PIPELINE_NAMESPACE, pipeline.getMetadata().getNamespace());
        // list and delete one by one: a collection delete would need the deletecollection verb as well
        context.getClient().rbac().clusterRoleBindings().withLabels(labels).list().getItems()
                .forEach(binding -> context.getClient().resource(binding).delete());
        context.getClient().rbac().clusterRoles().withLabels(labels).list().getItems()
                .forEach(role -> context.getClient().resource(role).delete());
        events.forget(pipeline);
        LOG.infof("event=cleaned-up pipeline=%s/%s deleted=ClusterRole,ClusterRoleBinding", pipeline.getMetadata().getNamespace(),
                pipeline.getMetadata().getName());
        return DeleteControl.defaultDelete();
    }
}
