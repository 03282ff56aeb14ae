package gateway.model.timeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.model.error.GatewayException;
import gateway.model.time.Fraction;
import gateway.model.time.FrameRate;
import gateway.model.time.TimeRange;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class SpeedRampTest {
    private static SpeedRamp.Keyframe k(long record, long source) {
        return SpeedRamp.Keyframe.linear(Fraction.of(record), Fraction.of(source));
    }

    private static SpeedRamp.Keyframe k(Fraction record, Fraction source) {
        return SpeedRamp.Keyframe.linear(record, source);
    }

    private static long[] frames(SpeedRamp ramp, int count) {
        return LongStream.range(0, count).map(ramp::sourceOffsetAt).toArray();
    }

    @Test
    void twoKeyframesAreAConstantSpeed() {
        SpeedRamp ramp = SpeedRamp.of(List.of(k(0, 0), k(10, 20)));
        assertArrayEquals(new long[] {0, 2, 4, 6, 8, 10, 12, 14, 16, 18}, frames(ramp, 10));
    }

    @Test
    void slowMotionRepeatsFramesRoundingDown() {
        SpeedRamp ramp = SpeedRamp.of(List.of(k(0, 0), k(3, 1)));
        assertArrayEquals(new long[] {0, 0, 0, 1, 1, 1, 2}, frames(ramp, 7));
    }

    @Test
    void aRampChangesSpeedAtItsKeyframes() {
        // normal speed for 4 frames, then three times as fast
        SpeedRamp ramp = SpeedRamp.of(List.of(k(0, 0), k(4, 4), k(8, 16)));
        assertArrayEquals(new long[] {0, 1, 2, 3, 4, 7, 10, 13, 16, 19}, frames(ramp, 10));
    }

    @Test
    void keyframesBetweenFramesAreExact() {
        // speed 1 up to record 5/2, speed 2 after it; source positions 0, 1, 2, 7/2, 11/2, 15/2
        SpeedRamp ramp = SpeedRamp.of(List.of(
                k(Fraction.ZERO, Fraction.ZERO),
                k(Fraction.of(5, 2), Fraction.of(5, 2)),
                k(Fraction.of(9, 2), Fraction.of(13, 2))));
        assertEquals(Fraction.of(7, 2), ramp.positionAt(Fraction.of(3)));
        assertArrayEquals(new long[] {0, 1, 2, 3, 5, 7}, frames(ramp, 6));
        // a source offset that is not whole at record 0 (the source range started between frames)
        SpeedRamp late = SpeedRamp.of(List.of(k(Fraction.ZERO, Fraction.of(1, 3)), k(Fraction.of(3), Fraction.of(2))));
        assertArrayEquals(new long[] {0, 0, 1, 2}, frames(late, 4));
    }

    @Test
    void oneKeyframeOrAFlatSegmentFreezes() {
        SpeedRamp hold = SpeedRamp.of(List.of(k(Fraction.of(2), Fraction.of(7, 2))));
        assertArrayEquals(new long[] {3, 3, 3, 3}, frames(hold, 4));
        SpeedRamp flat = SpeedRamp.of(List.of(k(0, 0), k(2, 2), k(6, 2), k(8, 4)));
        assertArrayEquals(new long[] {0, 1, 2, 2, 2, 2, 2, 3, 4}, frames(flat, 9));
    }

    @Test
    void reverseCountsDownAndRoundsDownToo() {
        SpeedRamp back = SpeedRamp.of(List.of(k(0, 10), k(10, 0)));
        assertArrayEquals(new long[] {10, 9, 8, 7, 6, 5, 4, 3, 2, 1}, frames(back, 10));
        // a quarter speed backwards: positions 10, 39/4, 19/2, 37/4, 9
        SpeedRamp slow = SpeedRamp.of(List.of(k(0, 10), k(4, 9)));
        assertArrayEquals(new long[] {10, 9, 9, 9, 9}, frames(slow, 5));
    }

    @Test
    void framesOutsideTheKeyframesContinueTheEndSegments() {
        SpeedRamp ramp = SpeedRamp.of(List.of(k(2, 2), k(4, 6)));
        assertEquals(-2, ramp.sourceOffsetAt(0)); // speed 2 before the first keyframe
        assertEquals(10, ramp.sourceOffsetAt(6)); // and after the last
        assertEquals(-4, ramp.sourceOffsetAt(-1)); // a handle before the clip
    }

    @Test
    void boundsFindTheExtremesInsideTheClip() {
        // up to source 10 at record 5, back to 0 at record 10
        SpeedRamp there = SpeedRamp.of(List.of(k(0, 0), k(5, 10), k(10, 0)));
        assertArrayEquals(new long[] {0, 10}, there.sourceOffsetBounds(0, 10));
        assertArrayEquals(new long[] {2, 10}, there.sourceOffsetBounds(1, 9));
        // the peak between frames: positions at record 2 and 3 are 8/3*... computed exactly
        SpeedRamp peak = SpeedRamp.of(List.of(
                k(Fraction.ZERO, Fraction.ZERO),
                k(Fraction.of(5, 2), Fraction.of(10)),
                k(Fraction.of(5), Fraction.ZERO)));
        // record 2 -> 8, record 3 -> 10 - 4 * 1/2 = 8: the peak 10 itself is never shown
        assertArrayEquals(new long[] {0, 8}, peak.sourceOffsetBounds(0, 5));
        assertThrows(GatewayException.class, () -> peak.sourceOffsetBounds(3, 3));
    }

    @Test
    void theLastFrameIsTheOneBeforeTheClipsEnd() {
        // 10 record frames at speed 2: the last shows source 18, not 20
        Clip clip = Clip.of(
                        "ramp", TimeRange.of(1000, 10, FrameRate.FPS_24), MissingReference.of("A", "ramp", null, null))
                .withEffects(List.of(SpeedRamp.of(List.of(k(0, 0), k(10, 20)))));
        assertEquals(TimeRange.of(1000, 19, FrameRate.FPS_24), clip.mediaRange());
        assertEquals(TimeScalar.NORMAL, clip.timeScalar());
        assertTrue(clip.speedRamp().isPresent());
    }

    @Test
    void transitionHandlesFollowTheRampsEndSegments() {
        // speed 2 throughout: 3 handle frames ahead need 6 source frames, 2 behind need 4
        Clip clip = Clip.of(
                        "fast", TimeRange.of(1000, 10, FrameRate.FPS_24), MissingReference.of("A", "fast", null, null))
                .withEffects(List.of(SpeedRamp.of(List.of(k(0, 0), k(10, 20)))));
        assertEquals(TimeRange.of(994, 19 + 6 + 4, FrameRate.FPS_24), clip.mediaRange(3, 2));
        Clip plain = Clip.of(
                "plain", TimeRange.of(1000, 10, FrameRate.FPS_24), MissingReference.of("A", "plain", null, null));
        assertEquals(TimeRange.of(997, 15, FrameRate.FPS_24), plain.mediaRange(3, 2));
    }

    @Test
    void aReverseRampsMediaRangeStartsAtItsLowestFrame() {
        Clip clip = Clip.of(
                        "back", TimeRange.of(1000, 10, FrameRate.FPS_24), MissingReference.of("A", "back", null, null))
                .withEffects(List.of(SpeedRamp.of(List.of(k(0, 0), k(10, -10)))));
        // positions 0, -1, ... -9: frames 991 to 1000
        assertEquals(TimeRange.of(991, 10, FrameRate.FPS_24), clip.mediaRange());
    }

    @Test
    void aTrimmedRampShowsTheSameFramesFromItsNewStart() {
        SpeedRamp ramp = SpeedRamp.of(List.of(
                k(Fraction.ZERO, Fraction.of(1, 3)),
                k(Fraction.of(7, 2), Fraction.of(7)),
                k(Fraction.of(12), Fraction.of(2))));
        for (long head = 0; head < 10; head++) {
            SpeedRamp trimmed = ramp.trimmed(head);
            long shift = ramp.sourceOffsetAt(head);
            for (long k = 0; k + head < 12; k++) {
                assertEquals(
                        ramp.sourceOffsetAt(head + k),
                        shift + trimmed.sourceOffsetAt(k),
                        "head " + head + ", frame " + k);
            }
        }
    }

    @Test
    void keyframesMustBeInRecordOrder() {
        assertThrows(GatewayException.class, () -> SpeedRamp.of(List.of(k(0, 0), k(0, 5))));
        assertThrows(GatewayException.class, () -> SpeedRamp.of(List.of(k(4, 0), k(2, 5))));
        assertThrows(GatewayException.class, () -> SpeedRamp.of(List.of()));
    }

    @Test
    void describesItselfForAReportRow() {
        SpeedRamp ramp = SpeedRamp.of(List.of(k(0, 0), k(4, 4), k(8, 16)));
        assertEquals("speed ramp: 3 keyframes, source frames 1000–1013", ramp.describe(1000, 8));
        assertFalse(ramp.approximated());
        SpeedRamp smooth = SpeedRamp.of(List.of(new SpeedRamp.Keyframe(Fraction.ZERO, Fraction.ZERO, true), k(4, 8)));
        assertTrue(smooth.approximated());
        assertEquals(
                "speed ramp: 2 keyframes, source frames 0–6 (approximated: smooth keyframes played as straight lines)",
                smooth.describe(0, 4));
    }
}
