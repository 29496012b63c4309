package io.logpipeline.collector.input;

import io.logpipeline.collector.input.tail.FileTailer;
import io.logpipeline.collector.input.tail.FileTailer.TurnResult;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import static java.lang.System.Logger.Level.WARNING;

/**
 * Read scheduling for one input: hands out the {@code maxConcurrentFiles} slots (open file handles) to
 * waiting files in arrival order, and runs read cycles, in which every open file gets one turn of at most
 * {@value #TURN_BUDGET_BYTES} bytes. A file gives its slot up after its turn while others wait. Input thread only.
 */
final class ReadScheduler {

    /** What a read cycle found: nothing to do until the next poll, more to read now, or a full sink. */
    enum Cycle { IDLE, MORE, BLOCKED }

    private static final System.Logger LOG = System.getLogger(FileInput.class.getName());
    // Bytes one file may read per turn before the others get theirs.
    private static final long TURN_BUDGET_BYTES = 1024 * 1024;

    private final FileInputSettings settings;
    private final FileInputStats stats;
    private final Runnable requestWalk;
    private final ArrayDeque<TrackedFile> waiting = new ArrayDeque<>();

    /** @param requestWalk asks for a walk at the next poll (a read met a truncation) */
    ReadScheduler(FileInputSettings settings, FileInputStats stats, Runnable requestWalk) {
        this.settings = settings;
        this.stats = stats;
        this.requestWalk = requestWalk;
    }

    boolean hasWaiting() {
        return !waiting.isEmpty();
    }

    /** Whether a file with nothing to read yet may be opened: then its growth is seen by the reads of every poll, without a walk. */
    boolean hasFreeSlot() {
        return stats.openFiles() + waiting.size() < settings.maxConcurrentFiles();
    }

    /** Queues a file for a slot unless it is open, queued or done. */
    void enqueue(TrackedFile file) {
        if (!file.waiting && !file.finishing && !file.tailer.isOpen()) {
            file.waiting = true;
            waiting.addLast(file);
        }
    }

    /** Moves these files (those of them waiting) to the head of the queue, in this order: they are older content. */
    void putFirst(List<TrackedFile> files) {
        List<TrackedFile> queued = new ArrayList<>(waiting);
        queued.removeAll(files);
        waiting.clear();
        files.stream().filter(file -> file.waiting).forEach(waiting::addLast);
        waiting.addAll(queued);
    }

    /** Opens waiting files, in arrival order, while slots are free. */
    void openWaitingFiles() {
        while (stats.openFiles() < settings.maxConcurrentFiles() && !waiting.isEmpty()) {
            TrackedFile file = waiting.pollFirst();
            file.waiting = false;
            if (file.finishing || file.tailer.isOpen()) {
                continue;
            }
            try {
                file.tailer.open();
            } catch (NoSuchFileException e) {
                // gone since discovery; the next poll settles it
            } catch (IOException e) {
                LOG.log(WARNING, "event=file_open_failed path=" + file.tailer.path() + " error=\"" + e + "\"");
            }
        }
    }

    /** Free slots go to waiting files in arrival order, then every open file gets one turn. */
    Cycle readCycle(FileTracker tracker) {
        boolean more = false;
        boolean blocked = false;
        openWaitingFiles();
        for (Iterator<TrackedFile> it = tracker.files().iterator(); it.hasNext(); ) {
            TrackedFile file = it.next();
            FileTailer tailer = file.tailer;
            if (!tailer.drainOutbox()) {
                blocked = true;
                continue;
            }
            if (file.finishing) {
                tailer.closeChannel();
                it.remove();
                continue;
            }
            if (!tailer.isOpen()) {
                if (tailer.hasPendingRecords()) {
                    tailer.flushExpiredNow();
                }
                continue;
            }
            TurnResult result = readTurn(tracker, file);
            if (result == null) {
                continue;
            }
            more |= result == TurnResult.MORE;
            blocked |= result == TurnResult.BLOCKED;
            if (hasWaiting() && !file.gone() && !file.finishing && result != TurnResult.BLOCKED) {
                // Others wait for a slot: give this one up and queue behind them if data is left.
                tailer.closeChannel();
                if (result == TurnResult.MORE) {
                    enqueue(file);
                }
            }
        }
        if (hasWaiting() && stats.openFiles() < settings.maxConcurrentFiles()) {
            more = true;
        }
        return blocked ? Cycle.BLOCKED : more ? Cycle.MORE : Cycle.IDLE;
    }

    // One turn of an open file; null when the read failed (the handle is closed, the next poll settles it).
    private TurnResult readTurn(FileTracker tracker, TrackedFile file) {
        FileTailer tailer = file.tailer;
        TurnResult result;
        try {
            result = tailer.readTurn(TURN_BUDGET_BYTES);
        } catch (IOException e) {
            LOG.log(WARNING, "event=file_read_failed path=" + tailer.path() + " error=\"" + e + "\"");
            tailer.closeChannel();
            return null;
        }
        switch (result) {
            case TRUNCATED -> {
                // The walk looks for logrotate's copy of the old content, else counts what was lost.
                // (Also for a file already taken for rotated away: a walk that met the path empty, just
                // truncated, cannot tell the two apart.)
                file.truncatedAt = tailer.path();
                requestWalk.run();
            }
            case END_OF_FILE -> {
                if (file.gone() && tracker.pollCount() > file.gonePoll) {
                    tracker.finish(file);
                }
            }
            default -> {
            }
        }
        return result;
    }
}
