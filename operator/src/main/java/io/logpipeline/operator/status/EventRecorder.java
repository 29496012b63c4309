package io.logpipeline.operator.status;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Writes one Kubernetes Event per state change of a LogPipeline or LogBackend, never one per reconcile.
 * It remembers what it announced per object, because a reconcile can run on a cached object that does
 * not yet show the status the previous reconcile wrote, and would otherwise announce the same change twice.
 */
public final class EventRecorder {

    private static final Logger LOG = Logger.getLogger(EventRecorder.class);
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private final Clock clock;
    private final java.util.Map<String, java.util.Map<String, String>> announced = new java.util.concurrent.ConcurrentHashMap<>();

    public EventRecorder(Clock clock) {
        this.clock = clock;
    }

    /**
     * Records an Event unless this object's {@code aspect} (a condition type, or the config hash) was already
     * announced with this {@code state}.
     */
    public void recordChange(KubernetesClient client, HasMetadata about, String aspect, String state, boolean normal,
                             String reason, String message) {
        java.util.Map<String, String> states = announced.computeIfAbsent(about.getMetadata().getUid(), uid -> new java.util.concurrent.ConcurrentHashMap<>());
        if (!state.equals(states.put(aspect, state))) {
            record(client, about, normal, reason, message);
        }
    }

    /** Forgets a deleted object. */
    public void forget(HasMetadata about) {
        announced.remove(about.getMetadata().getUid());
    }

    private void record(KubernetesClient client, HasMetadata about, boolean normal, String reason, String message) {
        String now = DateTimeFormatter.ISO_INSTANT.format(clock.instant().truncatedTo(ChronoUnit.SECONDS));
        String namespace = about.getMetadata().getNamespace();
        try {
            client.v1().events().inNamespace(namespace).resource(new EventBuilder()
                    .withNewMetadata()
                        .withName(about.getMetadata().getName() + "." + Long.toHexString(clock.millis()) + SEQUENCE.incrementAndGet())
                        .withNamespace(namespace)
                    .endMetadata()
                    .withNewInvolvedObject()
                        .withApiVersion(about.getApiVersion())
                        .withKind(about.getKind())
                        .withName(about.getMetadata().getName())
                        .withNamespace(namespace)
                        .withUid(about.getMetadata().getUid())
                    .endInvolvedObject()
                    .withType(normal ? "Normal" : "Warning")
                    .withReason(reason)
                    .withMessage(message)
                    .withFirstTimestamp(now)
                    .withLastTimestamp(now)
                    .withCount(1)
                    .withNewSource().withComponent("logpipeline-operator").endSource()
                    .build()).create();
        } catch (KubernetesClientException e) {
            // An event is a notification; losing one must not fail the reconcile.
            LOG.warnf("event=event-not-recorded kind=%s name=%s/%s reason=%s code=%d",
                    about.getKind(), namespace, about.getMetadata().getName(), reason, e.getCode());
        }
    }
}
