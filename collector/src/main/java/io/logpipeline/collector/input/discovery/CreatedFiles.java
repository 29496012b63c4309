package io.logpipeline.collector.input.discovery;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Log files held open from the moment their creation was reported until the input has settled what they
 * are: a file the kubelet creates and renames away (or deletes) before the next walk is still read to its
 * end through this handle. Filled by the watch thread, emptied by the input thread.
 */
public final class CreatedFiles implements AutoCloseable {

    /** A new file, open since its creation was reported, under the path it was created at. */
    public record Created(Path path, Object fileKey, FileChannel channel) {

        /** Lets go of the handle. */
        public void close() {
            closeQuietly(channel);
        }
    }

    // By file key: a path re-created after a rename is another file, and both must be kept.
    private final Map<Object, Created> held = new ConcurrentHashMap<>();

    /** Opens the file at {@code path} unless it is held already; a file gone meanwhile is not held. */
    void hold(Path path) {
        FileChannel channel = null;
        try {
            channel = FileChannel.open(path, StandardOpenOption.READ);
            Object fileKey = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
            if (fileKey != null && held.putIfAbsent(fileKey, new Created(path, fileKey, channel)) == null) {
                channel = null;
            }
        } catch (IOException e) {
            // gone already, or unreadable: the next walk settles it
        } finally {
            closeQuietly(channel);
        }
    }

    /** Every file held now; the caller owns their channels from here on. */
    List<Created> take() {
        List<Created> taken = new ArrayList<>();
        for (Object fileKey : List.copyOf(held.keySet())) {
            Created created = held.remove(fileKey);
            if (created != null) {
                taken.add(created);
            }
        }
        return taken;
    }

    /** Holds a file the caller took but could not settle yet (still at its path, still empty). */
    void giveBack(Created created) {
        if (held.putIfAbsent(created.fileKey(), created) != null) {
            closeQuietly(created.channel());
        }
    }

    @Override
    public void close() {
        take().forEach(created -> closeQuietly(created.channel()));
    }

    static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // a read-only descriptor: nothing is lost by failing to close it
            }
        }
    }
}
