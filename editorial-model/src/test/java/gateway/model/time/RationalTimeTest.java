package gateway.model.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import java.math.RoundingMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class RationalTimeTest {
    private static final FrameRate NTSC_FILM = FrameRate.FPS_23_976;
    private static final FrameRate FILM = FrameRate.FPS_24;
    /** An audio sample clock as a rate: one "frame" per sample. */
    private static final FrameRate SAMPLES_48K = FrameRate.of(48_000);

    /**
     * from, value, to, mode, expected. Exact quotients in the comments: 1@23.976 is 1.001@24,
     * 500@23.976 is 500.5@24, 1001 samples at 48 kHz are 0.5@23.976.
     */
    @ParameterizedTest(name = "{1}@{0} -> {2} {3} = {4}")
    @CsvSource({
        // 1.001
        "24000/1001, 1, 24/1, DOWN, 1",
        "24000/1001, 1, 24/1, FLOOR, 1",
        "24000/1001, 1, 24/1, UP, 2",
        "24000/1001, 1, 24/1, CEILING, 2",
        "24000/1001, 1, 24/1, HALF_UP, 1",
        "24000/1001, 1, 24/1, HALF_DOWN, 1",
        "24000/1001, 1, 24/1, HALF_EVEN, 1",
        // -1.001
        "24000/1001, -1, 24/1, DOWN, -1",
        "24000/1001, -1, 24/1, FLOOR, -2",
        "24000/1001, -1, 24/1, UP, -2",
        "24000/1001, -1, 24/1, CEILING, -1",
        "24000/1001, -1, 24/1, HALF_UP, -1",
        "24000/1001, -1, 24/1, HALF_DOWN, -1",
        "24000/1001, -1, 24/1, HALF_EVEN, -1",
        // 500.5 (a tie)
        "24000/1001, 500, 24/1, DOWN, 500",
        "24000/1001, 500, 24/1, FLOOR, 500",
        "24000/1001, 500, 24/1, UP, 501",
        "24000/1001, 500, 24/1, CEILING, 501",
        "24000/1001, 500, 24/1, HALF_UP, 501",
        "24000/1001, 500, 24/1, HALF_DOWN, 500",
        "24000/1001, 500, 24/1, HALF_EVEN, 500",
        // 1501.5 (a tie with an odd floor)
        "24000/1001, 1500, 24/1, HALF_EVEN, 1502",
        "24000/1001, 1500, 24/1, HALF_DOWN, 1501",
        // -500.5
        "24000/1001, -500, 24/1, FLOOR, -501",
        "24000/1001, -500, 24/1, CEILING, -500",
        "24000/1001, -500, 24/1, HALF_UP, -501",
        "24000/1001, -500, 24/1, HALF_DOWN, -500",
        "24000/1001, -500, 24/1, HALF_EVEN, -500",
        "24000/1001, -1500, 24/1, HALF_EVEN, -1502",
        // exact in one direction, inexact in the other
        "24000/1001, 1000, 24/1, UNNECESSARY, 1001",
        "24/1, 1001, 24000/1001, UNNECESSARY, 1000",
        "24/1, 1, 24000/1001, DOWN, 0",
        "24/1, 1, 24000/1001, HALF_DOWN, 1",
        "24/1, 1, 24000/1001, CEILING, 1",
        // sample-style rescales
        "24/1, 1, 48000/1, UNNECESSARY, 2000",
        "24000/1001, 1, 48000/1, UNNECESSARY, 2002",
        "24000/1001, 1094376, 48000/1, UNNECESSARY, 2190940752",
        "48000/1, 2002, 24000/1001, UNNECESSARY, 1",
        "48000/1, 1001, 24000/1001, HALF_UP, 1",
        "48000/1, 1001, 24000/1001, HALF_DOWN, 0",
        "48000/1, 1001, 24000/1001, HALF_EVEN, 0",
        "48000/1, 3003, 24000/1001, HALF_EVEN, 2",
        "48000/1, 2190940753, 24000/1001, FLOOR, 1094376",
        "48000/1, 2190940753, 24000/1001, CEILING, 1094377",
        "48000/1, 1999, 24/1, FLOOR, 0",
        "48000/1, 1999, 24/1, HALF_UP, 1",
        "48000/1, -1999, 24/1, FLOOR, -1",
        "48000/1, -1999, 24/1, DOWN, 0",
        // between the two NTSC video rates
        "30000/1001, 5, 60000/1001, UNNECESSARY, 10",
        "60000/1001, 5, 30000/1001, FLOOR, 2",
        "60000/1001, 5, 30000/1001, HALF_EVEN, 2",
        "60000/1001, 7, 30000/1001, HALF_EVEN, 4",
        "25/1, 1, 24/1, HALF_UP, 1",
        "25/1, 25, 24/1, UNNECESSARY, 24"
    })
    void rescalesWithTheRoundingModeAsked(String from, long value, String to, RoundingMode mode, long expected) {
        FrameRate target = FrameRate.parse(to);
        RationalTime rescaled = RationalTime.of(value, FrameRate.parse(from)).rescaledTo(target, mode);

        assertEquals(RationalTime.of(expected, target), rescaled);
    }

    @ParameterizedTest
    @CsvSource({
        "24000/1001, 1, 24/1",
        "24000/1001, 500, 24/1",
        "24/1, 1, 24000/1001",
        "48000/1, 1001, 24000/1001",
        "48000/1, 1, 24/1",
        "60000/1001, 5, 30000/1001",
        "24000/1001, -1, 24/1"
    })
    void unnecessaryFailsWhenTheResultIsNotAWholeFrame(String from, long value, String to) {
        RationalTime t = RationalTime.of(value, FrameRate.parse(from));

        GatewayException e =
                assertThrows(GatewayException.class, () -> t.rescaledTo(FrameRate.parse(to), RoundingMode.UNNECESSARY));
        assertEquals(Reason.INVALID_ARGUMENT, e.reason());
        assertTrue(e.getMessage().contains(t.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("whole frame"), e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(RoundingMode.class)
    void exactRescalesAreTheSameInEveryMode(RoundingMode mode) {
        assertEquals(
                RationalTime.of(1001, FILM), RationalTime.of(1000, NTSC_FILM).rescaledTo(FILM, mode));
        assertEquals(
                RationalTime.of(-2002, SAMPLES_48K),
                RationalTime.of(-1, NTSC_FILM).rescaledTo(SAMPLES_48K, mode));
        assertEquals(RationalTime.of(0, FILM), RationalTime.zero(NTSC_FILM).rescaledTo(FILM, mode));
    }

    @Test
    void rescaleToTheSameRateIsIdentity() {
        RationalTime t = RationalTime.of(12345, NTSC_FILM);

        assertSame(t, t.rescaledTo(NTSC_FILM, RoundingMode.UNNECESSARY));
    }

    @Test
    void rescaleThereAndBackWithExactRatesIsLossless() {
        for (long n = -3000; n <= 3000; n++) {
            RationalTime t = RationalTime.of(n, NTSC_FILM);
            RationalTime samples = t.rescaledTo(SAMPLES_48K, RoundingMode.UNNECESSARY);

            assertEquals(t, samples.rescaledTo(NTSC_FILM, RoundingMode.UNNECESSARY));
        }
    }

    @Test
    void everyFrameOfTenMinutesAt23976SurvivesANanosecondRoundTrip() {
        long frames = RationalTime.fromNanos(600_000_000_000L, NTSC_FILM, RoundingMode.CEILING)
                .value();
        assertEquals(14386, frames, "10 minutes at 24000/1001 is 14385.6 frames");

        long previousNanos = -1;
        for (long n = 0; n <= frames; n++) {
            RationalTime t = RationalTime.of(n, NTSC_FILM);
            long nanos = t.toNanos(RoundingMode.HALF_UP);

            assertEquals(t, RationalTime.fromNanos(nanos, NTSC_FILM, RoundingMode.HALF_UP), "frame " + n);
            assertTrue(nanos > previousNanos, "nanoseconds increase with frames at frame " + n);
            previousNanos = nanos;
        }
    }

    @Test
    void nanosecondsAreExactWhereTheyCanBe() {
        assertEquals(41_708_333L, RationalTime.of(1, NTSC_FILM).toNanos(RoundingMode.HALF_UP));
        assertEquals(41_708_334L, RationalTime.of(1, NTSC_FILM).toNanos(RoundingMode.CEILING));
        assertEquals(125_125_000L, RationalTime.of(3, NTSC_FILM).toNanos(RoundingMode.UNNECESSARY));
        assertEquals(40_000_000L, RationalTime.of(1, FrameRate.FPS_25).toNanos(RoundingMode.UNNECESSARY));
        assertEquals(-40_000_000L, RationalTime.of(-1, FrameRate.FPS_25).toNanos(RoundingMode.UNNECESSARY));
        assertThrows(GatewayException.class, () -> RationalTime.of(1, NTSC_FILM).toNanos(RoundingMode.UNNECESSARY));
    }

    @Test
    void fromNanosRoundsAsAsked() {
        // GStreamer reports frame 1 at 23.976 as 41708333 ns (truncated).
        assertEquals(
                1,
                RationalTime.fromNanos(41_708_333L, NTSC_FILM, RoundingMode.HALF_UP)
                        .value());
        assertEquals(
                0,
                RationalTime.fromNanos(41_708_333L, NTSC_FILM, RoundingMode.FLOOR)
                        .value());
        assertEquals(
                1,
                RationalTime.fromNanos(41_708_333L, NTSC_FILM, RoundingMode.CEILING)
                        .value());
        assertEquals(
                25,
                RationalTime.fromNanos(1_000_000_000L, FrameRate.FPS_25, RoundingMode.UNNECESSARY)
                        .value());
        assertThrows(
                GatewayException.class, () -> RationalTime.fromNanos(41_708_333L, NTSC_FILM, RoundingMode.UNNECESSARY));
    }

    @Test
    void fromSamplesCountsFramesOfTheSampleClock() {
        assertEquals(
                RationalTime.of(1094376, NTSC_FILM),
                RationalTime.fromSamples(2_190_940_753L, 48_000, NTSC_FILM, RoundingMode.FLOOR));
        assertEquals(
                RationalTime.of(90_000, FrameRate.FPS_25),
                RationalTime.fromSamples(172_800_000L, 48_000, FrameRate.FPS_25, RoundingMode.UNNECESSARY));
        assertThrows(
                GatewayException.class,
                () -> RationalTime.fromSamples(1, 48_000, FrameRate.FPS_25, RoundingMode.UNNECESSARY));
        GatewayException e = assertThrows(
                GatewayException.class, () -> RationalTime.fromSamples(1, 0, FrameRate.FPS_25, RoundingMode.FLOOR));
        assertTrue(e.getMessage().contains("sample rate 0"), e.getMessage());
    }

    @Test
    void comparesExactlyAcrossRates() {
        RationalTime oneAt23976 = RationalTime.of(1, NTSC_FILM);
        RationalTime oneAt24 = RationalTime.of(1, FILM);

        assertTrue(oneAt23976.compareTo(oneAt24) > 0, "a 23.976 frame lasts longer than a 24 frame");
        assertTrue(oneAt24.compareTo(oneAt23976) < 0);
        assertTrue(oneAt23976.isAfter(oneAt24));
        assertTrue(oneAt24.isBefore(oneAt23976));

        RationalTime a = RationalTime.of(1000, NTSC_FILM);
        RationalTime b = RationalTime.of(1001, FILM);
        assertEquals(0, a.compareTo(b));
        assertTrue(a.isSameInstant(b));
        assertNotEquals(a, b, "the same instant at two rates is not the same value");

        assertTrue(RationalTime.of(-1, FILM).compareTo(RationalTime.of(-1, NTSC_FILM)) > 0);
        assertTrue(RationalTime.zero(FILM).isSameInstant(RationalTime.zero(FrameRate.FPS_25)));
        assertTrue(RationalTime.of(2_190_940_753L, SAMPLES_48K).isAfter(RationalTime.of(1_094_376L, NTSC_FILM)));
        assertTrue(RationalTime.of(2_190_940_752L, SAMPLES_48K).isSameInstant(RationalTime.of(1_094_376L, NTSC_FILM)));
    }

    @Test
    void compareDoesNotOverflowForLargeValues() {
        RationalTime big = RationalTime.of(Long.MAX_VALUE, FrameRate.FPS_59_94);
        RationalTime bigger = RationalTime.of(Long.MAX_VALUE, FrameRate.FPS_29_97);

        assertTrue(big.isBefore(bigger));
        assertTrue(RationalTime.of(Long.MIN_VALUE, FILM).isBefore(RationalTime.of(Long.MIN_VALUE, FrameRate.FPS_25)));
    }

    @Test
    void arithmeticAtOneRate() {
        RationalTime t = RationalTime.of(100, FILM);

        assertEquals(RationalTime.of(150, FILM), t.plus(RationalTime.of(50, FILM)));
        assertEquals(RationalTime.of(60, FILM), t.minus(RationalTime.of(40, FILM)));
        assertEquals(RationalTime.of(-20, FILM), t.minus(RationalTime.of(120, FILM)));
        assertEquals(RationalTime.of(99, FILM), t.plusFrames(-1));
        assertTrue(t.minus(RationalTime.of(120, FILM)).isNegative());
        assertFalse(t.isNegative());
    }

    @Test
    void arithmeticRefusesMixedRates() {
        RationalTime film = RationalTime.of(100, FILM);
        RationalTime ntsc = RationalTime.of(100, NTSC_FILM);

        GatewayException plus = assertThrows(GatewayException.class, () -> film.plus(ntsc));
        assertEquals(Reason.INVALID_ARGUMENT, plus.reason());
        assertTrue(plus.getMessage().contains("rescale"), plus.getMessage());
        assertTrue(plus.getMessage().contains("24000/1001") && plus.getMessage().contains("24/1"), plus.getMessage());

        assertThrows(GatewayException.class, () -> film.minus(ntsc));
        assertThrows(GatewayException.class, () -> ntsc.plus(RationalTime.zero(FrameRate.FPS_25)));
    }

    @Test
    void arithmeticOverflowIsRefusedNotWrapped() {
        RationalTime max = RationalTime.of(Long.MAX_VALUE, FILM);

        assertThrows(ArithmeticException.class, () -> max.plusFrames(1));
        assertThrows(ArithmeticException.class, () -> max.plus(RationalTime.of(1, FILM)));
    }

    @Test
    void rateIsRequired() {
        assertThrows(NullPointerException.class, () -> RationalTime.of(1, null));
    }

    @Test
    void printsValueAtRate() {
        assertEquals("1001@24000/1001", RationalTime.of(1001, NTSC_FILM).toString());
    }
}
