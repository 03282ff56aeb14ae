package gateway.model.timeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import gateway.model.error.GatewayException;
import gateway.model.time.FrameRate;
import gateway.model.time.RationalTime;
import gateway.model.time.TimeRange;
import java.math.RoundingMode;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrackTest {
    private static final FrameRate R24 = FrameRate.FPS_24;

    private static Clip clip(String name, long start, long frames) {
        return Clip.of(name, TimeRange.of(start, frames, R24), MissingReference.of("R", name, null, null));
    }

    @Test
    void rangeOfCountsGapsAndIgnoresTransitionsDuration() {
        Clip a = clip("a", 1000, 24);
        Gap g = Gap.of(16, R24);
        Clip b = clip("b", 2000, 24);
        Transition t = Transition.dissolve("a to b", 0, 10, R24);
        Clip c = clip("c", 3000, 30);
        Track track = Track.of("V1", TrackKind.VIDEO, List.of(a, g, b, t, c));

        assertEquals(TimeRange.of(0, 24, R24), track.rangeOf(a));
        assertEquals(TimeRange.of(24, 16, R24), track.rangeOf(g));
        assertEquals(TimeRange.of(40, 24, R24), track.rangeOf(b));
        assertEquals(TimeRange.of(64, 10, R24), track.rangeOf(t), "a dissolve at the cut reaches into c");
        assertEquals(TimeRange.of(64, 30, R24), track.rangeOf(c));
        assertEquals(RationalTime.of(94, R24), track.duration(R24, RoundingMode.UNNECESSARY));
    }

    @Test
    void visibleRangeGrowsByTheNeighbouringTransitions() {
        Clip a = clip("a", 1000, 9);
        Transition t = Transition.dissolve("a to b", 0, 10, R24);
        Clip b = clip("b", 2000, 10);
        Track track = Track.of("V1", TrackKind.VIDEO, List.of(a, t, b));
        assertEquals(TimeRange.of(1000, 19, R24), track.visibleRangeOf(a));
        assertEquals(TimeRange.of(2000, 10, R24), track.visibleRangeOf(b));
    }

    @Test
    void equalClipsAreFoundByIdentity() {
        Clip a = clip("a", 0, 5);
        Clip a2 = clip("a", 0, 5);
        Track track = Track.of("V1", TrackKind.VIDEO, List.of(a, a2));
        assertEquals(5, track.rangeOf(a2).start().value());
    }

    @Test
    void mixedRatesNeedARoundingModeWhenInexact() {
        Clip a = Clip.of("a", TimeRange.of(0, 1, FrameRate.FPS_23_976), MissingReference.of(null, "a", null, null));
        Clip b = clip("b", 0, 24);
        Track track = Track.of("V1", TrackKind.VIDEO, List.of(a, b));
        assertThrows(GatewayException.class, () -> track.rangeOf(b));
        assertEquals(1, track.rangeOf(1, RoundingMode.HALF_EVEN).start().value());
    }

    @Test
    void timelineDurationIsTheLongestTrack() {
        Track v = Track.of("V1", TrackKind.VIDEO, List.of(clip("a", 0, 10), Gap.of(5, R24), clip("b", 0, 1)));
        Track au = Track.of("A1", TrackKind.AUDIO, List.of(clip("a", 0, 12)));
        Timeline tl = Timeline.of("t", RationalTime.of(86400, R24), List.of(v, au));
        assertEquals(RationalTime.of(16, R24), tl.duration());
        assertEquals(1, tl.audioTracks().size());
    }
}
