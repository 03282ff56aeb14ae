package gateway.relink.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.model.asset.Manifest;
import gateway.model.asset.ProjectId;
import gateway.model.time.Fraction;
import gateway.model.time.FrameRate;
import gateway.model.time.RationalTime;
import gateway.model.time.TimeRange;
import gateway.model.time.Timecode;
import gateway.model.timeline.Clip;
import gateway.model.timeline.ExternalReference;
import gateway.model.timeline.Metadata;
import gateway.model.timeline.MissingReference;
import gateway.model.timeline.SpeedRamp;
import gateway.model.timeline.Timeline;
import gateway.model.timeline.Track;
import gateway.model.timeline.TrackKind;
import gateway.relink.read.Edit;
import gateway.relink.read.EditFormat;
import gateway.relink.read.ReadOptions;
import gateway.relink.read.cmx.Cmx3600Reader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class LinkerTest {
    private static final FrameRate R24 = FrameRate.FPS_24;
    private static final ProjectId P = new ProjectId("feature");

    private static final String LIST = """
            TITLE: link test
            FCM: NON-DROP FRAME
            001  A001C003 V     C        01:00:10:00 01:00:12:00 01:00:00:00 01:00:02:00
            * FROM CLIP NAME:  A001C003
            002  ZZ999    V     C        02:00:00:00 02:00:01:00 01:00:02:00 01:00:03:00
            * FROM CLIP NAME:  nowhere
            003  B001     V     C        03:00:00:00 03:00:01:00 01:00:03:00 01:00:04:00
            * FROM CLIP NAME:  B001C001
            004  H001     V     C        04:00:00:10 04:00:01:00 01:00:04:00 01:00:04:14
            005  C001     V     C        05:00:00:00 05:00:01:00 01:00:04:14 01:00:05:14
            006  D001     V     C        06:00:09:00 06:00:11:00 01:00:05:14 01:00:07:14
            007  E001     V     C        07:00:00:00 07:00:01:00 01:00:07:14 01:00:08:14
            * SOURCE FILE: /Volumes/cache/Proxy/E001C001_proxy.mp4
            008  F001     V     C        08:00:00:00 08:00:01:24 01:00:08:14 01:00:09:14
            """;

    private final InMemoryCatalogue catalogue = new InMemoryCatalogue();
    private final Linker linker = new Linker(catalogue);

    private Edit edit() {
        return new Cmx3600Reader().read(LIST.getBytes(StandardCharsets.UTF_8), "link.edl", ReadOptions.at(R24));
    }

    private static EventLink row(LinkResult r, String event) {
        return r.events().stream()
                .filter(e -> e.event().equals(event))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void explainsEveryEvent() {
        Manifest a = catalogue.add("feature", "/media/A001/A001C003.mov", "A001C003", R24, "01:00:00:00", 24 * 60);
        Manifest camA = catalogue.add("feature", "/media/camA/B001C001.mov", "B001", R24, "03:00:00:00", 240);
        Manifest camB = catalogue.add("feature", "/media/camB/B001C001.mov", "B001", R24, "02:59:59:00", 480);
        // event 004 uses 04:00:00:10 for 14 frames; with 10 frames of handles it needs 04:00:00:00 - one short.
        Manifest h = catalogue.add("feature", "/media/H001/H001C001.mov", "H001", R24, "04:00:00:01", 240);
        catalogue.add("feature", "/media/C001/C001C001.mov", "C001", FrameRate.FPS_23_976, "05:00:00:00", 240);
        Manifest d = catalogue.add("feature", "/media/D001/D001C001.mov", "D001", R24, "06:00:00:00", 240);
        Manifest e = catalogue.add("feature", "/media/E001/E001C001.mov", "E999", R24, "00:00:00:00", 24 * 3600 * 8);
        catalogue.add("other-project", "/media/A001/A001C003.mov", "ZZ999", R24, "02:00:00:00", 240);

        LinkResult r = linker.link(P, edit(), new LinkOptions(10));
        assertEquals(8, r.events().size(), "seven events plus the invalid one");

        EventLink e1 = row(r, "001");
        assertEquals(LinkStatus.MATCHED, e1.status());
        assertEquals(MatchMethod.REEL_TIMECODE, e1.method());
        assertEquals(a.assetId().value(), e1.asset().assetId());
        assertEquals(TimeRange.of(Timecode.parse("01:00:10:00", R24).toFrames(), 48, R24), e1.sourceFrames());
        assertEquals(TimeRange.of(Timecode.parse("01:00:00:00", R24).toFrames(), 48, R24), e1.record());

        EventLink e2 = row(r, "002");
        assertEquals(LinkStatus.UNMATCHED, e2.status());
        assertTrue(e2.message().contains("ZZ999"), e2.message());
        assertTrue(e2.candidates().isEmpty(), "the other project's asset is not a candidate");

        EventLink e3 = row(r, "003");
        assertEquals(LinkStatus.AMBIGUOUS, e3.status());
        assertEquals(
                List.of(camA.assetId().value(), camB.assetId().value()),
                e3.candidates().stream().map(Candidate::assetId).toList());

        EventLink e4 = row(r, "004");
        assertEquals(LinkStatus.SHORT_HANDLES, e4.status());
        assertEquals(h.assetId().value(), e4.asset().assetId());
        assertTrue(e4.message().contains("short by 1 frame at the head and 0 frames at the tail"), e4.message());

        EventLink e5 = row(r, "005");
        assertEquals(LinkStatus.RATE_MISMATCH, e5.status());
        assertTrue(e5.message().contains("23.976"), e5.message());

        EventLink e6 = row(r, "006");
        assertEquals(LinkStatus.OUT_OF_RANGE, e6.status());
        assertEquals(MatchMethod.REEL_TIMECODE, e6.method(), "the method that found the one candidate");
        assertEquals(d.assetId().value(), e6.asset().assetId());
        assertTrue(e6.message().contains("06:00:09:00-06:00:11:00"), e6.message());

        EventLink e7 = row(r, "007");
        assertEquals(LinkStatus.MATCHED, e7.status());
        assertEquals(MatchMethod.FILE_NAME, e7.method());
        assertEquals(e.assetId().value(), e7.asset().assetId());

        EventLink e8 = row(r, "008");
        assertEquals(LinkStatus.INVALID, e8.status());
        assertEquals(14, e8.line());
        assertTrue(e8.message().contains("08:00:01:24"), e8.message());

        assertFalse(r.allMatched());
        assertEquals(2, r.totals().get(LinkStatus.MATCHED));
        Clip linked = r.timeline().tracks().tracks().get(0).clips().findFirst().orElseThrow();
        ExternalReference ref = assertInstanceOf(ExternalReference.class, linked.activeReference());
        assertEquals("/media/A001/A001C003.mov", ref.target());
        Clip unlinked = r.timeline().tracks().tracks().get(0).clips().toList().get(1);
        assertInstanceOf(MissingReference.class, unlinked.activeReference());
    }

    /** An edit that numbers no events (OTIO): a track's clips are its events 1, 2, 3; a gap is none. */
    @Test
    void clipsTheEditDoesNotNumberAreNumberedAsClipsNotAsItems() {
        Clip one = Clip.of("one", TimeRange.of(100, 24, R24), MissingReference.of("A001", "one", null, null));
        Clip two = Clip.of("two", TimeRange.of(200, 24, R24), MissingReference.of("A001", "two", null, null));
        Timeline t = Timeline.of(
                "no numbers",
                RationalTime.of(0, R24),
                List.of(Track.of("V1", TrackKind.VIDEO, List.of(one, gateway.model.timeline.Gap.of(12, R24), two))));

        LinkResult r = linker.link(P, new Edit(EditFormat.OTIO_JSON, t, List.of(), List.of()), new LinkOptions(0));

        assertEquals(
                List.of("1", "2"), r.events().stream().map(EventLink::event).toList());
        assertEquals(
                "two", r.events().get(1).clipName(), "event 2 is the clip after the gap (was numbered 3, as item 3)");
    }

    @Test
    void exactHandlesMatch() {
        catalogue.add("feature", "/media/H001/H001C001.mov", "H001", R24, "04:00:00:00", 24 + 10);
        LinkResult r = linker.link(P, edit(), new LinkOptions(10));
        assertEquals(LinkStatus.MATCHED, row(r, "004").status());
    }

    @Test
    void assetIdInMetadataWinsOverNames() {
        Manifest m = catalogue.add("feature", "/media/X/X001.mov", "X001", R24, "01:00:00:00", 240);
        Clip clip = Clip.of(
                        "whatever",
                        TimeRange.of(86400, 24, R24),
                        MissingReference.of("NOT-THIS-REEL", "nope", null, null))
                .withMetadata(Metadata.empty()
                        .withIn("gateway", "asset_id", m.assetId().value()));
        Timeline tl =
                Timeline.of("t", RationalTime.of(0, R24), List.of(Track.of("V1", TrackKind.VIDEO, List.of(clip))));
        LinkResult r = linker.link(P, new Edit(EditFormat.OTIO_JSON, tl, List.of(), List.of()), LinkOptions.none());
        EventLink only = r.events().get(0);
        assertEquals(LinkStatus.MATCHED, only.status());
        assertEquals(MatchMethod.ASSET_ID, only.method());
        assertEquals("1", only.event(), "an edit without event numbers counts clips");
        assertTrue(r.allMatched());
    }

    /** 24 record frames at 01:00:00:00: a hold for 12 frames, then three times as fast (source 0 .. 33). */
    private static Edit rampEdit() {
        SpeedRamp ramp = SpeedRamp.of(List.of(
                SpeedRamp.Keyframe.linear(Fraction.ZERO, Fraction.ZERO),
                SpeedRamp.Keyframe.linear(Fraction.of(12), Fraction.ZERO),
                SpeedRamp.Keyframe.linear(Fraction.of(24), Fraction.of(36))));
        Clip clip = Clip.of(
                        "R001C001", TimeRange.of(86400, 24, R24), MissingReference.of("R001", "R001C001", null, null))
                .withEffects(List.of(ramp));
        Timeline tl =
                Timeline.of("t", RationalTime.of(0, R24), List.of(Track.of("V1", TrackKind.VIDEO, List.of(clip))));
        return new Edit(EditFormat.OTIO_JSON, tl, List.of(), List.of());
    }

    @Test
    void aSpeedRampNeedsTheFramesItsKeyframesReach() {
        catalogue.add("feature", "/media/R001C001.mov", "R001", R24, "00:59:59:00", 80);
        EventLink row = linker.link(P, rampEdit(), new LinkOptions(10)).events().get(0);
        assertEquals(LinkStatus.MATCHED, row.status());
        assertEquals(TimeRange.of(86400, 34, R24), row.sourceFrames(), "up to source frame 33, not 23");
        assertTrue(row.message().endsWith("; speed ramp: 3 keyframes, source frames 86400–86433"), row.message());
    }

    @Test
    void aSpeedRampPastTheOriginalsEndIsOutOfRange() {
        // the source range alone (86400..86423) fits in these 25 frames; the ramp reaches 86433
        catalogue.add("feature", "/media/R001C001.mov", "R001", R24, "01:00:00:00", 25);
        EventLink row = linker.link(P, rampEdit(), LinkOptions.none()).events().get(0);
        assertEquals(LinkStatus.OUT_OF_RANGE, row.status(), row.message());
    }

    @Test
    void emptyProjectLeavesEverythingUnmatched() {
        LinkResult r = linker.link(new ProjectId("empty"), edit(), LinkOptions.none());
        assertTrue(r.events().stream()
                .allMatch(e -> e.status() == LinkStatus.UNMATCHED || e.status() == LinkStatus.INVALID));
        assertNull(r.events().get(0).asset());
        assertFalse(r.allMatched());
    }
}
