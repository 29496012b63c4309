package io.logpipeline.collector.input.rotation;

import io.logpipeline.collector.input.checkpoint.Fingerprint;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The files a log file becomes when it is rotated: the kubelet renames {@code 0.log} to
 * {@code 0.log.20261204-171300} and later compresses it to {@code 0.log.20261204-171300.gz};
 * logrotate's copies are {@code app.log.1} or {@code app.log-20261204}; docker's {@code <id>-json.log.1}.
 *
 * <p>Such a file is never read as a new file: only as the continuation of a file the input was reading
 * (or has a checkpoint for), found by its fingerprint. A compressed one is read decompressed.
 */
public final class RotatedFiles {

    private static final String LOG = ".log";
    private static final String GZIP = ".gz";
    // The kubelet's rotated names: 0.log.20261204-171300, compressed 0.log.20261204-171300.gz.
    private static final Pattern KUBELET_SUFFIX = Pattern.compile("\\.log\\.\\d{8}-\\d{6}(\\.gz)?$");

    private RotatedFiles() {
    }

    /** A rotated file found again: where it is now, its uncompressed size, its file key and last modification. */
    public record Rotated(Path path, long size, Object fileKey, Fingerprint fingerprint, FileTime lastModified) {

        /** Whether this is a compressed copy: compressing gives a rotation made long ago a new modification time. */
        public boolean compressed() {
            return path.getFileName().toString().endsWith(GZIP);
        }
    }

    /** Whether the file's name is a rotation of a log file's name (or compressed): never a new file on its own. */
    public static boolean isRotated(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(GZIP) || (!name.endsWith(LOG) && (name.contains(LOG + ".") || name.contains(LOG + "-")));
    }

    /** Opens a log file for reading; a compressed rotated file reads as its uncompressed bytes. */
    public static FileChannel open(Path file) throws IOException {
        return file.getFileName().toString().endsWith(GZIP) ? GzipFileChannel.open(file)
                : FileChannel.open(file, StandardOpenOption.READ);
    }

    /**
     * Among the rotations of the file last known at {@code path} (including that path itself, if it is a
     * rotation already), the one whose fingerprint {@code sameFile} accepts; an uncompressed one before
     * its compressed copy. Symlinks are followed to the directory the file really lives in. Null if none.
     */
    public static Rotated find(Path path, Predicate<Fingerprint> sameFile) {
        for (Path candidate : rotationsOf(realPath(path))) {
            Rotated rotated = read(candidate);
            if (rotated != null && sameFile.test(rotated.fingerprint())) {
                return rotated;
            }
        }
        return null;
    }

    /**
     * The rotations of the live file {@code path} is (or was rotated from), oldest first; a file compressed
     * and not yet deleted is listed once.
     */
    public static List<Rotated> inRotationOrder(Path path) {
        List<Rotated> rotations = new ArrayList<>();
        for (Path candidate : rotationsOf(realPath(path))) {
            Rotated read = read(candidate);
            if (read != null) {
                rotations.add(read);
            }
        }
        // a stable sort: of a file and its compressed copy, the uncompressed one (listed first) stays first
        rotations.sort(rotationOrder(rotations));
        List<Rotated> found = new ArrayList<>();
        for (Rotated rotation : rotations) {
            if (found.stream().noneMatch(r -> r.fingerprint().sameFileAs(rotation.fingerprint()))) {
                found.add(rotation);
            }
        }
        return found;
    }

    // The order the rotations were made in. The kubelet's names carry the rotation time
    // (0.log.20261204-171300), and its compression gives an older file a newer modification time, so its
    // names decide. Other rotators' suffixes run either way (logrotate's and docker's .1 is the newest),
    // so the last modification decides: a renamed file's last write, a copy's copying, both before the
    // next file's first write; the suffix, shorter first, only breaks a tie of the clock's granularity.
    private static Comparator<Rotated> rotationOrder(List<Rotated> rotations) {
        if (rotations.stream().allMatch(r -> KUBELET_SUFFIX.matcher(r.path().getFileName().toString()).find())) {
            return Comparator.comparing(r -> uncompressedName(r.path()));
        }
        return Comparator.comparing(Rotated::lastModified)
                .thenComparing(r -> uncompressedName(r.path()).length())
                .thenComparing(r -> uncompressedName(r.path()));
    }

    private static String uncompressedName(Path path) {
        String name = path.getFileName().toString();
        return name.endsWith(GZIP) ? name.substring(0, name.length() - GZIP.length()) : name;
    }

    // The rotations of the live file that path is (or was rotated from), uncompressed ones first.
    private static List<Path> rotationsOf(Path path) {
        String live = liveName(path.getFileName().toString());
        List<Path> candidates = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(path.getParent(),
                entry -> entry.getFileName().toString().startsWith(live) && isRotated(entry))) {
            entries.forEach(candidates::add);
        } catch (IOException e) {
            return List.of(); // the directory is gone (pod removed): nothing left to read
        }
        candidates.sort(Comparator.comparing((Path p) -> p.getFileName().toString().endsWith(GZIP))
                .thenComparing(Comparator.reverseOrder()));
        return candidates;
    }

    private static Rotated read(Path candidate) {
        try (FileChannel channel = open(candidate)) {
            Fingerprint fingerprint = Fingerprint.read(channel);
            if (fingerprint.isEmpty()) {
                return null;
            }
            BasicFileAttributes attributes = Files.readAttributes(candidate, BasicFileAttributes.class);
            return new Rotated(candidate, channel.size(), attributes.fileKey(), fingerprint, attributes.lastModifiedTime());
        } catch (IOException e) {
            return null; // compressed or deleted meanwhile, or a .gz still being written: not this one
        }
    }

    /** The live file {@code path} is a rotation of ({@code …/0.log} for {@code …/0.log.20261204-171300.gz}); itself if it is one. */
    public static Path livePath(Path path) {
        return path.resolveSibling(liveName(path.getFileName().toString()));
    }

    // The name the file had while it was written: "0.log" for "0.log.20261204-171300.gz".
    static String liveName(String name) {
        int log = name.lastIndexOf(LOG);
        if (log >= 0) {
            return name.substring(0, log + LOG.length());
        }
        return name.endsWith(GZIP) ? name.substring(0, name.length() - GZIP.length()) : name;
    }

    // Where a symlinked log file (/var/log/containers, dockershim's /var/log/pods) really is, since its
    // rotations are made there; the path itself when it is no link or the link is broken.
    private static Path realPath(Path path) {
        try {
            return Files.isSymbolicLink(path) ? path.toRealPath() : path;
        } catch (IOException e) {
            return path;
        }
    }
}
