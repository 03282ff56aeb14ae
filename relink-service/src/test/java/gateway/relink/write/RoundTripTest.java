package gateway.relink.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.model.time.FrameRate;
import gateway.model.time.TimeRange;
import gateway.model.timeline.Clip;
import gateway.model.timeline.Item;
import gateway.model.timeline.Timeline;
import gateway.model.timeline.Track;
import gateway.model.timeline.Transition;
import gateway.relink.read.Edit;
import gateway.relink.read.ReadOptions;
import gateway.relink.read.cmx.Cmx3600Reader;
import gateway.relink.read.otio.OtioJsonReader;
import gateway.relink.write.cmx.Cmx3600Writer;
import gateway.relink.write.otio.OtioJsonWriter;
import gateway.testing.Corpora;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** EDL → OTIO → model, and EDL → OTIO → EDL → model, on every EDL of the corpora. */
class RoundTripTest {
    private final Cmx3600Reader cmx = new Cmx3600Reader();
    private final OtioJsonReader otioReader = new OtioJsonReader();
    private final OtioJsonWriter otioWriter = new OtioJsonWriter();
    private final Cmx3600Writer cmxWriter = new Cmx3600Writer();

    static FrameRate rateOf(Path p) {
        String n = p.getFileName().toString();
        if (n.contains("2398")) return FrameRate.FPS_23_976;
        if (n.contains("2997")) return FrameRate.FPS_29_97;
        if (n.contains("5994")) return FrameRate.FPS_59_94;
        if (n.contains("50")) return FrameRate.FPS_50;
        if (n.contains("25") || n.contains("timecode_mismatch")) return FrameRate.FPS_25;
        return FrameRate.FPS_24;
    }

    private Timeline viaOtio(Timeline t) {
        String json = otioWriter.write(t);
        return otioReader
                .read(json.getBytes(StandardCharsets.UTF_8), "round.otio", ReadOptions.at(t.rate()))
                .timeline();
    }

    @Test
    void otioRoundTripKeepsTheWholeModel() {
        for (Path p : Corpora.allEdls()) {
            Timeline original = cmx.read(p, ReadOptions.at(rateOf(p))).timeline();
            assertEquals(original, viaOtio(original), p.toString());
        }
    }

    /** A clip's source range and its record range (frames since midnight), per clip of a track. */
    private static List<String> shape(Timeline t, Track track) {
        List<String> out = new ArrayList<>();
        long start = t.globalStart().value();
        for (int i = 0; i < track.items().size(); i++) {
            Item item = track.items().get(i);
            TimeRange r = track.rangeOf(i, RoundingMode.UNNECESSARY);
            if (item instanceof Clip c) {
                out.add(c.name() + " src " + c.sourceRange() + " rec " + r.shiftedBy(start) + " fx " + c.timeScalar());
            } else if (item instanceof Transition tr) {
                out.add(tr.kind() + " " + tr.inOffsetFrames() + "/" + tr.outOffsetFrames());
            }
        }
        return out;
    }

    @Test
    void edlThroughOtioBackToEdlKeepsEveryRange() {
        int checked = 0;
        for (Path p : Corpora.allEdls()) {
            FrameRate rate = rateOf(p);
            Edit first = cmx.read(p, ReadOptions.at(rate));
            Timeline otio = viaOtio(first.timeline());
            String edl = cmxWriter.write(otio, new Cmx3600Writer.Options(0, null));
            Edit again = cmx.read(edl.getBytes(StandardCharsets.UTF_8), "again.edl", ReadOptions.at(rate));
            Track written = first.timeline().videoTracks().isEmpty()
                    ? first.timeline().tracks().tracks().get(0)
                    : first.timeline().videoTracks().get(0);
            Track read = again.timeline().tracks().tracks().stream()
                    .filter(t -> t.name().equals(written.name()))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(p + ": no track " + written.name() + " in\n" + edl));
            assertEquals(shape(first.timeline(), written), shape(again.timeline(), read), p + "\n" + edl);
            assertTrue(again.invalidEvents().isEmpty(), p + ": " + again.invalidEvents());
            checked++;
        }
        assertTrue(checked >= 29, "every corpus EDL: " + checked);
    }

    @Test
    void reelNamesAreTruncatedWithTheFullNameInComments() {
        String list = "001  A012345678901234567890.mov V C 00:00:00:00 00:00:01:00 00:00:00:00 00:00:01:00\n"
                + "* FROM CLIP NAME: long one\n* SOURCE FILE: A012345678901234567890.mov\n";
        Timeline t = cmx.read(list.getBytes(StandardCharsets.UTF_8), "x.edl", ReadOptions.at(FrameRate.FPS_24))
                .timeline();
        String edl = cmxWriter.write(t, Cmx3600Writer.Options.defaults());
        assertTrue(edl.contains("001  A0123456 V"), edl);
        assertTrue(edl.contains("* FROM CLIP NAME:  long one"), edl);
        assertTrue(edl.contains("* SOURCE FILE: A012345678901234567890.mov"), edl);
    }

    @Test
    void speedLinesAreWrittenBack() {
        Timeline t = cmx.read(Corpora.cmx("speed_effects_small.edl"), ReadOptions.at(FrameRate.FPS_24))
                .timeline();
        String edl = cmxWriter.write(t, Cmx3600Writer.Options.defaults());
        assertEquals(3, edl.lines().filter(l -> l.startsWith("M2")).count(), edl);
        assertTrue(edl.contains("047.6"), edl);
        assertTrue(edl.contains("000.0"), edl);
    }
}
