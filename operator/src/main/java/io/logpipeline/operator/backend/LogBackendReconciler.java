package io.logpipeline.operator.backend;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.logpipeline.api.agent.AgentContract;
import io.logpipeline.operator.model.AgentSettings;
import io.logpipeline.operator.status.AgentReportCache;
import io.logpipeline.operator.status.BackendHealth;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.logpipeline.api.v1alpha1.LogBackend;
import io.logpipeline.api.v1alpha1.LogBackendStatus;
import io.logpipeline.api.v1alpha1.LogPipeline;
import io.logpipeline.api.validation.BackendValidator;
import io.logpipeline.api.validation.Problem;
import io.logpipeline.operator.index.EventFilters;
import io.logpipeline.operator.index.ReferenceIndexes;
import io.logpipeline.operator.resolve.CachedReferenceLookup;
import io.logpipeline.operator.resolve.BackendResolver;
import io.logpipeline.operator.resolve.ResolvedBackend;
import io.logpipeline.operator.resolve.TlsMaterial;
import io.logpipeline.operator.status.ConditionList;
import io.logpipeline.operator.status.Conditions;
import io.logpipeline.operator.status.Conditions.Reasons;
import io.logpipeline.operator.status.StatusWriter;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import io.javaoperatorsdk.operator.processing.event.rate.LinearRateLimiter;
import java.util.stream.Collectors;

/**
 * Checks a LogBackend (endpoint, headers, durations, referenced Secrets, TLS material), reports which pipelines use it,
 * and whether the node agents reach it (Reachable, from their reports).
 *
 * <p>At most {@value #MAX_RECONCILES} reconciles of one backend per {@value #WITHIN_SECONDS} s (JOSDK's rate limiter;
 * the events meanwhile run as one reconcile when the period ends): every new pipeline changes its backends' usedBy,
 * so a burst of creates (1,000 pipelines applied at once, docs/benchmarks.md) wrote each backend's status once per
 * pipeline. A single change still shows at once.
 */
@ControllerConfiguration(name = LogBackendReconciler.NAME, rateLimiter = LogBackendReconciler.BurstLimiter.class)
public class LogBackendReconciler implements Reconciler<LogBackend> {

    public static final String NAME = "logbackend";
    static final int MAX_RECONCILES = 2;
    static final int WITHIN_SECONDS = 5;

    /**
     * {@value #MAX_RECONCILES} reconciles per {@value #WITHIN_SECONDS} s; a class with a no-argument constructor
     * because QOSDK records the limiter at build time and cannot record a configured {@link LinearRateLimiter}.
     */
    public static class BurstLimiter extends LinearRateLimiter {
        public BurstLimiter() {
            super(java.time.Duration.ofSeconds(WITHIN_SECONDS), MAX_RECONCILES);
        }
    }
    static final String SECRETS_SOURCE = "backend-secrets";
    static final String PIPELINES_SOURCE = "pipelines";
    static final String REPORTS_SOURCE = "agent-reports";


    private final String agentNamespace;
    private final Clock clock;
    private final StatusWriter statusWriter;
    private final AgentReportCache reports = new AgentReportCache();
    private final Map<ResourceID, Set<ResourceID>> referencedBackends = new java.util.concurrent.ConcurrentHashMap<>();

    public LogBackendReconciler(AgentSettings agent, Clock clock) {
        this.agentNamespace = agent.namespace();
        this.clock = clock;
        this.statusWriter = new StatusWriter(clock);
    }

    @Override
    public List<EventSource<?, LogBackend>> prepareEventSources(EventSourceContext<LogBackend> context) {
        context.getPrimaryCache().addIndexer(ReferenceIndexes.SECRET_INDEX, ReferenceIndexes::secretKeys);
        InformerEventSource<Secret, LogBackend> secrets = new InformerEventSource<>(
                InformerEventSourceConfiguration.from(Secret.class, LogBackend.class)
                        .withName(SECRETS_SOURCE)
                        .withNamespacesInheritedFromController()
                        .withSecondaryToPrimaryMapper(secret -> context.getPrimaryCache()
                                .byIndex(ReferenceIndexes.SECRET_INDEX,
                                        ReferenceIndexes.key(secret.getMetadata().getNamespace(), secret.getMetadata().getName()))
                                .stream().map(ResourceID::fromResource).collect(Collectors.toSet()))
                        .build(),
                context);
        InformerEventSource<LogPipeline, LogBackend> pipelines = new InformerEventSource<>(
                InformerEventSourceConfiguration.from(LogPipeline.class, LogBackend.class)
                        .withName(PIPELINES_SOURCE)
                        .withNamespacesInheritedFromController()
                        .withSecondaryToPrimaryMapper(this::backendsBeforeAndAfter)
                        .withPrimaryToSecondaryMapper((LogBackend backend) -> Set.of())
                        // usedBy follows the pipelines' backendRefs; their status patches concern no backend
                        .withOnUpdateFilter(EventFilters::specChanged)
                        .build(),
                context);
        pipelines.addIndexers(Map.of(ReferenceIndexes.BACKEND_INDEX, ReferenceIndexes::backendKeys));
        InformerEventSource<ConfigMap, LogBackend> reportSource = new InformerEventSource<>(
                InformerEventSourceConfiguration.from(ConfigMap.class, LogBackend.class)
                        .withName(REPORTS_SOURCE)
                        .withNamespaces(Set.of(agentNamespace))
                        .withLabelSelector(AgentContract.AGENT_REPORT_SELECTOR)
                        .withSecondaryToPrimaryMapper(report -> reports.changedEntries(report, clock.instant()).stream()
                                .flatMap(p -> p.backends().stream().map(b -> new ResourceID(b.name(), p.namespace())))
                                .collect(Collectors.toSet()))
                        // read by list(), never by primary: no index, which would run the mapper a second time per event
                        .withPrimaryToSecondaryMapper((LogBackend backend) -> Set.of())
                        .build(),
                context);
        return List.of(secrets, pipelines, reportSource);
    }

    /**
     * The backends a pipeline references now and referenced at its previous event: the mapper only sees the new
     * object, and a backend the pipeline stopped using must drop it from usedBy too.
     */
    private Set<ResourceID> backendsBeforeAndAfter(LogPipeline pipeline) {
        Set<ResourceID> now = Set.copyOf(ReferenceIndexes.backendIds(pipeline));
        Set<ResourceID> before = referencedBackends.put(ResourceID.fromResource(pipeline), now);
        if (before == null || before.equals(now)) {
            return now;
        }
        Set<ResourceID> both = new java.util.HashSet<>(now);
        both.addAll(before);
        return both;
    }

    @Override
    @SuppressWarnings("unchecked")
    public UpdateControl<LogBackend> reconcile(LogBackend backend, Context<LogBackend> context) {
        String namespace = backend.getMetadata().getNamespace();
        String name = backend.getMetadata().getName();
        long generation = Optional.ofNullable(backend.getMetadata().getGeneration()).orElse(0L);
        LogBackendStatus before = backend.getStatus() == null ? new LogBackendStatus() : backend.getStatus();
        ConditionList conditions = statusWriter.conditions(before, generation);

        conditions.setAccepted(BackendValidator.validate(backend.getSpec()));

        if (backend.getSpec() != null && backend.getSpec().getOtlp() != null) {
            InformerEventSource<Secret, ?> secrets =
                    (InformerEventSource<Secret, ?>) context.eventSourceRetriever().getEventSourceFor(Secret.class, SECRETS_SOURCE);
            ResolvedBackend resolved = BackendResolver.resolve(backend, new CachedReferenceLookup(namespace, null, secrets, context.getClient()));
            // references first: TLS material is checked once every referenced key resolved
            List<Problem> problems = resolved.problems().isEmpty() ? TlsMaterial.problems(resolved.forTlsCheck()) : resolved.problems();
            if (!problems.isEmpty()) {
                conditions.setFalse(Conditions.SECRETS_RESOLVED, problems);
            } else {
                conditions.set(Conditions.SECRETS_RESOLVED, Conditions.TRUE, Reasons.RESOLVED, resolved.credentials().isEmpty()
                        ? "No Secret referenced." : "Every referenced Secret key exists" + (resolved.exporter().getTls() == null ? "." : " and the TLS material parses."));
            }
        }
        conditions.setReadyFromOthers("The backend can receive logs from pipelines.");
        // after Ready: an unused backend has no reports, and Ready says whether it is usable as configured
        InformerEventSource<ConfigMap, ?> reportSource =
                (InformerEventSource<ConfigMap, ?>) context.eventSourceRetriever().getEventSourceFor(ConfigMap.class, REPORTS_SOURCE);
        BackendHealth.apply(conditions, namespace, name, reports.fresh(reportSource.list(agentNamespace).toList(), clock.instant()),
                clock.instant());

        InformerEventSource<LogPipeline, ?> pipelines =
                (InformerEventSource<LogPipeline, ?>) context.eventSourceRetriever().getEventSourceFor(LogPipeline.class, PIPELINES_SOURCE);
        List<String> usedBy = pipelines.byIndex(ReferenceIndexes.BACKEND_INDEX, ReferenceIndexes.key(namespace, name)).stream()
                .map(p -> p.getMetadata().getName()).sorted().distinct().toList();

        LogBackendStatus status = new LogBackendStatus();
        status.setObservedGeneration(generation);
        status.setConditions(conditions.list());
        status.setUsedBy(usedBy);

        statusWriter.announce(context.getClient(), backend, conditions.changed());
        return statusWriter.patch(backend, before, status);
    }

    /** A reconcile that threw: Ready=Unknown, reason ReconcileFailed, with the error. */
    @Override
    public ErrorStatusUpdateControl<LogBackend> updateErrorStatus(LogBackend backend, Context<LogBackend> context, Exception e) {
        return statusWriter.failed(backend, LogBackendStatus::new, e);
    }
}
