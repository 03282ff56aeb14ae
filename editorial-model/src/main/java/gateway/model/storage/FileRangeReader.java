package gateway.model.storage;

import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An original on a POSIX tier (a card, a NAS mount) read by the range through one open file
 * channel, counting every byte it delivers. Thread-safe: positional reads, an atomic counter.
 */
public final class FileRangeReader implements RangeReader {
    private static final int CHUNK_BYTES = 1 << 20;

    private final Path file;
    private final String tier;
    private final FileChannel channel;
    private final AtomicLong delivered = new AtomicLong();

    private FileRangeReader(Path file, String tier, FileChannel channel) {
        this.file = file;
        this.tier = tier;
        this.channel = channel;
    }

    /** Opens {@code file} on the tier named {@code tier} ("local" when no tier is configured). */
    public static FileRangeReader open(Path file, String tier) throws IOException {
        Objects.requireNonNull(tier, "tier");
        return new FileRangeReader(file, tier, FileChannel.open(file, StandardOpenOption.READ));
    }

    @Override
    public long sizeBytes() throws IOException {
        return channel.size();
    }

    @Override
    public void read(ByteRange range, OutputStream out) throws IOException {
        long size = channel.size();
        if (range.endExclusive() > size) {
            throw new IOException(describe() + ": " + range + " runs past the end of the " + size + "-byte file");
        }
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(CHUNK_BYTES, Math.max(1, range.lengthBytes())));
        long at = range.offsetBytes();
        long end = range.endExclusive();
        while (at < end) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), end - at));
            int n = channel.read(buffer, at);
            if (n < 0) {
                throw new EOFException(describe() + ": the file ended at byte " + at + " while reading " + range);
            }
            out.write(buffer.array(), 0, n);
            at += n;
            delivered.addAndGet(n);
        }
    }

    @Override
    public String describe() {
        return "tier \"" + tier + "\" " + file;
    }

    @Override
    public long bytesRead() {
        return delivered.get();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
