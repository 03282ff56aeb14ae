package gateway.proxy.transcode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class LadderGraphTest {
    /** A rung that says what picture it wants; its chain ends in a fakesink. */
    private record Rung(LadderProfile profile, ProxyFrameSize encodeSize, FrameGrabber.Size grabSize)
            implements LadderBranch {
        @Override
        public String videoChain() {
            return "fakesink name=" + prefix() + "sink";
        }
    }

    private static final ProxyFrameSize HALF = ProxyFrameSize.of(1920, 1080, 960, 540);
    private static final ProxyFrameSize THIRD = ProxyFrameSize.of(1920, 1080, 640, 360);
    private static final ProxyFrameSize QUARTER = ProxyFrameSize.of(1920, 1080, 480, 270);

    @Test
    void onlyTheLargestSizeIsScaledFromTheDecodedPictureTheOthersFromIt() {
        String d = LadderGraph.description(List.of(
                new Rung(LadderProfile.Stream.lo(), THIRD, null),
                new Rung(LadderProfile.Edit.standard(), HALF, null),
                new Rung(LadderProfile.Scrub.standard(), QUARTER, null),
                new Rung(LadderProfile.Stream.hi(), HALF, null)));

        assertEquals(List.of("size_960x540"), consumersOf(d, "vtee"), d);
        assertEquals(
                List.of("size_640x360", "edit_q", "size_480x270", "stream_hi_q"), consumersOf(d, "size_960x540"), d);
        assertEquals(List.of("stream_lo_q"), consumersOf(d, "size_640x360"), d);
        assertEquals(List.of("scrub_q"), consumersOf(d, "size_480x270"), d);
        assertTrue(d.contains("vtee. ! queue ! " + HALF.scalerChain("scale_960x540") + " ! tee name=size_960x540"), d);
        assertTrue(d.contains("size_960x540. ! queue ! " + LadderGraph.CASCADED_SCALER + " ! " + THIRD.rawCaps()), d);
    }

    @Test
    void grabbersThatFitWithinTheLargestSizeTakeItAndLargerOnesTheDecodedPicture() {
        String d = LadderGraph.description(List.of(
                new Rung(LadderProfile.Stream.hi(), HALF, null),
                new Rung(LadderProfile.Filmstrip.standard(), null, new FrameGrabber.Size(160, 90)),
                new Rung(LadderProfile.Poster.standard(), null, new FrameGrabber.Size(1920, 1080))));

        assertEquals(List.of("size_960x540", "poster_q"), consumersOf(d, "vtee"), d);
        assertEquals(List.of("stream_hi_q", "filmstrip_q"), consumersOf(d, "size_960x540"), d);
    }

    @Test
    void withoutEncodersGrabbersTakeTheDecodedPicture() {
        String d = LadderGraph.description(
                List.of(new Rung(LadderProfile.Thumbnails.every2s(), null, new FrameGrabber.Size(320, 180))));

        assertEquals(List.of("thumbnails_q"), consumersOf(d, "vtee"), d);
    }

    /**
     * What hangs off tee {@code tee}: the name of the queue, or of the tee after the scaler it feeds
     * (a scaler's chain may hold an appsink and an appsrc: their "! tee" ends it).
     */
    private static List<String> consumersOf(String description, String tee) {
        Pattern branch =
                Pattern.compile(Pattern.quote(tee) + "\\. ! queue(?: name=(\\w+) | ! (?:[^!]+ ! )+?tee name=(\\w+))");
        Matcher m = branch.matcher(description);
        List<String> found = new ArrayList<>();
        while (m.find()) {
            found.add(m.group(1) != null ? m.group(1) : m.group(2));
        }
        return found;
    }
}
