package gateway.client;

import gateway.model.time.FrameRate;
import java.util.List;

/**
 * Where each fragment of a fragmented-MP4 rendition lives: a seek to a frame asks for exactly the
 * bytes of the fragment that holds it (after the {@code headerLengthBytes} of the init segment).
 */
public record FragmentMap(
        String profile,
        FrameRate rate,
        long sizeBytes,
        long headerLengthBytes,
        long version,
        List<Fragment> fragments) {

    /** Frames {@code [startFrame, startFrame + durationFrames)} in bytes {@code [offsetBytes, offsetBytes + lengthBytes)}. */
    public record Fragment(long startFrame, long durationFrames, long offsetBytes, long lengthBytes) {
        public boolean holds(long frame) {
            return frame >= startFrame && frame < startFrame + durationFrames;
        }
    }

    public FragmentMap {
        fragments = List.copyOf(fragments);
    }

    static FragmentMap of(gateway.protos.stream.v1.FragmentIndex r) {
        return new FragmentMap(
                r.getProfile(),
                gateway.protos.mapper.TimeMapper.fromProto(r.getRate(), "rate"),
                r.getSizeBytes(),
                r.getHeaderLengthBytes(),
                r.getVersion(),
                r.getFragmentsList().stream()
                        .map(f -> new Fragment(
                                f.getStartFrame(), f.getDurationFrames(), f.getOffsetBytes(), f.getLengthBytes()))
                        .toList());
    }

    /** The fragment that holds {@code frame}, or null past the end. */
    public Fragment fragmentOf(long frame) {
        int lo = 0;
        int hi = fragments.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            Fragment f = fragments.get(mid);
            if (frame < f.startFrame()) {
                hi = mid - 1;
            } else if (frame >= f.startFrame() + f.durationFrames()) {
                lo = mid + 1;
            } else {
                return f;
            }
        }
        return null;
    }
}
