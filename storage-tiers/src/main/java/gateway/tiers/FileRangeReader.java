package gateway.tiers;

import gateway.model.asset.ProjectId;
import gateway.model.storage.ByteRange;
import gateway.model.storage.RangeReader;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/** An original on a POSIX tier read by the range, the bytes counted like an object tier's. */
final class FileRangeReader implements RangeReader {
    private final String tier;
    private final Path file;
    private final ProjectId project;
    private final TierMeter meter;
    private final AtomicLong delivered = new AtomicLong();

    FileRangeReader(String tier, Path file, ProjectId project, TierMeter meter) {
        this.tier = tier;
        this.file = file;
        this.project = project;
        this.meter = meter;
    }

    @Override
    public long sizeBytes() throws IOException {
        return java.nio.file.Files.size(file);
    }

    @Override
    public void read(ByteRange range, OutputStream out) throws IOException {
        try (FileChannel channel = FileChannel.open(file)) {
            if (range.endExclusive() > channel.size()) {
                throw new IOException(describe() + ": " + range + " runs past the end (" + channel.size() + " bytes)");
            }
            ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
            long at = range.offsetBytes();
            while (at < range.endExclusive()) {
                buffer.clear().limit((int) Math.min(buffer.capacity(), range.endExclusive() - at));
                int n = channel.read(buffer, at);
                if (n < 0) {
                    throw new IOException(describe() + ": ended at " + at + " inside " + range);
                }
                out.write(buffer.array(), 0, n);
                at += n;
                delivered.addAndGet(n);
                meter.read(tier, project, n);
            }
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
}
