package io.logpipeline.collector.input.discovery;

import io.logpipeline.collector.input.FileInputSettings;
import io.logpipeline.collector.input.rotation.RotatedFiles;

import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Finds the log files one pipeline's input tails: takes the agent's {@link SharedFileDiscovery} listing and keeps
 * what its include globs match, dropping excluded paths and paths whose namespace/pod/container the filters
 * reject — all from the path alone, before any file is opened. Tenancy is enforced here, on the pipeline's
 * side: a file of a namespace its config does not allow never reaches its input. It tells the input when
 * walking again could find something new, and holds open the new files its globs admit.
 */
public final class FileDiscovery implements AutoCloseable {

    /** A file found by a scan, with the attributes read by the same scan. */
    public record Found(Path path, long size, Object fileKey) {
    }

    /** Where an include glob starts walking, how deep it reaches, and what it matches. */
    record Root(Path directory, int depth, PathMatcher matcher) {

        boolean matches(Path file) {
            return file.startsWith(directory) && directory.relativize(file).getNameCount() <= depth
                    && matcher.matches(file);
        }
    }

    private final List<Root> roots = new ArrayList<>();
    private final List<PathMatcher> excludes = new ArrayList<>();
    private final FileInputSettings settings;
    private final SharedFileDiscovery shared;
    // A standalone input (tests, one-pipeline tools) owns its shared discovery; in the agent, the agent does.
    private final boolean ownsShared;
    private final CreatedFiles created = new CreatedFiles();
    private boolean subscribed;
    private boolean closed;
    private long seenChanges = -1;
    // The walk of the last listing this discovery got: the next one must be newer.
    private long lastWalk;

    /** Discovery with a walk and watch of its own. */
    public FileDiscovery(FileInputSettings settings) {
        this(settings, new SharedFileDiscovery(), true);
    }

    /** Discovery from the agent's walk and watch, which the agent starts and stops. */
    public FileDiscovery(FileInputSettings settings, SharedFileDiscovery shared) {
        this(settings, shared, false);
    }

    private FileDiscovery(FileInputSettings settings, SharedFileDiscovery shared, boolean ownsShared) {
        this.settings = settings;
        this.shared = shared;
        this.ownsShared = ownsShared;
        FileSystem fs = FileSystems.getDefault();
        for (String glob : settings.includePaths()) {
            roots.add(new Root(baseDirectory(glob), depth(glob), fs.getPathMatcher("glob:" + glob)));
        }
        for (String glob : settings.excludePaths()) {
            excludes.add(fs.getPathMatcher("glob:" + glob));
        }
    }

    List<Root> roots() {
        return roots;
    }

    /**
     * Regular files matching the globs and filters now, symlinks followed, sorted by path. A file reached
     * by two paths (a /var/log/containers link and its /var/log/pods target) is listed once, under the path
     * that tells the most about its pod. Rotated files ({@link RotatedFiles#isRotated}) are not listed.
     * The first scan subscribes to the shared discovery (new files are held open from then on).
     */
    public List<Found> scan() {
        synchronized (this) {
            if (!subscribed && !closed) {
                subscribed = true;
                shared.subscribe(this);
            }
        }
        SharedFileDiscovery.Listing listing = shared.list(lastWalk);
        lastWalk = listing.walk();
        TreeMap<Path, Found> found = new TreeMap<>();
        Map<Object, Path> byFileKey = new HashMap<>();
        for (Found file : listing.files()) {
            if (!selects(file.path())) {
                continue;
            }
            Found current = listing.walkedForCaller() ? file : statAgain(file.path());
            if (current != null) {
                add(found, byFileKey, current);
            }
        }
        return new ArrayList<>(found.values());
    }

    private boolean selects(Path file) {
        for (Root root : roots) {
            if (root.matches(file)) {
                return admits(file);
            }
        }
        return false;
    }

    // A listing walked before this scan asked: names and identities are current (no entry event since),
    // sizes are not. Null when the file is gone.
    private static Found statAgain(Path file) {
        try {
            BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
            return attrs.isRegularFile() ? new Found(file, attrs.size(), attrs.fileKey()) : null;
        } catch (IOException e) {
            return null;
        }
    }

    // One entry per file: of two paths to the same file, the one in the /var/log/pods layout (it carries
    // the pod's uid and restart count), else the first.
    private static void add(TreeMap<Path, Found> found, Map<Object, Path> byFileKey, Found file) {
        if (file.fileKey() == null) {
            found.put(file.path(), file);
            return;
        }
        Path other = byFileKey.putIfAbsent(file.fileKey(), file.path());
        if (other == null) {
            found.put(file.path(), file);
        } else if (PodLogPath.isPodsLayout(file.path()) && !PodLogPath.isPodsLayout(other)) {
            found.remove(other);
            found.put(file.path(), file);
            byFileKey.put(file.fileKey(), file.path());
        }
    }

    /**
     * Whether a scan now might find something the last one did not: an entry was created, deleted or
     * renamed in a directory the walk watches, a root directory is missing, or change notification is not
     * available. Files that only grew do not count. Each call answers for the time since the previous one.
     */
    public boolean changedSinceLastAsked() {
        long changes = shared.changes();
        boolean changed = shared.changedSince(seenChanges);
        seenChanges = changes;
        for (Root root : roots) {
            changed |= !Files.isDirectory(root.directory());
        }
        return changed;
    }

    /** Lets go of the shared discovery (and stops it when it is this input's own) and of the held files. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            shared.unsubscribe(this);
            created.close();
        }
        if (ownsShared) {
            shared.close();
        }
    }

    /**
     * The log files created since the first scan, each held open since its creation was reported: one
     * renamed or deleted before a walk found it is still read through this handle. The caller owns them
     * (closes them, or gives back those it cannot settle yet).
     */
    public List<CreatedFiles.Created> takeCreated() {
        return created.take();
    }

    /** Holds again a file from {@link #takeCreated()} that is still at its path but not yet read. */
    public void giveBack(CreatedFiles.Created file) {
        created.giveBack(file);
    }

    // On the shared watch thread: a new regular file, not a rotated name; held open if this input's globs
    // and filters admit it.
    synchronized void created(Path file) {
        if (!closed && selects(file)) {
            created.hold(file);
        }
    }

    /** Whether the path passes the exclude globs and the namespace, pod and container filters. */
    public boolean admits(Path file) {
        for (PathMatcher exclude : excludes) {
            if (exclude.matches(file)) {
                return false;
            }
        }
        PodLogPath pod = PodLogPath.parse(file);
        return settings.namespaces().admits(pod == null ? null : pod.namespace())
                && settings.pods().admits(pod == null ? null : pod.pod())
                && settings.containers().admits(pod == null ? null : pod.container())
                && (pod == null || settings.podFilter().test(pod));
    }

    // The leading directories of the glob that hold no glob syntax: where walking starts.
    private static Path baseDirectory(String glob) {
        String[] parts = glob.split("/");
        StringBuilder base = new StringBuilder(glob.startsWith("/") ? "/" : "");
        for (int i = 0; i < parts.length - 1; i++) {
            if (hasGlobSyntax(parts[i])) {
                break;
            }
            if (!parts[i].isEmpty()) {
                base.append(parts[i]).append('/');
            }
        }
        return Path.of(base.length() == 0 ? "." : base.toString());
    }

    // How many directory levels below the base the glob reaches; unbounded with "**".
    private static int depth(String glob) {
        if (glob.contains("**")) {
            return Integer.MAX_VALUE;
        }
        String[] parts = glob.split("/");
        int depth = 0;
        boolean counting = false;
        for (int i = 0; i < parts.length; i++) {
            if (!counting && (hasGlobSyntax(parts[i]) || i == parts.length - 1)) {
                counting = true;
            }
            if (counting) {
                depth++;
            }
        }
        return depth;
    }

    private static boolean hasGlobSyntax(String part) {
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            if (c == '*' || c == '?' || c == '[' || c == '{' || c == '\\') {
                return true;
            }
        }
        return false;
    }
}
