package io.logpipeline.collector.input.rotation;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * A read-only view of the uncompressed bytes of a rotated {@code .gz} log file, so a checkpoint's
 * fingerprint and offset (both of the uncompressed file) apply to it unchanged.
 *
 * <p>Reads are expected to move forward (a tailer's do); the head used for fingerprints is kept, and a
 * read behind the stream's position decompresses again from the start. The compressed file stays open,
 * so it is read to its end even after it was deleted.
 */
final class GzipFileChannel extends FileChannel {

    private static final int HEAD = 1024;

    private final FileChannel compressed;
    private final long size;
    private final byte[] head;
    private InputStream stream;
    private long streamPosition;
    private long position;

    private GzipFileChannel(FileChannel compressed, long size, byte[] head) {
        this.compressed = compressed;
        this.size = size;
        this.head = head;
    }

    /** Opens {@code path} and decompresses it once to learn its uncompressed size. */
    static GzipFileChannel open(Path path) throws IOException {
        FileChannel compressed = FileChannel.open(path, StandardOpenOption.READ);
        try (InputStream in = decompressing(compressed)) {
            byte[] head = in.readNBytes(HEAD);
            long size = head.length;
            byte[] skip = new byte[8192];
            for (int n = in.read(skip); n >= 0; n = in.read(skip)) {
                size += n;
            }
            return new GzipFileChannel(compressed, size, head);
        } catch (IOException | RuntimeException e) {
            compressed.close();
            throw e;
        }
    }

    private static InputStream decompressing(FileChannel compressed) throws IOException {
        compressed.position(0);
        // Closing the gzip stream ends its inflater but must leave the compressed file open.
        InputStream unclosable = new FilterInputStream(Channels.newInputStream(compressed)) {
            @Override
            public void close() {
            }
        };
        return new GZIPInputStream(new BufferedInputStream(unclosable, 16 * 1024), 16 * 1024);
    }

    @Override
    public int read(ByteBuffer dst, long at) throws IOException {
        if (at >= size) {
            return -1;
        }
        if (!dst.hasRemaining()) {
            return 0;
        }
        if (at < head.length) {
            int n = (int) Math.min(dst.remaining(), head.length - at);
            dst.put(head, (int) at, n);
            return n;
        }
        if (stream == null || at < streamPosition) {
            if (stream != null) {
                stream.close();
            }
            stream = decompressing(compressed);
            streamPosition = 0;
        }
        stream.skipNBytes(at - streamPosition);
        streamPosition = at;
        byte[] target = dst.hasArray() ? dst.array() : new byte[dst.remaining()];
        int offset = dst.hasArray() ? dst.arrayOffset() + dst.position() : 0;
        int n = stream.read(target, offset, dst.remaining());
        if (n <= 0) {
            return -1;
        }
        if (dst.hasArray()) {
            dst.position(dst.position() + n);
        } else {
            dst.put(target, 0, n);
        }
        streamPosition += n;
        return n;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        int n = read(dst, position);
        if (n > 0) {
            position += n;
        }
        return n;
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        long total = 0;
        for (ByteBuffer dst : Arrays.asList(dsts).subList(offset, offset + length)) {
            int n = read(dst);
            if (n < 0) {
                return total == 0 ? -1 : total;
            }
            total += n;
        }
        return total;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public long position() {
        return position;
    }

    @Override
    public FileChannel position(long newPosition) {
        position = newPosition;
        return this;
    }

    @Override
    protected void implCloseChannel() throws IOException {
        if (stream != null) {
            stream.close();
        }
        compressed.close();
    }

    @Override
    public int write(ByteBuffer src) {
        throw new NonWritableChannelException();
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) {
        throw new NonWritableChannelException();
    }

    @Override
    public int write(ByteBuffer src, long at) {
        throw new NonWritableChannelException();
    }

    @Override
    public FileChannel truncate(long newSize) {
        throw new NonWritableChannelException();
    }

    @Override
    public void force(boolean metaData) {
        // nothing is ever written
    }

    @Override
    public long transferTo(long at, long count, WritableByteChannel target) {
        throw new UnsupportedOperationException("a decompressed view is read with read()");
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long at, long count) {
        throw new NonWritableChannelException();
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long at, long length) {
        throw new UnsupportedOperationException("a decompressed view cannot be mapped");
    }

    @Override
    public FileLock lock(long at, long length, boolean shared) {
        throw new UnsupportedOperationException("a decompressed view cannot be locked");
    }

    @Override
    public FileLock tryLock(long at, long length, boolean shared) {
        throw new UnsupportedOperationException("a decompressed view cannot be locked");
    }
}
