package io.logpipeline.collector.input.discovery;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

/**
 * Tells discovery whether the directories it walks gained, lost or renamed an entry since it last
 * asked, through the file system's change notification (inotify on Linux, via {@link WatchService}),
 * and reports each created entry as it happens, on a thread of its own, so a new file can be opened
 * before it is renamed away. Only entry events are watched, not writes, so a busy log file costs nothing here.
 *
 * <p>When notification is not available (no watch service, the inotify watch limit reached, a
 * directory that cannot be watched), every question is answered "changed", so discovery falls back
 * to walking at every poll.
 */
final class DirectoryWatch implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(DirectoryWatch.class.getName());

    private final Consumer<Path> onCreated;
    private final Map<Path, WatchKey> keys = new ConcurrentHashMap<>();
    private final AtomicBoolean changed = new AtomicBoolean();
    // Counts the batches of entry events: a listing is current while this has not moved since it began.
    private final AtomicLong changes = new AtomicLong();
    private final AtomicLong registrations = new AtomicLong();
    private final AtomicLong overflows = new AtomicLong();
    // Created by start(), not the constructor: the JDK's Linux watch service starts its poller thread when created.
    private volatile WatchService service;
    private volatile boolean failed = true;
    private Thread thread;

    /** @param onCreated called on the watch thread with every entry created in (or renamed into) a watched directory */
    DirectoryWatch(Consumer<Path> onCreated) {
        this.onCreated = onCreated;
    }

    /** Opens the watch service and starts the thread that takes its events; without a service, every question is answered "changed". */
    void start() {
        try {
            service = FileSystems.getDefault().newWatchService();
        } catch (IOException | UnsupportedOperationException e) {
            LOG.log(INFO, "event=directory_watch_unavailable fallback=poll error=\"" + e + "\"");
            return;
        }
        failed = false;
        thread = new Thread(this::run, "directory-watch");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Watches a directory discovery is about to list. Called before its entries are read, so an entry
     * created while it is listed is either listed or reported. Safe from any thread.
     */
    void watch(Path directory) {
        WatchKey known = keys.get(directory);
        if (failed || (known != null && known.isValid())) {
            return;
        }
        try {
            keys.put(directory, directory.register(service, StandardWatchEventKinds.ENTRY_CREATE,
                    StandardWatchEventKinds.ENTRY_DELETE));
            registrations.incrementAndGet();
        } catch (NoSuchFileException e) {
            // removed since it was listed (a pod going away): its parent reports that
        } catch (IOException | ClosedWatchServiceException | UnsupportedOperationException e) {
            // e.g. fs.inotify.max_user_watches reached: walking at every poll still finds everything
            LOG.log(INFO, "event=directory_watch_unavailable fallback=poll directory=" + directory
                    + " error=\"" + e + "\"");
            failed = true;
        }
    }

    /**
     * Whether an entry was created, deleted or renamed in a watched directory (or events were lost)
     * since the last call; always true when notification is not available.
     */
    boolean changedSinceLastAsked() {
        return changed.getAndSet(false) || failed;
    }

    /** How many batches of entry events were handled until now; moves after their created entries were reported. */
    long changes() {
        return changes.get();
    }

    /** Whether change notification is unavailable: then nothing can be learnt from {@link #changes()}. */
    boolean failed() {
        return failed;
    }

    /** How many directories were registered with the watch service (a directory re-created counts again). */
    long registrations() {
        return registrations.get();
    }

    /** How many times the watch service lost events (its queue overflowed): each makes discovery walk again. */
    long overflows() {
        return overflows.get();
    }

    private void run() {
        try {
            while (true) {
                WatchKey key = service.take();
                Path directory = (Path) key.watchable();
                for (WatchEvent<?> event : key.pollEvents()) {
                    // the other kinds (overflow included) only mean: walk again
                    if (event.kind() == StandardWatchEventKinds.ENTRY_CREATE) {
                        created(directory.resolve((Path) event.context()));
                    } else if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                        overflows.incrementAndGet();
                    }
                }
                // set after the created entries are handled, so a walk that sees the change sees them too
                changes.incrementAndGet();
                changed.set(true);
                if (!key.reset()) {
                    // the directory itself is gone; its parent reported the deletion
                    keys.values().remove(key);
                }
            }
        } catch (ClosedWatchServiceException | InterruptedException e) {
            // closed: discovery is done
        }
    }

    private void created(Path entry) {
        try {
            onCreated.accept(entry);
        } catch (RuntimeException e) {
            LOG.log(WARNING, "event=new_entry_not_handled path=" + entry + " error=\"" + e + "\"");
        }
    }

    @Override
    public void close() {
        WatchService service = this.service;
        if (service != null) {
            try {
                service.close();
            } catch (IOException e) {
                // only the inotify descriptor is released; nothing to save
            }
        }
        if (thread != null) {
            try {
                thread.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
