package io.logpipeline.operator.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.logpipeline.api.v1alpha1.ConditionedStatus;
import io.logpipeline.operator.status.Conditions.Reasons;
import java.lang.reflect.InvocationTargetException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The one way both reconcilers write status (after kroxylicious' StatusFactory): conditions stamped with the
 * injected clock and the generation, one Event per condition change (announce), and a status patch only when the
 * status changed — never a PUT. A reconcile that throws shows Ready=Unknown, reason ReconcileFailed.
 */
public final class StatusWriter {

    private static final Logger LOG = Logger.getLogger(StatusWriter.class);

    private final Clock clock;
    private final EventRecorder events;

    public StatusWriter(Clock clock) {
        this.clock = clock;
        this.events = new EventRecorder(clock);
    }

    /** The conditions of this reconcile, keeping each one's lastTransitionTime while its status stays. */
    public ConditionList conditions(ConditionedStatus before, long generation) {
        return new ConditionList(before.getConditions(), clock, generation);
    }

    /**
     * One Event per changed condition; Ready repeats another condition, Unknown is a transient wait and Updating
     * (agents still loading a new configuration) the normal course of every change, so none of them is announced:
     * a Warning for each pipeline of every healthy rollout would bury the real ones, and cost one API write per
     * pipeline (1,000 at a time at scale, docs/benchmarks.md).
     */
    public void announce(KubernetesClient client, CustomResource<?, ?> about, List<Condition> changed) {
        for (Condition condition : changed) {
            if (Conditions.READY.equals(condition.getType()) || Conditions.UNKNOWN.equals(condition.getStatus())
                    || Reasons.UPDATING.equals(condition.getReason())) {
                continue;
            }
            events.recordChange(client, about, condition.getType(), condition.getStatus() + "/" + condition.getReason(),
                    Conditions.TRUE.equals(condition.getStatus()), condition.getReason(), condition.getMessage());
        }
    }

    /** An Event for something other than a condition (e.g. a new configuration hash), once per distinct state. */
    public void announce(KubernetesClient client, CustomResource<?, ?> about, String aspect, String state, String reason, String message) {
        events.recordChange(client, about, aspect, state, true, reason, message);
    }

    /** Forgets a deleted resource's announcements. */
    public void forget(CustomResource<?, ?> about) {
        events.forget(about);
    }

    /**
     * How soon a resource whose status was patched is looked at once more. JOSDK 5.3 (read-after-write consistency)
     * drops the resource's events that arrive while its status patch is in flight, a user's spec change among them
     * (operator-framework/java-operator-sdk#3398, fixed after 5.3.2, the newest served here): that look picks such a
     * change up. When nothing changed meanwhile it writes nothing and asks for no further look.
     */
    public static final Duration RECHECK_AFTER_STATUS_PATCH = Duration.ofSeconds(5);

    /**
     * A status patch of {@code status} when it differs from {@code before}, with a look again after {@link
     * #RECHECK_AFTER_STATUS_PATCH}; else no update.
     */
    public <S extends ConditionedStatus, R extends CustomResource<?, S>> UpdateControl<R> patch(R resource, S before, S status) {
        if (status.equals(before)) {
            return UpdateControl.noUpdate();
        }
        LOG.infof("event=status-changed kind=%s resource=%s/%s generation=%d ready=%s reason=%s", resource.getKind(),
                resource.getMetadata().getNamespace(), resource.getMetadata().getName(), status.getObservedGeneration(),
                ready(status).map(Condition::getStatus).orElse(""), ready(status).map(Condition::getReason).orElse(""));
        return UpdateControl.patchStatus(patchOf(resource, status)).rescheduleAfter(RECHECK_AFTER_STATUS_PATCH);
    }

    /** Asks for another reconcile within {@code after}, unless the control asks for one sooner already. */
    public static void lookAgainWithin(UpdateControl<?> control, Duration after) {
        if (control.getScheduleDelay().map(scheduled -> after.toMillis() < scheduled).orElse(true)) {
            control.rescheduleAfter(after);
        }
    }

    /**
     * What a reconcile that threw leaves: every condition as it was, and Ready=Unknown with reason ReconcileFailed
     * and the error, so nobody reads the last outcome as current. JOSDK retries.
     */
    public <S extends ConditionedStatus, R extends CustomResource<?, S>> ErrorStatusUpdateControl<R> failed(R resource,
            Supplier<S> newStatus, Exception error) {
        S status = resource.getStatus() == null ? newStatus.get() : resource.getStatus();
        long generation = Optional.ofNullable(status.getObservedGeneration()).orElse(0L);
        ConditionList conditions = conditions(status, generation);
        status.getConditions().stream().filter(c -> !Conditions.READY.equals(c.getType()))
                .forEach(c -> conditions.set(c.getType(), c.getStatus(), c.getReason(), c.getMessage()));
        conditions.set(Conditions.READY, Conditions.UNKNOWN, Reasons.RECONCILE_FAILED,
                "The operator could not reconcile this " + resource.getKind() + " and retries: " + error.getMessage());
        status.setConditions(conditions.list());
        LOG.warnf("event=reconcile-failed kind=%s resource=%s/%s error=%s", resource.getKind(), resource.getMetadata().getNamespace(),
                resource.getMetadata().getName(), error.getMessage());
        return ErrorStatusUpdateControl.patchStatus(patchOf(resource, status));
    }

    private static Optional<Condition> ready(ConditionedStatus status) {
        return ConditionList.find(status.getConditions(), Conditions.READY);
    }

    /** Only name, namespace and status: a status patch must not carry a stale resourceVersion or spec. */
    @SuppressWarnings("unchecked")
    private static <S, R extends CustomResource<?, S>> R patchOf(R resource, S status) {
        try {
            R patch = (R) resource.getClass().getDeclaredConstructor().newInstance();
            patch.setMetadata(new ObjectMetaBuilder().withName(resource.getMetadata().getName())
                    .withNamespace(resource.getMetadata().getNamespace()).build());
            patch.setStatus(status);
            return patch;
        } catch (InstantiationException | IllegalAccessException | NoSuchMethodException | InvocationTargetException e) {
            throw new IllegalStateException("custom resource classes have a public no-argument constructor", e);
        }
    }
}
