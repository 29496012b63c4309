package io.logpipeline.collector.input.checkpoint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and writes the checkpoint file: for every known log file, its fingerprint (length and
 * SHA-256) and the offset up to which every record was acknowledged downstream.
 *
 * <p>One small text file, replaced atomically: written to a temporary file, fsynced, renamed over
 * the old one, and the directory fsynced — a crash leaves either the old or the new file, whole.
 */
public final class CheckpointStore {

    private static final System.Logger LOG = System.getLogger(CheckpointStore.class.getName());
    private static final String HEADER = "# logpipeline file input checkpoints v1: offset fingerprintLength fingerprintSha256 path";
    static final String FILE_NAME = "file-input.checkpoints";

    /** One file's checkpoint. */
    public record Entry(long offset, int fingerprintLength, String fingerprintHash, String path) {

        /** Whether {@code fingerprint} is the file this entry was taken for (possibly grown since). */
        public boolean matches(Fingerprint fingerprint) {
            return fingerprint.length() >= fingerprintLength && fingerprintLength > 0
                    && fingerprint.prefixHash(fingerprintLength).equals(fingerprintHash);
        }
    }

    private final Path directory;
    private final Path file;
    // Why the last write failed, as a user reads it on /readyz; null while writes succeed.
    private volatile String problem;

    public CheckpointStore(Path directory) {
        this.directory = directory;
        this.file = directory.resolve(FILE_NAME);
    }

    /** The entries last written; none when no checkpoint exists yet. An unreadable file is reported and ignored. */
    public List<Entry> load() {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            // e.g. a path through a file: the write that follows fails too and tells readiness why
            LOG.log(System.Logger.Level.WARNING, "event=checkpoint_unreadable file=" + file + " error=\"" + e + "\"");
            return List.of();
        }
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split(" ", 4);
            try {
                entries.add(new Entry(Long.parseLong(fields[0]), Integer.parseInt(fields[1]), fields[2], fields[3]));
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "event=checkpoint_line_ignored file={0} line={1} reason=malformed",
                        file, i + 1);
            }
        }
        return entries;
    }

    /**
     * Writes like {@link #write}, but a failure is kept as {@link #problem()} instead of thrown: logged
     * once when writing starts to fail and once when it works again, not at every attempt.
     *
     * @return whether the entries were written
     */
    public boolean tryWrite(List<Entry> entries) {
        try {
            write(entries);
        } catch (UncheckedIOException e) {
            if (problem == null) {
                problem = "checkpoint directory " + directory + " is not writable by uid " + processUid() + ": "
                        + e.getCause() + "; make the hostPath directory writable by this uid (the init container prepare-state-dir does;"
                        + " or pass --checkpoint-root a writable directory); until then read positions survive no restart";
                LOG.log(System.Logger.Level.WARNING, "event=checkpoint_unwritable directory=" + directory
                        + " message=\"" + problem + "\"");
            }
            return false;
        }
        if (problem != null) {
            problem = null;
            LOG.log(System.Logger.Level.INFO, "event=checkpoint_writable directory=" + directory);
        }
        return true;
    }

    /** Why checkpoints cannot be written now (a sentence naming the directory and the fix), or null. */
    public String problem() {
        return problem;
    }

    private static String processUid() {
        try {
            return String.valueOf(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return System.getProperty("user.name"); // not Linux: the user name says as much
        }
    }

    /** Replaces the checkpoint file with {@code entries}, durably. */
    public void write(List<Entry> entries) {
        StringBuilder text = new StringBuilder(HEADER).append('\n');
        for (Entry e : entries) {
            text.append(e.offset()).append(' ').append(e.fingerprintLength()).append(' ')
                    .append(e.fingerprintHash()).append(' ').append(e.path()).append('\n');
        }
        Path temporary = directory.resolve(FILE_NAME + ".tmp");
        try {
            Files.createDirectories(directory);
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer bytes = StandardCharsets.UTF_8.encode(text.toString());
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                channel.force(true);
            }
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
            syncDirectory();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint file " + file, e);
        }
    }

    // Makes the rename durable; some file systems refuse to open a directory, then the rename is all we get.
    private void syncDirectory() {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            // not supported on this file system
        }
    }
}
