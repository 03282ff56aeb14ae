package gateway.model.storage;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Random access to the bytes of one stored original, wherever its tier keeps it: a file on a POSIX
 * path (card, NAS) or an object in an S3-compatible bucket. Restores read through this port only
 * the ranges they need; each implementation counts what it moved.
 */
public interface RangeReader extends AutoCloseable {
    /** The object's whole size in bytes. */
    long sizeBytes() throws IOException;

    /**
     * Copies exactly {@code range} into {@code out}. Fails (IOException naming {@link #describe()}
     * and the range) when fewer bytes arrive than asked, or the range runs past {@link #sizeBytes()}.
     */
    void read(ByteRange range, OutputStream out) throws IOException;

    /** Where the bytes come from, for errors and plans: {@code tier "nas" /mnt/nas/A001.mov}, {@code tier "archive" s3://bucket/key}. */
    String describe();

    /** Bytes this reader has delivered so far (all ranges, every call). */
    long bytesRead();

    @Override
    default void close() throws IOException {}
}
