package gateway.model.timeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.model.error.GatewayException;
import gateway.model.time.Fraction;
import gateway.model.time.TimeRange;
import java.util.List;
import org.junit.jupiter.api.Test;

class AudioLevelTest {

    @Test
    void aConstantLevelHoldsEverywhere() {
        AudioLevel level = AudioLevel.constant(-6);
        assertEquals(-6, level.dbAt(Fraction.of(-10)));
        assertEquals(-6, level.dbAt(Fraction.of(1000)));
        assertEquals(0.50119, level.factorAt(Fraction.ZERO), 1e-5);
        assertFalse(level.isUnity());
        assertTrue(AudioLevel.constant(0).isUnity());
        assertEquals("level -6 dB", level.describe());
    }

    @Test
    void keyframesAreStraightLinesInDbAndHoldOutside() {
        AudioLevel ramp = AudioLevel.keyframed(
                List.of(new AudioLevel.Keyframe(Fraction.of(10), -20), new AudioLevel.Keyframe(Fraction.of(30), 0)));
        assertEquals(-20, ramp.dbAt(Fraction.ZERO));
        assertEquals(-20, ramp.dbAt(Fraction.of(10)));
        assertEquals(-10, ramp.dbAt(Fraction.of(20)), 1e-12);
        assertEquals(-17.5, ramp.dbAt(Fraction.of(25, 2)), 1e-12);
        assertEquals(0, ramp.dbAt(Fraction.of(30)));
        assertEquals(0, ramp.dbAt(Fraction.of(99)));
        assertEquals("level: 2 keyframes, -20 dB to 0 dB", ramp.describe());
    }

    @Test
    void aFadeFromSilenceIsAStraightLineInTheFactor() {
        AudioLevel fade = AudioLevel.keyframed(List.of(
                new AudioLevel.Keyframe(Fraction.ZERO, Double.NEGATIVE_INFINITY),
                new AudioLevel.Keyframe(Fraction.of(10), 0)));
        assertEquals(0, fade.factorAt(Fraction.ZERO));
        assertEquals(0.5, fade.factorAt(Fraction.of(5)), 1e-12);
        assertEquals(1, fade.factorAt(Fraction.of(10)), 1e-12);
    }

    @Test
    void trimmingTheHeadKeepsEachFramesLevel() {
        AudioLevel ramp = AudioLevel.keyframed(
                List.of(new AudioLevel.Keyframe(Fraction.of(10), -20), new AudioLevel.Keyframe(Fraction.of(30), 0)));
        AudioLevel trimmed = ramp.trimmed(Fraction.of(5));
        for (long f = 0; f < 40; f++) {
            assertEquals(ramp.dbAt(Fraction.of(f + 5)), trimmed.dbAt(Fraction.of(f)), 1e-12, "frame " + f);
        }
    }

    @Test
    void levelsOnAClipAddUp() {
        Clip clip = Clip.of(
                        "a",
                        TimeRange.of(0, 10, gateway.model.time.FrameRate.of(25, 1)),
                        MissingReference.of("A001", "a", null, null))
                .withEffects(List.of(
                        AudioLevel.constant(-6), new UnknownEffect("Pan", Metadata.empty()), AudioLevel.constant(-3)));
        assertEquals(-9, clip.levelDbAt(Fraction.ZERO));
        assertEquals(2, clip.audioLevels().size());
    }

    @Test
    void refusesWhatIsNotALevel() {
        assertThrows(GatewayException.class, () -> AudioLevel.constant(Double.NaN));
        assertThrows(GatewayException.class, () -> AudioLevel.constant(Double.POSITIVE_INFINITY));
        assertThrows(
                GatewayException.class,
                () -> AudioLevel.keyframed(List.of(
                        new AudioLevel.Keyframe(Fraction.of(3), 0), new AudioLevel.Keyframe(Fraction.of(3), -1))));
        assertThrows(GatewayException.class, () -> AudioLevel.dbOf(-1));
        assertEquals(Double.NEGATIVE_INFINITY, AudioLevel.dbOf(0));
        assertEquals("-inf dB", AudioLevel.text(Double.NEGATIVE_INFINITY));
        assertEquals("-4.5 dB", AudioLevel.text(-4.5));
    }
}
