package io.logpipeline.collector.input.checkpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * A file's identity: its first {@value #SIZE} bytes (fewer while the file is smaller). It survives
 * renames, which inodes do too, but unlike an inode it changes when a file is truncated and
 * rewritten, and it is never reused by an unrelated file.
 */
public final class Fingerprint {

    /** How many leading bytes identify a file. */
    public static final int SIZE = 1024;

    private final byte[] bytes;
    private Map<Integer, String> prefixHashes;

    private Fingerprint(byte[] bytes) {
        this.bytes = bytes;
    }

    /** The fingerprint of the file {@code channel} reads (positional read, the channel's position is kept). */
    public static Fingerprint read(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(SIZE);
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, buffer.position());
            if (n < 0) {
                break;
            }
        }
        return new Fingerprint(Arrays.copyOf(buffer.array(), buffer.position()));
    }

    /** The fingerprint of the file at {@code path}. */
    public static Fingerprint read(Path path) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            return read(channel);
        }
    }

    /**
     * Whether the file behind {@code channel} still starts with these bytes, read into
     * {@code scratch} (at least {@value #SIZE} bytes), so the check per read turn allocates nothing.
     */
    public boolean headOf(FileChannel channel, ByteBuffer scratch) throws IOException {
        scratch.clear().limit(bytes.length);
        while (scratch.hasRemaining()) {
            if (channel.read(scratch, scratch.position()) < 0) {
                break;
            }
        }
        int n = scratch.position();
        return n > 0 && Arrays.equals(bytes, 0, n, scratch.array(), 0, n);
    }

    public int length() {
        return bytes.length;
    }

    public boolean isEmpty() {
        return bytes.length == 0;
    }

    /** True when both are non-empty and the shorter is a prefix of the longer: the same file, seen at different sizes. */
    public boolean sameFileAs(Fingerprint other) {
        int n = Math.min(bytes.length, other.bytes.length);
        return n > 0 && Arrays.equals(bytes, 0, n, other.bytes, 0, n);
    }

    /** SHA-256 (hex) of the whole fingerprint, as stored in checkpoints. */
    public String hash() {
        return prefixHash(bytes.length);
    }

    /** SHA-256 (hex) of the first {@code length} bytes, to match a checkpoint taken when the file was smaller. */
    public synchronized String prefixHash(int length) {
        if (prefixHashes == null) {
            prefixHashes = new HashMap<>(2);
        }
        return prefixHashes.computeIfAbsent(length, n -> {
            try {
                MessageDigest digest = MessageDigest.getInstance("SHA-256");
                digest.update(bytes, 0, n);
                return HexFormat.of().formatHex(digest.digest());
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every Java runtime has SHA-256", e);
            }
        });
    }

    @Override
    public String toString() {
        return "Fingerprint{length=" + bytes.length + '}';
    }
}
