package gateway.proxy.finish;

import static org.junit.jupiter.api.Assertions.assertEquals;

import gateway.model.time.FrameRate;
import org.junit.jupiter.api.Test;

class SampleClockTest {
    private final SampleClock clock = new SampleClock(48_000);

    @Test
    void framesStartOnTheFirstSampleAtOrAfterThem() {
        assertEquals(37 * 1920, clock.atFrame(37, FrameRate.FPS_25));
        assertEquals(2002, clock.atFrame(1, FrameRate.FPS_23_976), "1001/24000 s is 2002 samples exactly");
        assertEquals(48048, clock.atFrame(24, FrameRate.FPS_23_976), "24 frames of 23.976 are 1.001 s exactly");
        assertEquals(1602, clock.atFrame(1, FrameRate.FPS_29_97), "1601.6 samples round up");
        assertEquals(0, clock.atFrame(0, FrameRate.FPS_29_97));
    }

    @Test
    void nanosecondsRoundToTheNearestSample() {
        assertEquals(48_000, clock.atNanos(1_000_000_000L));
        assertEquals(1, clock.atNanos(20_834));
        assertEquals(0, clock.atNanos(10_000));
        assertEquals(20_833, clock.nanosOf(1));
        assertEquals(3_600_000_000_000L * 24, new SampleClock(48_000).nanosOf(48_000L * 3600 * 24));
    }
}
