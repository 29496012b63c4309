package io.logpipeline.collector.input.rotation;

import io.logpipeline.collector.input.checkpoint.Fingerprint;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

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

    private RotatedFiles() {
    }

    /** A rotated file found again: where it is now, its uncompressed size and its file key. */
    public record Rotated(Path path, long size, Object fileKey, Fingerprint fingerprint) {
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
        Path real = realPath(path);
        Path directory = real.getParent();
        String live = liveName(real.getFileName().toString());
        List<Path> candidates = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory,
                entry -> entry.getFileName().toString().startsWith(live) && isRotated(entry))) {
            entries.forEach(candidates::add);
        } catch (IOException e) {
            return null; // the directory is gone (pod removed): nothing left to read
        }
        candidates.sort(Comparator.comparing((Path p) -> p.getFileName().toString().endsWith(GZIP))
                .thenComparing(Comparator.reverseOrder()));
        for (Path candidate : candidates) {
            try (FileChannel channel = open(candidate)) {
                Fingerprint fingerprint = Fingerprint.read(channel);
                if (!fingerprint.isEmpty() && sameFile.test(fingerprint)) {
                    Object fileKey = Files.readAttributes(candidate, BasicFileAttributes.class).fileKey();
                    return new Rotated(candidate, channel.size(), fileKey, fingerprint);
                }
            } catch (NoSuchFileException e) {
                // compressed or deleted meanwhile: its successor is another candidate
            } catch (IOException e) {
                // unreadable or a .gz still being written: not this one
            }
        }
        return null;
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
