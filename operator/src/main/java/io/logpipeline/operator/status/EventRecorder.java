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

/** Writes one Kubernetes Event for a state change of a LogPipeline or LogBackend (never one per reconcile). */
public final class EventRecorder {

    private static final Logger LOG = Logger.getLogger(EventRecorder.class);
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private final Clock clock;

    public EventRecorder(Clock clock) {
        this.clock = clock;
    }

    public void record(KubernetesClient client, HasMetadata about, boolean normal, String reason, String message) {
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
