package gateway.proxy.finish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.model.time.FrameRate;
import gateway.model.time.TimeRange;
import gateway.model.timeline.Clip;
import gateway.model.timeline.Gap;
import gateway.model.timeline.Item;
import gateway.model.timeline.Metadata;
import gateway.model.timeline.MissingReference;
import gateway.model.timeline.Track;
import gateway.model.timeline.TrackKind;
import gateway.model.timeline.Transition;
import gateway.model.timeline.TransitionKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrackLayoutTest {
    private static final FrameRate RATE = FrameRate.FPS_25;

    private static Clip clip(String name, long frames) {
        return Clip.of(name, TimeRange.of(1000, frames, RATE), MissingReference.of(name, name, null, null));
    }

    private static TrackLayout layout(List<String> warnings, Item... items) {
        return TrackLayout.of(Track.of("V1", TrackKind.VIDEO, List.of(items)), RATE, clip -> null, warnings);
    }

    @Test
    void aDissolveTakesItsOffsetsFromBothNeighbours() {
        List<String> warnings = new ArrayList<>();
        TrackLayout t = layout(
                warnings,
                clip("A", 20),
                Transition.dissolve("x", 4, 8, RATE),
                clip("B", 20),
                Gap.of(5, RATE),
                clip("C", 3));

        List<TrackLayout.Piece> p = t.pieces();
        assertEquals(4, p.size());
        assertEquals(List.of(0L, 16L), List.of(p.get(0).start(), p.get(0).end()));
        TrackLayout.Dissolve d = assertInstanceOf(TrackLayout.Dissolve.class, p.get(1));
        assertEquals(List.of(16L, 28L), List.of(d.start(), d.end()));
        assertEquals(1.0 / 13, d.weightAt(16), 1e-12);
        assertEquals(12.0 / 13, d.weightAt(27), 1e-12);
        assertEquals(List.of(28L, 40L), List.of(p.get(2).start(), p.get(2).end()));
        assertEquals(List.of(45L, 48L), List.of(p.get(3).start(), p.get(3).end()));
        assertTrue(warnings.isEmpty());
    }

    @Test
    void gapsAndDisabledClipsShowNothingAndMissingMediaShowsBlack() {
        TrackLayout t = layout(new ArrayList<>(), Gap.of(2, RATE), clip("A", 2).withEnabled(false), clip("B", 2));
        Duration d = Duration.ofSeconds(1);
        assertNull(t.pictureAt(0, 4, 2, d));
        assertNull(t.pictureAt(3, 4, 2, d));
        assertEquals(64, t.pictureAt(4, 4, 2, d).luma(0, 0));
        assertNull(t.pictureAt(6, 4, 2, d));
    }

    @Test
    void aWipeIsRenderedAsADissolveWithAWarning() {
        List<String> warnings = new ArrayList<>();
        layout(
                warnings,
                clip("A", 20),
                new Transition("w", TransitionKind.WIPE, "W001", 0, 10, RATE, Metadata.empty()),
                clip("B", 20));
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).contains("W001"), warnings.get(0));
    }

    @Test
    void transitionsLongerThanTheirClipAreRefused() {
        GatewayException e = assertThrows(
                GatewayException.class,
                () -> layout(
                        new ArrayList<>(),
                        clip("A", 20),
                        Transition.dissolve("x", 0, 10, RATE),
                        clip("B", 5),
                        Transition.dissolve("y", 0, 2, RATE),
                        clip("C", 20)));
        assertEquals(Reason.INVALID_ARGUMENT, e.reason());
    }

    @Test
    void clipsAtAnotherRateAreUnsupported() {
        Clip other = Clip.of("B", TimeRange.of(0, 24, FrameRate.FPS_24), MissingReference.of("B", "B", null, null));
        GatewayException e = assertThrows(GatewayException.class, () -> layout(new ArrayList<>(), other));
        assertEquals(Reason.UNSUPPORTED, e.reason());
    }
}
