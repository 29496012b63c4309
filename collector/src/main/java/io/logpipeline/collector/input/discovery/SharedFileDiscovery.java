package io.logpipeline.collector.input.discovery;

import io.logpipeline.collector.input.rotation.RotatedFiles;
import io.logpipeline.collector.lifecycle.Component;
import io.logpipeline.collector.lifecycle.Deadline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The directory walk and the directory watch of one agent, shared by the file inputs of all its pipelines
 * (stanza's fileconsumer and the OpenTelemetry Collector's filelog receiver walk per receiver; ten pipelines
 * on /var/log/pods would walk it ten times and hold ten inotify instances).
 *
 * <p>It lists every regular file under the union of its subscribers' glob roots, unfiltered, and reports each
 * created entry to every subscriber. Selection stays with each pipeline's {@link FileDiscovery}: its globs,
 * excludes and the namespaces its config may read are applied there, before anything is opened, and each
 * pipeline keeps its own readers, positions and checkpoints.
 *
 * <p>A listing walked for one pipeline is handed to the others instead of walking again while nothing can
 * have changed it: no entry event since its walk began, every root existed, notification works, it covers
 * every subscriber's roots, and it is younger than {@link #MAX_LISTING_AGE_SECONDS} s (the safety net for
 * events a file system does not report). A pipeline never gets the same listing twice: one alone walks at
 * each scan, as without sharing. Sizes change without events, so a subscriber reads the attributes of its own
 * files again when a listing was not walked for it ({@link Listing#walkedForCaller()}).
 *
 * <p>Constructors build, {@link #start()} starts the watch thread, {@link #stop} (or {@link #close()}) stops it.
 * Its counters are on {@code /metrics} as {@code logpipeline_discovery_*}. Thread-safe.
 */
public final class SharedFileDiscovery implements Component, AutoCloseable {

    /** The age after which a listing is walked again even without an event: the file input's safety net. */
    public static final int MAX_LISTING_AGE_SECONDS = 5;
    private static final long MAX_LISTING_AGE_NANOS = TimeUnit.SECONDS.toNanos(MAX_LISTING_AGE_SECONDS);

    /**
     * The regular files under the roots, sorted by path, rotated names left out.
     *
     * @param walkedForCaller whether the walk began after the caller asked (then the sizes are current)
     */
    public record Listing(List<FileDiscovery.Found> files, long walk, boolean walkedForCaller) {
    }

    private record Walked(long number, List<FileDiscovery.Found> files, long changesAtStart, long startedNanos,
                          Map<Path, Integer> roots, boolean complete) {

        // Whether this walk went everywhere the subscribers' globs reach now.
        boolean covers(Map<Path, Integer> wanted) {
            for (Map.Entry<Path, Integer> root : wanted.entrySet()) {
                Integer depth = roots.get(root.getKey());
                if (depth == null || depth < root.getValue()) {
                    return false;
                }
            }
            return true;
        }
    }

    private final List<FileDiscovery> subscribers = new CopyOnWriteArrayList<>();
    private final AtomicLong walks = new AtomicLong();
    // Read by the watch thread without the lock; null before start and after close.
    private volatile DirectoryWatch watch;
    private boolean closed;
    private Walked last;
    // What a stopped watch had counted, so the counters never go back (on /metrics they are counters).
    private long registrationsBefore;
    private long eventsBefore;
    private long overflowsBefore;

    /** Starts watching (one watch service and its thread); the first listing registers the directories. */
    @Override
    public synchronized void start() {
        if (watch == null && !closed) {
            watch = new DirectoryWatch(this::created);
            watch.start();
        }
    }

    /** How many times the directories were walked: one walk serves every pipeline that asks while it is current. */
    public long walks() {
        return walks.get();
    }

    /** How many directories were registered with the (one) watch service; each once, whatever the number of pipelines. */
    public synchronized long watchRegistrations() {
        return watch == null ? registrationsBefore : registrationsBefore + watch.registrations();
    }

    /** How many batches of directory entry events (created, deleted, renamed) the watch took. */
    public synchronized long watchEvents() {
        return watch == null ? eventsBefore : eventsBefore + watch.changes();
    }

    /** How many times the watch lost events (the kernel's queue overflowed), each answered by walking again. */
    public synchronized long watchOverflows() {
        return watch == null ? overflowsBefore : overflowsBefore + watch.overflows();
    }

    /** Whether the directory watch runs: started, not stopped, and the file system notifies. */
    public synchronized boolean watching() {
        return watch != null && !watch.failed();
    }

    /** How many pipelines' inputs take their files from here now. */
    public int subscribers() {
        return subscribers.size();
    }

    void subscribe(FileDiscovery subscriber) {
        subscribers.add(subscriber);
    }

    void unsubscribe(FileDiscovery subscriber) {
        subscribers.remove(subscriber);
    }

    /** Whether an entry event came since {@code seenChanges} was taken, or notification is not available. */
    synchronized boolean changedSince(long seenChanges) {
        return watch == null || watch.failed() || watch.changes() != seenChanges;
    }

    /** The count to pass to {@link #changedSince} later. */
    synchronized long changes() {
        return watch == null ? -1 : watch.changes();
    }

    /**
     * The files under every subscriber's roots now: see the class comment for when this walks.
     *
     * @param previousWalk the {@link Listing#walk()} the caller had last (0 for none); it gets a listing walked after
     *     it, so a pipeline alone walks at each of its scans, as without sharing, and pipelines share only walks
     *     that are new to each of them
     */
    synchronized Listing list(long previousWalk) {
        start();
        Map<Path, Integer> roots = rootsToWalk();
        if (last != null && last.number() > previousWalk && isCurrent(last, roots)) {
            return new Listing(last.files(), last.number(), false);
        }
        long changesAtStart = changes();
        long startedNanos = System.nanoTime();
        TreeMap<Path, FileDiscovery.Found> found = new TreeMap<>();
        boolean complete = true;
        for (Map.Entry<Path, Integer> root : roots.entrySet()) {
            complete &= walk(root.getKey(), root.getValue(), found);
        }
        last = new Walked(walks.incrementAndGet(), List.copyOf(found.values()), changesAtStart, startedNanos, roots, complete);
        return new Listing(last.files(), last.number(), true);
    }

    private boolean isCurrent(Walked walked, Map<Path, Integer> roots) {
        return walked.complete() && watch != null && !watch.failed()
                && walked.changesAtStart() == watch.changes() && walked.covers(roots)
                && System.nanoTime() - walked.startedNanos() < MAX_LISTING_AGE_NANOS;
    }

    // Each root directory once, as deep as the deepest subscriber's globs reach below it.
    private Map<Path, Integer> rootsToWalk() {
        Map<Path, Integer> roots = new TreeMap<>();
        for (FileDiscovery subscriber : subscribers) {
            for (FileDiscovery.Root root : subscriber.roots()) {
                roots.merge(root.directory(), root.depth(), Math::max);
            }
        }
        return roots;
    }

    // False when the root is missing: its creation is not reported, so the listing is not reused.
    private boolean walk(Path directory, int depth, TreeMap<Path, FileDiscovery.Found> found) {
        if (!Files.isDirectory(directory)) {
            return false;
        }
        try {
            // Links followed: the kubelet's /var/log/containers entries and dockershim's /var/log/pods
            // entries are symlinks; the walk reports link loops to visitFileFailed.
            Files.walkFileTree(directory, EnumSet.of(FileVisitOption.FOLLOW_LINKS), depth, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    DirectoryWatch watching = watch;
                    if (watching != null) {
                        watching.watch(dir); // before listing it: an entry created meanwhile is listed or reported
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isRegularFile() && !RotatedFiles.isRotated(file)) {
                        found.put(file, new FileDiscovery.Found(file, attrs.size(), attrs.fileKey()));
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    // Files vanish between listing and stat all the time (rotation).
                    return FileVisitResult.CONTINUE;
                }
            });
            return true;
        } catch (NoSuchFileException e) {
            return false; // the root went away between the check and the walk
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // On the watch thread: a new directory some subscriber's globs reach is watched and listed (its files
    // may have been created before the watch); a new file is offered to every subscriber, which holds it
    // open if its own globs and filters admit it.
    private void created(Path entry) {
        DirectoryWatch watching = watch;
        if (watching == null) {
            return; // closed
        }
        if (Files.isDirectory(entry)) {
            if (reachesBelow(entry)) {
                watching.watch(entry);
                try (DirectoryStream<Path> entries = Files.newDirectoryStream(entry)) {
                    entries.forEach(this::created);
                } catch (IOException e) {
                    // gone again: nothing to hold
                }
            }
            return;
        }
        if (RotatedFiles.isRotated(entry) || !Files.isRegularFile(entry)) {
            return;
        }
        for (FileDiscovery subscriber : subscribers) {
            subscriber.created(entry);
        }
    }

    private boolean reachesBelow(Path directory) {
        for (FileDiscovery subscriber : subscribers) {
            for (FileDiscovery.Root root : subscriber.roots()) {
                if (directory.startsWith(root.directory())
                        && root.directory().relativize(directory).getNameCount() < root.depth()) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public void stop(Deadline deadline) {
        close();
    }

    /** Stops the watch; a listing asked for afterwards walks every time (nothing is watched). */
    @Override
    public void close() {
        DirectoryWatch stopping;
        synchronized (this) {
            closed = true;
            stopping = watch;
            watch = null;
            last = null;
            if (stopping != null) {
                registrationsBefore += stopping.registrations();
                eventsBefore += stopping.changes();
                overflowsBefore += stopping.overflows();
            }
        }
        if (stopping != null) {
            stopping.close(); // outside the lock: its thread may be delivering an event that asks for it
        }
    }
}
