package gateway.relink.read.fcp7;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.model.time.FrameRate;
import org.junit.jupiter.api.Test;

/** The timecode facts of the upstream FCP 7 XML tests, read both from {@code frame} and from {@code string}. */
class FcpTimecodeTest {

    private static FcpTimecode read(String clipitem) {
        XmlNode clip = Xmeml.node(clipitem);
        XmlNode tc =
                clip.at("file/timecode").orElseGet(() -> clip.child("timecode").orElseThrow());
        Scope scope = Scope.root().push(clip);
        if (clip.child("file").isPresent()) {
            scope = scope.push(clip.child("file").orElseThrow());
        }
        return FcpTimecode.of(tc, scope, Xmeml.lenient()).orElseThrow();
    }

    @Test
    void dropFrameFrameField() {
        FcpTimecode tc = read("""
                <x><timecode><rate><timebase>30</timebase><ntsc>TRUE</ntsc></rate>
                <string>10:03:00;05</string><frame>1084319</frame><displayformat>DF</displayformat></timecode></x>""");
        assertEquals(1084319, tc.frame());
        assertEquals(FrameRate.FPS_29_97, tc.rate());
        assertTrue(tc.dropFrame());
    }

    @Test
    void dropFrameStringAloneGivesTheSameFrame() {
        FcpTimecode tc = read("""
                <x><timecode><rate><timebase>30</timebase><ntsc>TRUE</ntsc></rate>
                <string>10:03:00;05</string><displayformat>DF</displayformat></timecode></x>""");
        assertEquals(1084319, tc.frame());
    }

    @Test
    void ntscNonDropString() {
        FcpTimecode tc = read("""
                <x><timecode><rate><timebase>30</timebase><ntsc>TRUE</ntsc></rate>
                <string>00:59:56:12</string><displayformat>NDF</displayformat></timecode></x>""");
        assertEquals(107892, tc.frame());
        assertFalse(tc.dropFrame());
        assertEquals(FrameRate.FPS_29_97, tc.rate());
    }

    @Test
    void timecodeRateInheritsNtscFromTheClip() {
        String clip = """
                <clipitem><rate><ntsc>TRUE</ntsc><timebase>24</timebase></rate>
                  <file><rate><timebase>24</timebase><ntsc>TRUE</ntsc></rate><duration>767</duration>
                    <timecode><rate><timebase>24</timebase></rate><string>14:11:44:09</string>%s
                      <displayformat>NDF</displayformat><reel><name>A001</name></reel></timecode></file></clipitem>""";
        FcpTimecode withFrame = read(clip.formatted("<frame>1226505</frame>"));
        assertEquals(FrameRate.FPS_23_976, withFrame.rate());
        assertEquals(1226505, withFrame.frame());
        assertEquals("A001", withFrame.reel());
        FcpTimecode fromString = read(clip.formatted(""));
        assertEquals(1226505, fromString.frame());
        assertEquals(FrameRate.FPS_23_976, fromString.rate());
    }

    @Test
    void dropFrameDisplayAtAWholeRateCountsFromTheFrameField() {
        // Premiere writes DF display at timebase 30 / ntsc FALSE; the frame field is what counts.
        FcpTimecode tc = read("""
                <x><timecode><rate><timebase>30</timebase><ntsc>FALSE</ntsc></rate>
                <string>00;04;43;15</string><frame>8497</frame><displayformat>DF</displayformat></timecode></x>""");
        assertEquals(8497, tc.frame());
        assertEquals(FrameRate.FPS_30, tc.rate());
    }
}
