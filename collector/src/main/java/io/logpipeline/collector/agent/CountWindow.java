package io.logpipeline.collector.agent;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Counts over the last {@code window} from running totals (sent, failed, dropped): a small ring of
 * per-minute snapshots per counter, so a report says "in the last 5 minutes" without keeping every event.
 * The count is the total now minus the last snapshot taken at least a window ago; a counter younger than
 * the window counts from zero. Accurate to a minute, which is what status needs. Not thread-safe: the
 * reporter's thread owns it.
 */
final class CountWindow {

    private static final Duration SNAPSHOT_EVERY = Duration.ofMinutes(1);

    private final Duration window;
    private final Map<String, Deque<Snapshot>> snapshots = new HashMap<>();

    CountWindow(Duration window) {
        this.window = window;
    }

    /** The count of {@code counter} within the window ending now, given its running total; takes a snapshot once a minute. */
    long count(String counter, long total, Instant now) {
        Deque<Snapshot> ring = snapshots.computeIfAbsent(counter, c -> new ArrayDeque<>());
        if (ring.isEmpty() || !now.isBefore(ring.peekLast().at.plus(SNAPSHOT_EVERY))) {
            ring.addLast(new Snapshot(now, total));
        }
        Instant windowStart = now.minus(window);
        // keep one snapshot at or before the window's start: it is the baseline
        while (ring.size() > 1 && !ring.stream().skip(1).findFirst().orElseThrow().at.isAfter(windowStart)) {
            ring.removeFirst();
        }
        Snapshot oldest = ring.peekFirst();
        long baseline = oldest.at.isAfter(windowStart) ? 0 : oldest.total;
        return Math.max(0, total - baseline);
    }

    /** Forgets counters not in {@code live} (a removed pipeline or backend). */
    void retain(Set<String> live) {
        snapshots.keySet().retainAll(live);
    }

    private record Snapshot(Instant at, long total) {
    }
}
