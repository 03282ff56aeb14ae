package gateway.proxy.restore;

import gateway.model.storage.ByteRange;
import java.util.ArrayList;
import java.util.List;

/**
 * A restore's ranges and the bytes planning already fetched (box headers, the movie box), so that
 * the restore does not fetch them twice. {@code mxf}: for an MXF original, where its content
 * packages lie, so that the copy holds the keys and lengths of those it did not fetch (null else).
 */
record Planned(RestoreRanges ranges, List<Fetched> fetched, MxfLayout mxf) {
    record Fetched(ByteRange range, byte[] bytes) {}

    Planned(RestoreRanges ranges, List<Fetched> fetched) {
        this(ranges, fetched, null);
    }

    /**
     * One plan for several spans of the same original: their ranges joined, what planning fetched
     * kept once per range; a whole-file plan among them makes the whole a whole-file plan.
     */
    static Planned merge(List<Planned> plans) {
        for (Planned p : plans) {
            if (!p.ranges().rangeExact()) {
                return p;
            }
        }
        List<ByteRange> ranges = new ArrayList<>();
        java.util.Map<ByteRange, Fetched> fetched = new java.util.LinkedHashMap<>();
        for (Planned p : plans) {
            ranges.addAll(p.ranges().ranges());
            p.fetched().forEach(f -> fetched.putIfAbsent(f.range(), f));
        }
        return new Planned(
                new RestoreRanges(ranges, plans.get(0).ranges().wholeFileBytes(), null),
                List.copyOf(fetched.values()),
                plans.get(0).mxf());
    }

    /**
     * The holes of the copy: what lies between the planned ranges (and what planning fetched), where
     * the {@link MxfLayout} writes the keys and lengths of the content packages not fetched.
     */
    List<ByteRange> gaps() {
        List<ByteRange> all = new ArrayList<>(ranges.ranges());
        fetched.forEach(f -> all.add(f.range()));
        List<ByteRange> gaps = new ArrayList<>();
        long at = 0;
        for (ByteRange r : RestoreRanges.merge(all)) {
            if (r.offsetBytes() > at) {
                gaps.add(new ByteRange(at, r.offsetBytes() - at));
            }
            at = Math.max(at, r.endExclusive());
        }
        if (at < ranges.wholeFileBytes()) {
            gaps.add(new ByteRange(at, ranges.wholeFileBytes() - at));
        }
        return gaps;
    }

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
