package io.logpipeline.collector.input.discovery;

import io.logpipeline.collector.input.FileInputSettings;
import io.logpipeline.collector.input.rotation.RotatedFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Finds the log files to tail: walks the include globs, drops excluded paths and paths whose
 * namespace/pod/container the filters reject — all from the path alone, before any file is opened.
 * It watches the directories it walks, so the input can tell when walking again would find nothing new.
 */
public final class FileDiscovery implements AutoCloseable {

    /** A file found by a scan, with the attributes read by the same scan. */
    public record Found(Path path, long size, Object fileKey) {
    }

    private record Root(Path directory, int depth, PathMatcher matcher) {
    }

    private final List<Root> roots = new ArrayList<>();
    private final List<PathMatcher> excludes = new ArrayList<>();
    private final FileInputSettings settings;
    private final CreatedFiles created = new CreatedFiles();
    // Created by the first scan, on the thread that scans (the watch service starts a thread of its own).
    private DirectoryWatch watch;

    public FileDiscovery(FileInputSettings settings) {
        this.settings = settings;
        FileSystem fs = FileSystems.getDefault();
        for (String glob : settings.includePaths()) {
            roots.add(new Root(baseDirectory(glob), depth(glob), fs.getPathMatcher("glob:" + glob)));
        }
        for (String glob : settings.excludePaths()) {
            excludes.add(fs.getPathMatcher("glob:" + glob));
        }
    }

    /**
     * Regular files matching the globs and filters now, symlinks followed, sorted by path. A file reached
     * by two paths (a /var/log/containers link and its /var/log/pods target) is listed once, under the path
     * that tells the most about its pod. Rotated files ({@link RotatedFiles#isRotated}) are not listed.
     */
    public List<Found> scan() {
        if (watch == null) {
            watch = new DirectoryWatch(this::created);
            watch.start();
        }
        TreeMap<Path, Found> found = new TreeMap<>();
        Map<Object, Path> byFileKey = new HashMap<>();
        for (Root root : roots) {
            if (!Files.isDirectory(root.directory())) {
                continue;
            }
            try {
                // Links followed: the kubelet's /var/log/containers entries and dockershim's /var/log/pods
                // entries are symlinks; the walk reports link loops to visitFileFailed.
                Files.walkFileTree(root.directory(), EnumSet.of(FileVisitOption.FOLLOW_LINKS), root.depth(),
                        new SimpleFileVisitor<>() {
                            @Override
                            public FileVisitResult preVisitDirectory(Path directory, BasicFileAttributes attrs) {
                                watch.watch(directory);
                                return FileVisitResult.CONTINUE;
                            }

                            @Override
                            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                                if (attrs.isRegularFile() && root.matcher().matches(file)
                                        && !RotatedFiles.isRotated(file) && admits(file)) {
                                    add(found, byFileKey, new Found(file, attrs.size(), attrs.fileKey()));
                                }
                                return FileVisitResult.CONTINUE;
                            }

                            @Override
                            public FileVisitResult visitFileFailed(Path file, IOException e) {
                                // Files vanish between listing and stat all the time (rotation).
                                return FileVisitResult.CONTINUE;
                            }
                        });
            } catch (NoSuchFileException e) {
                // the root went away between the check and the walk; nothing to find there
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new ArrayList<>(found.values());
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
     * renamed in a directory it walked, a root directory is missing, or change notification is not
     * available. Files that only grew do not count. Each call answers for the time since the previous one.
     */
    public boolean changedSinceLastAsked() {
        boolean changed = watch == null || watch.changedSinceLastAsked();
        for (Root root : roots) {
            changed |= !Files.isDirectory(root.directory());
        }
        return changed;
    }

    @Override
    public void close() {
        if (watch != null) {
            watch.close();
        }
        created.close();
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

    // On the watch thread: a new directory the globs reach is watched and listed (its files may have
    // been created before the watch), a new log file the globs and filters admit is held open.
    private void created(Path entry) {
        for (Root root : roots) {
            if (!entry.startsWith(root.directory())) {
                continue;
            }
            int depth = root.directory().relativize(entry).getNameCount();
            if (Files.isDirectory(entry)) {
                if (depth < root.depth()) {
                    watch.watch(entry);
                    try (DirectoryStream<Path> entries = Files.newDirectoryStream(entry)) {
                        entries.forEach(this::created);
                    } catch (IOException e) {
                        // gone again: nothing to hold
                    }
                }
            } else if (depth <= root.depth() && root.matcher().matches(entry) && !RotatedFiles.isRotated(entry)
                    && Files.isRegularFile(entry) && admits(entry)) {
                created.hold(entry);
                return;
            }
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
