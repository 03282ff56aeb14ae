package gateway.client;

import gateway.model.asset.DurableFiles;
import gateway.model.asset.StoreSpace;
import gateway.model.checksum.XxHash64;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The partial file of a download ({@code <target>.part}): holds only verified bytes, in order,
 * from the start of the rendition, so its size is where a resumed fetch starts. Each chunk is
 * checked (offset and XXH64) before a byte of it is written. Not thread-safe.
 */
final class PartFile implements AutoCloseable {
    static final String SUFFIX = ".part";

    private final Path path;
    private final Path target;
    private final FileChannel out;
    private long size;

    private PartFile(Path path, Path target, FileChannel out, long size) {
        this.path = path;
        this.target = target;
        this.out = out;
        this.size = size;
    }

    /** Opens (or creates) the partial file of {@code target}, positioned after its verified bytes. */
    static PartFile open(Path target) {
        Path part = pathFor(target);
        try {
            Files.createDirectories(target.toAbsolutePath().getParent());
            FileChannel out = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            long size = out.size();
            out.position(size);
            return new PartFile(part, target, out, size);
        } catch (IOException e) {
            throw GatewayException.io("cannot open partial download " + part + ": " + e.getMessage(), e);
        }
    }

    static Path pathFor(Path target) {
        return target.resolveSibling(target.getFileName() + SUFFIX);
    }

    static long sizeOf(Path target) {
        Path part = pathFor(target);
        try {
            return Files.exists(part) ? Files.size(part) : 0;
        } catch (IOException e) {
            throw GatewayException.io("cannot read the size of " + part + ": " + e.getMessage(), e);
        }
    }

    static void delete(Path target) {
        Path part = pathFor(target);
        try {
            Files.deleteIfExists(part);
        } catch (IOException e) {
            throw GatewayException.io("cannot delete stale partial download " + part + ": " + e.getMessage(), e);
        }
    }

    /** How many verified bytes the file holds: the offset the next chunk must start at. */
    long size() {
        return size;
    }

    /**
     * Appends one chunk after checking that it starts where the file ends and that its XXH64 (seed 0)
     * matches. A chunk that fails either check is not written and fails with CORRUPT.
     */
    void append(long offsetBytes, byte[] data, long xxh64, String source) {
        if (offsetBytes != size) {
            throw new GatewayException(
                    Reason.CORRUPT,
                    source + " sent a chunk at byte " + offsetBytes + " but " + path.getFileName() + " holds " + size
                            + " verified bytes; refusing out-of-order data");
        }
        long actual = XxHash64.hash(data, 0, data.length, 0);
        if (actual != xxh64) {
            throw new GatewayException(
                    Reason.CORRUPT,
                    source + " sent bytes " + offsetBytes + ".."
                            + (offsetBytes + data.length) + " with xxh64 " + XxHash64.hex(xxh64) + " but they hash to "
                            + XxHash64.hex(actual) + "; the chunk was rejected and nothing of it written");
        }
        try {
            ByteBuffer buffer = ByteBuffer.wrap(data);
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
        } catch (IOException e) {
            if (StoreSpace.isNoSpace(e)) {
                throw new GatewayException(
                        Reason.STORAGE_FULL,
                        "the disk is full at " + path + ": No space left on device writing bytes " + offsetBytes + ".."
                                + (offsetBytes + data.length) + "; the " + size
                                + " verified bytes received are kept: free space there and fetch again to resume",
                        e);
            }
            throw GatewayException.io("cannot write to " + path + ": " + e.getMessage(), e);
        }
        size += data.length;
    }

    /** Flushes the verified bytes to disk, so a later resume can trust the file's size. */
    void sync() {
        try {
            out.force(true);
        } catch (IOException e) {
            throw GatewayException.io("cannot sync " + path + ": " + e.getMessage(), e);
        }
    }

    /** {@link #sync} after {@code failure} ended the download: a sync failure is added to it, not thrown instead. */
    void syncAfter(RuntimeException failure) {
        try {
            sync();
        } catch (GatewayException e) {
            failure.addSuppressed(e);
        }
    }

    /** Syncs, closes, and renames the complete file onto the target atomically (see {@link DurableFiles}). */
    void commit() {
        sync();
        close();
        DurableFiles.moveIntoPlace(path, target);
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw GatewayException.io("cannot close " + path + ": " + e.getMessage(), e);
        }
    }
}
