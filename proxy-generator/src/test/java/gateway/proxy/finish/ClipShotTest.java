package gateway.proxy.finish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.model.asset.MediaInfo;
import gateway.model.asset.VideoInfo;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.model.time.Fraction;
import gateway.model.time.FrameRate;
import gateway.model.time.TimeRange;
import gateway.model.timeline.Clip;
import gateway.model.timeline.Effect;
import gateway.model.timeline.ExternalReference;
import gateway.model.timeline.FreezeFrame;
import gateway.model.timeline.LinearTimeWarp;
import gateway.model.timeline.SpeedRamp;
import gateway.model.timeline.TimeScalar;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClipShotTest {
    private static final FrameRate RATE = FrameRate.FPS_25;
    private static final long ORIGINAL_START = 90_000; // 01:00:00:00
    private static final ClipShot.Media ORIGINAL = new ClipShot.Media(
            Path.of("A001.mov"),
            new MediaInfo(
                    "A001.mov",
                    "mov",
                    RATE,
                    100,
                    null,
                    null,
                    new VideoInfo("prores", 320, 180),
                    List.of(),
                    false,
                    null,
                    List.of()),
            ORIGINAL_START);

    /** A 10-frame clip from file frame 20, placed at record frame 50. */
    private static ClipShot shot(Effect... effects) {
        Clip clip = Clip.of(
                        "c",
                        TimeRange.of(ORIGINAL_START + 20, 10, RATE),
                        ExternalReference.of("A001.mov", TimeRange.of(ORIGINAL_START, 100, RATE)))
                .withEffects(List.of(effects));
        return new ClipShot(clip, 50, ORIGINAL);
    }

    private static long fileFrame(ClipShot shot, long record) {
        return shot.mediaFrameAt(record) - ORIGINAL_START;
    }

    @Test
    void normalSpeedPlaysFrameForFrameAndOnIntoHandles() {
        ClipShot s = shot();
        assertEquals(20, fileFrame(s, 50));
        assertEquals(29, fileFrame(s, 59));
        assertEquals(30, fileFrame(s, 60), "a dissolve's out handle plays on");
        assertEquals(17, fileFrame(s, 47), "an in handle starts early");
    }

    @Test
    void speedTakesEveryNthFrameOrRepeatsFrames() {
        ClipShot twice = shot(LinearTimeWarp.of(TimeScalar.of(2, 1)));
        assertEquals(
                List.of(20L, 22L, 24L, 38L),
                List.of(fileFrame(twice, 50), fileFrame(twice, 51), fileFrame(twice, 52), fileFrame(twice, 59)));
        ClipShot half = shot(LinearTimeWarp.of(TimeScalar.of(1, 2)));
        assertEquals(
                List.of(20L, 20L, 21L, 21L, 24L),
                List.of(
                        fileFrame(half, 50),
                        fileFrame(half, 51),
                        fileFrame(half, 52),
                        fileFrame(half, 53),
                        fileFrame(half, 59)));
        assertEquals(19, fileFrame(half, 48), "handles before the clip follow the same line (floor)");
    }

    @Test
    void reverseCountsDownFromTheLastFramePlayed() {
        ClipShot back = shot(LinearTimeWarp.of(TimeScalar.of(-1, 1)));
        assertEquals(29, fileFrame(back, 50));
        assertEquals(20, fileFrame(back, 59));
        ClipShot fastBack = shot(LinearTimeWarp.of(TimeScalar.of(-2, 1)));
        assertEquals(39, fileFrame(fastBack, 50));
        assertEquals(21, fileFrame(fastBack, 59));
    }

    @Test
    void aFreezeHoldsTheFirstFrame() {
        ClipShot freeze = shot(FreezeFrame.of());
        assertEquals(20, fileFrame(freeze, 50));
        assertEquals(20, fileFrame(freeze, 59));
    }

    @Test
    void aRampPicksEachFrameFromItsKeyframes() {
        // from file frame 20: speed 1, then 3x from record offset 4, then back down from offset 8
        ClipShot ramp = shot(SpeedRamp.of(List.of(
                SpeedRamp.Keyframe.linear(Fraction.ZERO, Fraction.ZERO),
                SpeedRamp.Keyframe.linear(Fraction.of(4), Fraction.of(4)),
                SpeedRamp.Keyframe.linear(Fraction.of(8), Fraction.of(16)),
                SpeedRamp.Keyframe.linear(Fraction.of(10), Fraction.of(15)))));
        List<Long> files = new ArrayList<>();
        for (long record = 50; record < 60; record++) {
            files.add(fileFrame(ramp, record));
        }
        assertEquals(List.of(20L, 21L, 22L, 23L, 24L, 27L, 30L, 33L, 36L, 35L), files);
        assertFalse(ramp.normalSpeed(), "a ramp's sound is not played frame for frame");
    }

    @Test
    void aRampThatPeaksPastTheOriginalIsOutOfRange() {
        // ends inside the original (file frame 20) but passes file frame 100 in the middle
        ClipShot peak = shot(SpeedRamp.of(List.of(
                SpeedRamp.Keyframe.linear(Fraction.ZERO, Fraction.ZERO),
                SpeedRamp.Keyframe.linear(Fraction.of(5), Fraction.of(85)),
                SpeedRamp.Keyframe.linear(Fraction.of(10), Fraction.ZERO))));
        GatewayException e = assertThrows(GatewayException.class, () -> peak.checkCovers(50, 60));
        assertEquals(Reason.OUT_OF_RANGE, e.reason());
        assertTrue(e.getMessage().contains("frame 105 of A001.mov at record frame 55"), e.getMessage());
    }

    @Test
    void framesOutsideTheOriginalAreOutOfRange() {
        ClipShot s = shot();
        s.checkCovers(30, 130); // file frames 0-99
        assertEquals(130, s.lastUse(), "the last record frame it is needed for, exclusive");
        GatewayException e = assertThrows(GatewayException.class, () -> shot().checkCovers(29, 60));
        assertEquals(Reason.OUT_OF_RANGE, e.reason());
        assertTrue(e.getMessage().contains("frame -1 of A001.mov"), e.getMessage());
        assertThrows(GatewayException.class, () -> shot(LinearTimeWarp.of(TimeScalar.of(10, 1)))
                .checkCovers(50, 60));
    }

    @Test
    void anOriginalAtAnotherRateIsRefusedWithBothRatesAsPeopleReadThem() {
        GatewayException e = assertThrows(
                GatewayException.class,
                () -> ClipShot.requireRate("its original A.mov", FrameRate.FPS_23_976, FrameRate.FPS_24, "one"));

        assertEquals(Reason.UNSUPPORTED, e.reason());
        assertTrue(
                e.getMessage().contains("its original A.mov runs at 23.976 fps, the timeline at 24 fps;"),
                e.getMessage());
    }
}
