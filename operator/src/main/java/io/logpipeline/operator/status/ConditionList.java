package io.logpipeline.operator.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.logpipeline.api.validation.Problem;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Builds a status's conditions from the previous ones: lastTransitionTime moves only when a condition's
 * status changes, so a re-reconcile with the same outcome writes an identical status.
 */
public final class ConditionList {

    private final List<Condition> previous;
    private final List<Condition> current = new ArrayList<>();
    private final Clock clock;
    private final long generation;

    public ConditionList(List<Condition> previous, Clock clock, long generation) {
        this.previous = previous == null ? List.of() : previous;
        this.clock = clock;
        this.generation = generation;
    }

    static final int MAX_MESSAGE = 32768;

    /** Sets one condition; call in the order the status should list them. */
    public ConditionList set(String type, String status, String reason, String message) {
        Optional<Condition> before = find(previous, type);
        String transition = before.filter(c -> Objects.equals(c.getStatus(), status))
                .map(Condition::getLastTransitionTime)
                .orElseGet(() -> DateTimeFormatter.ISO_INSTANT.format(clock.instant().truncatedTo(ChronoUnit.SECONDS)));
        current.add(new ConditionBuilder()
                .withType(type)
                .withStatus(status)
                .withReason(reason)
                .withMessage(bounded(message))
                .withObservedGeneration(generation)
                .withLastTransitionTime(transition)
                .build());
        return this;
    }

    /**
     * Accepted from the spec's problems: True with reason Valid when there are none, else False with the first
     * problem's reason and every problem, each with its field path.
     */
    public ConditionList setAccepted(List<Problem> problems) {
        if (problems.isEmpty()) {
            return set(Conditions.ACCEPTED, Conditions.TRUE, Conditions.Reasons.VALID, "The spec is valid.");
        }
        return set(Conditions.ACCEPTED, Conditions.FALSE, problems.get(0).reason(),
                "The spec has " + problems.size() + " problem(s); fix them and re-apply: " + Problem.join(problems));
    }

    /** {@code type}=False with the first problem's reason and every problem in the message. */
    public ConditionList setFalse(String type, List<Problem> problems) {
        return set(type, Conditions.FALSE, problems.get(0).reason(), Problem.join(problems));
    }

    /** The CRD requires a message (metav1.Condition) of at most 32768 characters: an API server refuses the whole status otherwise. */
    private static String bounded(String message) {
        if (message == null) {
            return "";
        }
        return message.length() <= MAX_MESSAGE ? message : message.substring(0, MAX_MESSAGE - 1) + "…";
    }

    /** Ready: mirrors the first condition so far that is not True, else True with reason Ready. */
    public ConditionList setReadyFromOthers(String readyMessage) {
        Optional<Condition> failing = current.stream().filter(c -> !Conditions.TRUE.equals(c.getStatus())).findFirst();
        if (failing.isPresent()) {
            Condition first = failing.get();
            return set(Conditions.READY, Conditions.UNKNOWN.equals(first.getStatus()) ? Conditions.UNKNOWN : Conditions.FALSE,
                    first.getReason(), first.getMessage());
        }
        return set(Conditions.READY, Conditions.TRUE, Conditions.Reasons.READY, readyMessage);
    }

    public List<Condition> list() {
        return List.copyOf(current);
    }

    /** The conditions whose status or reason differ from before: what deserves an Event. */
    public List<Condition> changed() {
        return current.stream()
                .filter(c -> find(previous, c.getType())
                        .map(p -> !Objects.equals(p.getStatus(), c.getStatus()) || !Objects.equals(p.getReason(), c.getReason()))
                        .orElse(true))
                .toList();
    }

    public static Optional<Condition> find(List<Condition> conditions, String type) {
        return conditions == null ? Optional.empty()
                : conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
    }
}
