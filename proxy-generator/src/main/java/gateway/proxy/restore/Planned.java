package gateway.proxy.restore;

import gateway.model.storage.ByteRange;
import java.util.ArrayList;
import java.util.List;

/**
 * A restore's ranges and the bytes planning already fetched (box headers, the movie box), so that
 * the restore does not fetch them twice.
 */
record Planned(RestoreRanges ranges, List<Fetched> fetched) {
    record Fetched(ByteRange range, byte[] bytes) {}

    /** The parts of the planned ranges that planning has not fetched yet. */
    List<ByteRange> stillToFetch() {
        List<ByteRange> have =
                RestoreRanges.merge(fetched.stream().map(Fetched::range).toList());
        List<ByteRange> missing = new ArrayList<>();
        for (ByteRange want : ranges.ranges()) {
            long at = want.offsetBytes();
            for (ByteRange h : have) {
                if (h.endExclusive() <= at || h.offsetBytes() >= want.endExclusive()) {
                    continue;
                }
                if (h.offsetBytes() > at) {
                    missing.add(new ByteRange(at, h.offsetBytes() - at));
                }
                at = Math.max(at, h.endExclusive());
            }
            if (at < want.endExclusive()) {
                missing.add(new ByteRange(at, want.endExclusive() - at));
            }
        }
        return missing;
    }
}
