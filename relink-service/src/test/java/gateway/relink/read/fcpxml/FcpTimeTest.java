package gateway.relink.read.fcpxml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.model.time.FrameRate;
import java.math.RoundingMode;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FcpTimeTest {

    @Test
    void parsesRationalWholeAndZeroSeconds() {
        assertEquals(FcpTime.of(3003, 30000), FcpTime.parse("3003/30000s", "t"));
        assertEquals(FcpTime.of(5, 1), FcpTime.parse("5s", "t"));
        assertEquals(FcpTime.ZERO, FcpTime.parse("0s", "t"));
        assertEquals(FcpTime.ZERO, FcpTime.parse("0/2400s", "t"));
        assertEquals(FcpTime.of(-1, 2), FcpTime.parse("-1/2s", "t"));
        assertEquals("1001/30000s", FcpTime.parse("2002/60000s", "t").toString(), "kept in lowest terms");
    }

    @Test
    void rejectsWhatIsNotAnFcpxmlTime() {
        for (String bad : new String[] {"5", "1.5s", "1/0s", "s", "/5s", "5/s", "abc", "1/2/3s"}) {
            GatewayException e = assertThrows(GatewayException.class, () -> FcpTime.parse(bad, "offset of clip 'X'"));
            assertEquals(Reason.PARSE_ERROR, e.reason(), bad);
            assertTrue(e.getMessage().contains("offset of clip 'X'"), e.getMessage());
        }
    }

    @Test
    void sampleGridOffsetsStayExact() {
        // fcpx_project.fcpxml: a connected clip at 518405621/144000s in a gap whose local time starts at 3600s
        FcpTime offset = FcpTime.parse("518405621/144000s", "offset");
        FcpTime inGap = offset.minus(FcpTime.seconds(3600));
        assertEquals(FcpTime.of(5621, 144000), inGap);
        assertEquals(Optional.empty(), inGap.exactFrames(FrameRate.FPS_30));
        assertEquals("1.171", inGap.framesForDisplay(FrameRate.FPS_30));
        assertEquals(1, inGap.frames(FrameRate.FPS_30, FrameGrid.ROUNDING));
        // sums of 1/48000 s steps land exactly on frames when they should
        FcpTime sum = FcpTime.ZERO;
        for (int i = 0; i < 1600; i++) {
            sum = sum.plus(FcpTime.of(1, 48000));
        }
        assertEquals(Optional.of(1L), sum.exactFrames(FrameRate.FPS_30));
    }

    @Test
    void framesAtNtscRatesAreExact() {
        FrameRate ntsc = FrameRate.FPS_23_976;
        assertEquals(
                Optional.of(1209600L), FcpTime.parse("1210809600/24000s", "t").exactFrames(ntsc));
        assertEquals(Optional.of(1L), FcpTime.frameDuration(ntsc).exactFrames(ntsc));
        assertEquals(Optional.empty(), FcpTime.seconds(1).exactFrames(ntsc));
        assertEquals(24, FcpTime.seconds(1).frames(ntsc, RoundingMode.HALF_UP));
    }

    @Test
    void frameDurationIsARate() {
        assertEquals(FrameRate.FPS_29_97, FcpTime.parse("1001/30000s", "d").asFrameDuration("d"));
        assertEquals(FrameRate.FPS_30, FcpTime.parse("100/3000s", "d").asFrameDuration("d"));
        assertThrows(GatewayException.class, () -> FcpTime.ZERO.asFrameDuration("d"));
    }

    @Test
    void arithmeticIsExact() {
        FcpTime a = FcpTime.parse("1/3s", "a");
        FcpTime b = FcpTime.parse("1/6s", "b");
        assertEquals(FcpTime.of(1, 2), a.plus(b));
        assertEquals(FcpTime.of(1, 6), a.minus(b));
        assertEquals(FcpTime.of(2, 1), a.dividedBy(b));
        assertEquals(FcpTime.of(1, 18), a.times(b));
        assertTrue(a.compareTo(b) > 0);
    }
}
