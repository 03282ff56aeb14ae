package gateway.proxy.restore;

import gateway.model.storage.ByteRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a restore of one frame range of an original must fetch: the byte ranges (sorted, touching
 * ones merged) and the original's whole size. {@code wholeFileReason} is null for a range-exact
 * restore; otherwise it says why the whole file must be fetched (a format without a usable index)
 * and {@code ranges} is the whole file.
 */
public record RestoreRanges(List<ByteRange> ranges, long wholeFileBytes, String wholeFileReason) {
    public RestoreRanges {
        ranges = merge(ranges);
        Objects.requireNonNull(ranges, "ranges");
    }

    /** The whole file, for a format whose frames cannot be found by the byte. */
    public static RestoreRanges wholeFile(long sizeBytes, String reason) {
        Objects.requireNonNull(reason, "reason");
        return new RestoreRanges(List.of(new ByteRange(0, sizeBytes)), sizeBytes, reason);
    }

    public boolean rangeExact() {
        return wholeFileReason == null;
    }

    /** Bytes the ranges hold: what a restore fetches. */
    public long bytes() {
        long sum = 0;
        for (ByteRange r : ranges) {
            sum += r.lengthBytes();
        }
        return sum;
    }

    /** {@code ranges} sorted, overlapping or touching ones joined, empty ones dropped. */
    public static List<ByteRange> merge(List<ByteRange> ranges) {
        List<ByteRange> sorted =
                new ArrayList<>(ranges.stream().filter(r -> r.lengthBytes() > 0).toList());
        sorted.sort(null);
        List<ByteRange> merged = new ArrayList<>();
        for (ByteRange r : sorted) {
            int last = merged.size() - 1;
            if (last >= 0 && merged.get(last).touches(r)) {
                ByteRange m = merged.get(last);
                long end = Math.max(m.endExclusive(), r.endExclusive());
                merged.set(last, new ByteRange(m.offsetBytes(), end - m.offsetBytes()));
            } else {
                merged.add(r);
            }
        }
        return List.copyOf(merged);
    }
}
