package gateway.proxy.restore;

import gateway.model.asset.DurableFiles;
import gateway.model.error.GatewayException;
import gateway.model.storage.ByteRange;
import gateway.model.storage.RangeReader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * A sparse copy of an original: a file of the original's size that holds only the planned ranges,
 * each at its own offset, holes elsewhere (no disk blocks where nothing was written). Written under
 * a temp name, fsynced and renamed into place ({@link DurableFiles}); a reader that fails leaves
 * nothing behind.
 */
final class PartialOriginal {
    private PartialOriginal() {}

    /** Writes {@code planned} from {@code source} to {@code target}; returns the bytes fetched for it. */
    static long write(RangeReader source, Planned planned, Path target) {
        long before = source.bytesRead();
        try (DurableFiles.Pending pending = DurableFiles.pending(target)) {
            try (RandomAccessFile file = new RandomAccessFile(pending.temp().toFile(), "rw")) {
                FileChannel channel = file.getChannel();
                file.setLength(planned.ranges().wholeFileBytes());
                for (Planned.Fetched f : planned.fetched()) {
                    writeAt(channel, f.range().offsetBytes(), ByteBuffer.wrap(f.bytes()));
                }
                for (ByteRange range : planned.stillToFetch()) {
                    fetch(source, range, channel);
                }
                channel.force(true);
            }
            pending.commit();
            return source.bytesRead() - before;
        } catch (IOException e) {
            throw GatewayException.io(
                    "cannot write the partial original " + target + " from " + source.describe() + ": "
                            + e.getMessage(),
                    e);
        }
    }

    private static void fetch(RangeReader source, ByteRange range, FileChannel channel) {
        Positioned out = new Positioned(channel, range.offsetBytes());
        try {
            source.read(range, out);
        } catch (IOException e) {
            throw GatewayException.io(
                    "cannot restore " + range + " of " + source.describe() + ": " + e.getMessage(), e);
        }
        if (out.at != range.endExclusive()) {
            throw GatewayException.io(
                    "cannot restore " + range + " of " + source.describe() + ": " + (out.at - range.offsetBytes())
                            + " of " + range.lengthBytes() + " bytes arrived",
                    null);
        }
    }

    private static void writeAt(FileChannel channel, long offset, ByteBuffer bytes) throws IOException {
        long at = offset;
        while (bytes.hasRemaining()) {
            at += channel.write(bytes, at);
        }
    }

    /** An output stream that writes a channel from a position on. */
    private static final class Positioned extends OutputStream {
        private final FileChannel channel;
        private long at;

        Positioned(FileChannel channel, long at) {
            this.channel = channel;
            this.at = at;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            writeAt(channel, at, ByteBuffer.wrap(b, off, len));
            at += len;
        }
    }
}
