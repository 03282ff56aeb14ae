package gateway.relink.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.model.asset.ProjectId;
import gateway.model.time.FrameRate;
import gateway.model.time.TimeRange;
import gateway.model.timeline.Clip;
import gateway.model.timeline.Marker;
import gateway.model.timeline.MarkerColor;
import gateway.model.timeline.Metadata;
import gateway.model.timeline.Timeline;
import gateway.relink.link.InMemoryCatalogue;
import gateway.relink.link.LinkOptions;
import gateway.relink.link.LinkResult;
import gateway.relink.link.LinkStatus;
import gateway.relink.link.Linker;
import gateway.relink.link.StatusMarker;
import gateway.relink.read.EditReader;
import gateway.relink.read.ReadOptions;
import gateway.relink.read.cmx.Cmx3600Reader;
import gateway.relink.read.fcp7.Fcp7XmlReader;
import gateway.relink.read.fcpxml.FcpXmlReader;
import gateway.relink.read.otio.OtioJsonReader;
import gateway.relink.write.cmx.Cmx3600Writer;
import gateway.relink.write.fcp7.Fcp7XmlWriter;
import gateway.relink.write.fcpxml.FcpXmlWriter;
import gateway.relink.write.otio.OtioJsonWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Each event's link status as a marker on its clip, through every writer that keeps markers and back. */
class StatusMarkersTest {
    private static final FrameRate R24 = FrameRate.FPS_24;
    private static final ProjectId P = new ProjectId("feature");

    private static final String LIST = """
            TITLE: status markers
            FCM: NON-DROP FRAME
            001  A001     V     C        01:00:10:00 01:00:11:00 01:00:00:00 01:00:01:00
            002  ZZ999    V     C        02:00:00:00 02:00:01:00 01:00:01:00 01:00:02:00
            003  B001     V     C        03:00:00:00 03:00:01:00 01:00:02:00 01:00:03:00
            004  H001     V     C        04:00:00:10 04:00:01:00 01:00:03:00 01:00:03:14
            005  C001     V     C        05:00:00:00 05:00:01:00 01:00:03:14 01:00:04:14
            006  D001     V     C        06:00:09:00 06:00:11:00 01:00:04:14 01:00:06:14
            """;

    private static final List<LinkStatus> STATUSES = List.of(
            LinkStatus.MATCHED,
            LinkStatus.UNMATCHED,
            LinkStatus.AMBIGUOUS,
            LinkStatus.SHORT_HANDLES,
            LinkStatus.RATE_MISMATCH,
            LinkStatus.OUT_OF_RANGE);

    private static LinkResult linked(boolean markers) {
        InMemoryCatalogue c = new InMemoryCatalogue();
        c.add("feature", "/media/A001C001.mov", "A001", R24, "01:00:00:00", 2400);
        c.add("feature", "/media/camA/B001C001.mov", "B001", R24, "03:00:00:00", 240);
        c.add("feature", "/media/camB/B001C001.mov", "B001", R24, "02:59:59:00", 480);
        c.add("feature", "/media/H001C001.mov", "H001", R24, "04:00:00:01", 240);
        c.add("feature", "/media/C001C001.mov", "C001", FrameRate.FPS_23_976, "05:00:00:00", 240);
        c.add("feature", "/media/D001C001.mov", "D001", R24, "06:00:00:00", 240);
        return new Linker(c)
                .link(
                        P,
                        new Cmx3600Reader().read(LIST.getBytes(StandardCharsets.UTF_8), "s.edl", ReadOptions.at(R24)),
                        new LinkOptions(10, markers));
    }

    private static List<Clip> clips(Timeline t) {
        return t.videoTracks().get(0).clips().toList();
    }

    private static List<Clip> roundTrip(Timeline t, Function<Timeline, String> writer, EditReader reader) {
        byte[] bytes = writer.apply(t).getBytes(StandardCharsets.UTF_8);
        return clips(reader.read(bytes, "back", ReadOptions.at(R24)).timeline());
    }

    @Test
    void theLinkerMarksEveryClipWithItsStatus() {
        LinkResult r = linked(true);
        List<Clip> clips = clips(r.timeline());
        assertEquals(STATUSES.size(), clips.size());
        for (int i = 0; i < clips.size(); i++) {
            Clip c = clips.get(i);
            assertEquals(1, c.markers().size(), c.name());
            Marker m = c.markers().get(0);
            assertEquals(STATUSES.get(i).json(), m.name());
            assertEquals(STATUSES.get(i), r.events().get(i).status());
            assertEquals(STATUSES.get(i).markerColor(), m.color());
            assertEquals(
                    r.events().get(i).message(), m.comment().lines().findFirst().orElse(""));
            assertEquals(TimeRange.of(c.sourceRange().start(), 1), m.markedRange());
            assertTrue(StatusMarker.isStatusMarker(m));
        }
        assertTrue(clips.get(2).markers().get(0).comment().contains("candidate: /media/camA/B001C001.mov"));
        assertEquals(MarkerColor.GREEN, LinkStatus.MATCHED.markerColor());
        assertEquals(MarkerColor.YELLOW, LinkStatus.AMBIGUOUS.markerColor());
        assertEquals(MarkerColor.ORANGE, LinkStatus.SHORT_HANDLES.markerColor());
        assertEquals(MarkerColor.RED, LinkStatus.UNMATCHED.markerColor());
        assertEquals(MarkerColor.PURPLE, LinkStatus.RATE_MISMATCH.markerColor());

        for (Clip c : clips(linked(false).timeline())) {
            assertTrue(c.markers().isEmpty(), "no markers unless asked for");
        }
    }

    @Test
    void markingAgainReplacesTheStatusMarkerAndKeepsTheEditorsOwn() {
        LinkResult r = linked(true);
        Clip c = clips(r.timeline()).get(0);
        Marker own = new Marker(
                "fix sky", MarkerColor.BLUE, "", TimeRange.of(c.sourceRange().start(), 0), Metadata.empty());
        List<Marker> withOwn = new java.util.ArrayList<>(c.markers());
        withOwn.add(own);
        Clip again = StatusMarker.mark(c.withMarkers(withOwn), r.events().get(1));
        assertEquals(2, again.markers().size());
        assertEquals(own, again.markers().get(0));
        assertEquals("unmatched", again.markers().get(1).name());
    }

    @Test
    void otioKeepsNameColourAndComment() {
        assertKept(roundTrip(linked(true).timeline(), t -> new OtioJsonWriter().write(t), new OtioJsonReader()), true);
    }

    @Test
    void fcp7XmlKeepsNameColourAndComment() {
        assertKept(roundTrip(linked(true).timeline(), t -> new Fcp7XmlWriter().write(t), new Fcp7XmlReader()), true);
    }

    @Test
    void edlLocLinesKeepNameAndColour() {
        LinkResult r = linked(true);
        String edl = new Cmx3600Writer().write(r.timeline(), Cmx3600Writer.Options.defaults());
        assertTrue(edl.contains("* LOC: 01:00:00:00 GREEN   matched"), edl);
        assertTrue(edl.contains("* LOC: 01:00:04:14 MAGENTA out_of_range"), edl);
        assertKept(roundTrip(r.timeline(), t -> edl, new Cmx3600Reader()), false);
    }

    @Test
    void fcpxmlKeepsNamesAndCommentsAndTheColoursFcpHas() {
        List<Clip> back = roundTrip(linked(true).timeline(), t -> new FcpXmlWriter().write(t), new FcpXmlReader());
        assertEquals(STATUSES.size(), back.size());
        // FCP has blue markers, red / green to-dos and orange chapter markers: the other colours read back blue
        List<MarkerColor> colours = List.of(
                MarkerColor.GREEN,
                MarkerColor.RED,
                MarkerColor.BLUE,
                MarkerColor.ORANGE,
                MarkerColor.BLUE,
                MarkerColor.BLUE);
        for (int i = 0; i < back.size(); i++) {
            Marker m = back.get(i).markers().get(0);
            assertEquals(STATUSES.get(i).json(), m.name());
            assertEquals(colours.get(i), m.color(), m.name());
            assertEquals(back.get(i).sourceRange().start(), m.markedRange().start());
        }
        assertTrue(back.get(2).markers().get(0).comment().contains("candidate: /media/camB/B001C001.mov"));
    }

    private static void assertKept(List<Clip> back, boolean comments) {
        assertEquals(STATUSES.size(), back.size());
        for (int i = 0; i < back.size(); i++) {
            Clip c = back.get(i);
            List<Marker> status = c.markers().stream()
                    .filter(m -> LinkStatus.fromJson(m.name()).isPresent())
                    .toList();
            assertEquals(1, status.size(), c.name() + ": " + c.markers());
            Marker m = status.get(0);
            assertEquals(STATUSES.get(i).json(), m.name());
            assertEquals(STATUSES.get(i).markerColor(), m.color(), m.name());
            assertEquals(c.sourceRange().start(), m.markedRange().start(), "on the clip's first frame");
            if (comments) {
                assertTrue(!m.comment().isEmpty(), m.name() + " has the report's message");
            }
        }
        if (comments) {
            assertTrue(back.get(3).markers().get(0).comment().contains("short by 1 frame at the head"));
        }
    }
}
