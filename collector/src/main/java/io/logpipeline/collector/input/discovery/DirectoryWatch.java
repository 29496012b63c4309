package io.logpipeline.collector.input.discovery;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.HashMap;
import java.util.Map;

import static java.lang.System.Logger.Level.INFO;

/**
 * Tells discovery whether the directories it walks gained, lost or renamed an entry since it last
 * asked, through the file system's change notification (inotify on Linux, via {@link WatchService}).
 * Only entry events are watched, not writes, so a busy log file costs nothing here.
 *
 * <p>When notification is not available (no watch service, the inotify watch limit reached, a
 * directory that cannot be watched), every question is answered "changed", so discovery falls back
 * to walking at every poll.
 */
final class DirectoryWatch implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(DirectoryWatch.class.getName());

    private final WatchService service;
    private final Map<Path, WatchKey> keys = new HashMap<>();
    private boolean failed;

    DirectoryWatch() {
        WatchService created;
        try {
            created = FileSystems.getDefault().newWatchService();
        } catch (IOException | UnsupportedOperationException e) {
            LOG.log(INFO, "event=directory_watch_unavailable fallback=poll error=\"" + e + "\"");
            created = null;
        }
        this.service = created;
        this.failed = created == null;
    }

    /**
     * Watches a directory discovery is about to list. Called before its entries are read, so an entry
     * created while it is listed is either listed or reported.
     */
    void watch(Path directory) {
        WatchKey known = keys.get(directory);
        if (failed || (known != null && known.isValid())) {
            return;
        }
        try {
            keys.put(directory, directory.register(service, StandardWatchEventKinds.ENTRY_CREATE,
                    StandardWatchEventKinds.ENTRY_DELETE));
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
        if (failed) {
            return true;
        }
        boolean result = false;
        for (WatchKey key = service.poll(); key != null; key = service.poll()) {
            // the kinds do not matter (overflow included): any event means walk again
            key.pollEvents();
            if (!key.reset()) {
                // the directory itself is gone; its parent reported the deletion
                keys.values().remove(key);
            }
            result = true;
        }
        return result;
    }

    @Override
    public void close() {
        if (service != null) {
            try {
                service.close();
            } catch (IOException e) {
                // only the inotify descriptor is released; nothing to save
            }
        }
    }
}
