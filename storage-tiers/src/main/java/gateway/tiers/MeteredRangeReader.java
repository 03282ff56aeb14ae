package gateway.tiers;

import gateway.model.asset.ProjectId;
import gateway.model.storage.ByteRange;
import gateway.model.storage.RangeReader;
import java.io.IOException;
import java.io.OutputStream;

/** A reader whose bytes are also counted on the tier meter, per tier and project (a POSIX original's reads). */
final class MeteredRangeReader implements RangeReader {
    private final RangeReader inner;
    private final String tier;
    private final ProjectId project;
    private final TierMeter meter;

    MeteredRangeReader(RangeReader inner, String tier, ProjectId project, TierMeter meter) {
        this.inner = inner;
        this.tier = tier;
        this.project = project;
        this.meter = meter;
    }

    @Override
    public long sizeBytes() throws IOException {
        return inner.sizeBytes();
    }

    @Override
    public void read(ByteRange range, OutputStream out) throws IOException {
        long before = inner.bytesRead();
        try {
            inner.read(range, out);
        } finally {
            meter.read(tier, project, inner.bytesRead() - before);
        }
    }

    @Override
    public String describe() {
        return inner.describe();
    }

    @Override
    public long bytesRead() {
        return inner.bytesRead();
    }

    @Override
    public void close() throws IOException {
        inner.close();
    }
}
