package gateway.model.timeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.model.error.GatewayException;
import gateway.model.time.FrameRate;
import gateway.model.time.TimeRange;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClipTest {
    private static final FrameRate R24 = FrameRate.FPS_24;
    private final Clip clip =
            Clip.of("take 1", TimeRange.of(86400, 36, R24), MissingReference.of("A001", "take 1", null, null));

    @Test
    void referencesAreKeyedByRepresentationWithOneActive() {
        ExternalReference proxy = ExternalReference.of("/cache/a.mp4", null);
        Clip withProxy = clip.withReference(Representation.PROXY, proxy);
        assertInstanceOf(MissingReference.class, withProxy.activeReference());
        assertEquals(proxy, withProxy.activate(Representation.PROXY).activeReference());
        assertThrows(GatewayException.class, () -> clip.activate(Representation.PROXY));
    }

    @Test
    void mediaRangeFollowsTimeEffects() {
        assertEquals(clip.sourceRange(), clip.mediaRange());
        assertEquals(
                TimeRange.of(86400, 1, R24),
                clip.withEffects(List.of(FreezeFrame.of())).mediaRange());
        // 47.6 fps at 24: 119/60; 36 frames of playback read 71.4 -> 72 source frames
        TimeScalar s = TimeScalar.ofSpeed(new BigDecimal("47.6"), 24);
        assertEquals(TimeScalar.of(119, 60), s);
        assertEquals(
                TimeRange.of(86400, 72, R24),
                clip.withEffects(List.of(LinearTimeWarp.of(s))).mediaRange());
        TimeScalar reverse = TimeScalar.ofSpeed(new BigDecimal("-25.0"), 25);
        assertTrue(reverse.isReverse());
        assertEquals(
                36,
                clip.withEffects(List.of(LinearTimeWarp.of(reverse)))
                        .mediaRange()
                        .durationFrames());
    }

    @Test
    void metadataIsDeepImmutableAndRejectsDoubles() {
        Metadata m = Metadata.of(Map.of("cmx_3600", Map.of("reel", "A001", "sat", new BigDecimal("0.9"))));
        assertEquals("A001", m.namespace("cmx_3600").string("reel").orElseThrow());
        assertThrows(
                UnsupportedOperationException.class,
                () -> m.namespace("cmx_3600").asMap().put("x", "y"));
        assertThrows(GatewayException.class, () -> Metadata.of(Map.of("x", 0.5)));
        assertEquals(
                "B",
                m.withIn("cmx_3600", "reel", "B")
                        .namespace("cmx_3600")
                        .string("reel")
                        .orElseThrow());
    }

    @Test
    void clipMustHoldItsActiveReference() {
        assertThrows(
                GatewayException.class,
                () -> new Clip("x", clip.sourceRange(), Map.of(), Representation.ORIGINAL, null, null, true, null));
    }
}
