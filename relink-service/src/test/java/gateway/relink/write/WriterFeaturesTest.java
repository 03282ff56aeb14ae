package gateway.relink.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.model.time.Fraction;
import gateway.model.time.FrameRate;
import gateway.model.time.RationalTime;
import gateway.model.time.TimeRange;
import gateway.model.timeline.Clip;
import gateway.model.timeline.ExternalReference;
import gateway.model.timeline.Marker;
import gateway.model.timeline.MarkerColor;
import gateway.model.timeline.Metadata;
import gateway.model.timeline.MissingReference;
import gateway.model.timeline.Representation;
import gateway.model.timeline.SpeedRamp;
import gateway.model.timeline.Timeline;
import gateway.model.timeline.Track;
import gateway.model.timeline.TrackKind;
import gateway.model.timeline.Transition;
import gateway.relink.read.ReadOptions;
import gateway.relink.read.fcp7.Fcp7XmlReader;
import gateway.relink.read.fcpxml.FcpXmlReader;
import gateway.relink.read.otio.OtioJsonReader;
import gateway.relink.write.fcp7.Fcp7XmlWriter;
import gateway.relink.write.fcpxml.FcpXmlWriter;
import gateway.relink.write.otio.OtioJsonWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the FCP 7 XML and FCPXML writers say beyond ranges: references, paths, lanes, markers, flags. */
class WriterFeaturesTest {
    private static final FrameRate R = FrameRate.FPS_23_976;
    private static final long HOUR = 86_400; // 01:00:00:00 at 24 frames per timecode second

    /** V1: a linked clip (original + proxy), a dissolve, a clip with a marker; V2 disabled; A1 one clip. */
    private static Timeline timeline() {
        Clip a = Clip.of(
                        "A001C003",
                        TimeRange.of(HOUR + 48, 48, R),
                        new ExternalReference(
                                "/Volumes/RAID/Day 1/A001C003.mov",
                                TimeRange.of(HOUR, 2400, R),
                                Metadata.empty().withIn("gateway", "asset_id", "9b0c1d2e-asset")))
                .withReference(
                        Representation.PROXY,
                        ExternalReference.of("/cache/A001C003_proxy.mp4", TimeRange.of(HOUR, 2400, R)));
        Clip b = Clip.of("B001C001", TimeRange.of(2 * HOUR, 72, R), MissingReference.of("B001", "B001C001", null, null))
                .withMarkers(List.of(new Marker(
                        "fix sky", MarkerColor.GREEN, "grade", TimeRange.of(2 * HOUR + 10, 0, R), Metadata.empty())));
        Clip c = Clip.of(
                        "C001", TimeRange.of(3 * HOUR, 24, R), MissingReference.of("C001", "C001", null, "/m/C001.mov"))
                .withEnabled(false);
        Clip s = Clip.of(
                "A001C003",
                TimeRange.of(HOUR + 48, 60, R),
                ExternalReference.of("/Volumes/RAID/Day 1/A001C003.mov", null));
        Track v1 = Track.of("V1", TrackKind.VIDEO, List.of(a, Transition.dissolve("d", 6, 6, R), b));
        Track v2 = new Track("V2", TrackKind.VIDEO, List.of(c), false, Metadata.empty());
        Track a1 = Track.of("A1", TrackKind.AUDIO, List.of(s));
        return Timeline.of("cut", RationalTime.of(HOUR, R), List.of(v1, v2, a1));
    }

    @Test
    void fcp7WritesFilesOnceWithEncodedPathsAndKeepsFlagsAndMarkers() {
        String xml = new Fcp7XmlWriter().write(timeline());
        assertTrue(xml.contains("<pathurl>file://localhost/Volumes/RAID/Day%201/A001C003.mov</pathurl>"), xml);
        assertEquals(
                1,
                xml.split("<pathurl>file://localhost/Volumes/RAID/Day%201/A001C003.mov").length - 1,
                "one full file element");
        assertTrue(xml.contains("<file id=\"file-1\"/>"), "the audio clip refers to the same file by id\n" + xml);
        assertTrue(xml.contains("<timebase>24</timebase>") && xml.contains("<ntsc>TRUE</ntsc>"), xml);
        assertTrue(xml.contains("<alignment>center</alignment>"), xml);
        assertTrue(xml.contains("<start>-1</start>") && xml.contains("<end>-1</end>"), xml);

        Timeline back = new Fcp7XmlReader()
                .read(xml.getBytes(StandardCharsets.UTF_8), "cut.xml", ReadOptions.at(R))
                .timeline();
        Track v1 = back.videoTracks().get(0);
        Clip a = v1.clips().findFirst().orElseThrow();
        MissingReference ref = assertInstanceOf(MissingReference.class, a.activeReference());
        assertEquals("/Volumes/RAID/Day 1/A001C003.mov", ref.path());
        assertEquals(TimeRange.of(HOUR + 48, 48, R), a.sourceRange());
        Transition t = (Transition) v1.items().get(1);
        assertEquals(6, t.inOffsetFrames());
        assertEquals(6, t.outOffsetFrames());
        Clip b = v1.clips().toList().get(1);
        assertEquals("fix sky", b.markers().get(0).name());
        assertEquals(MarkerColor.GREEN, b.markers().get(0).color());
        assertEquals(2 * HOUR + 10, b.markers().get(0).markedRange().start().value());
        assertFalse(back.videoTracks().get(1).enabled(), "V2 is disabled");
        assertFalse(back.videoTracks().get(1).clips().findFirst().orElseThrow().enabled());
        assertEquals(HOUR, back.globalStart().value());
    }

    @Test
    void fcpxmlWritesOriginalAndProxyMediaRepsLanesAndTheAssetId() {
        String xml = new FcpXmlWriter().write(timeline());
        assertTrue(xml.contains("<fcpxml version=\"1.10\">"), xml);
        assertTrue(
                xml.contains("<media-rep kind=\"original-media\" src=\"file:///Volumes/RAID/Day%201/A001C003.mov\"/>"),
                xml);
        assertTrue(xml.contains("<media-rep kind=\"proxy-media\" src=\"file:///cache/A001C003_proxy.mp4\"/>"), xml);
        assertTrue(xml.contains("value=\"gateway-asset-id=9b0c1d2e-asset\""), xml);
        assertTrue(xml.contains("frameDuration=\"1001/24000s\""), xml);
        assertTrue(xml.contains("<spine lane=\"1\""), xml);
        assertTrue(xml.contains("<spine lane=\"-1\""), xml);

        Timeline back = new FcpXmlReader()
                .read(xml.getBytes(StandardCharsets.UTF_8), "cut.fcpxml", ReadOptions.at(R))
                .timeline();
        assertEquals(2, back.videoTracks().size());
        assertEquals(1, back.audioTracks().size());
        Clip a = back.videoTracks().get(0).clips().findFirst().orElseThrow();
        assertEquals(TimeRange.of(HOUR + 48, 48, R), a.sourceRange());
        assertEquals(
                "9b0c1d2e-asset",
                a.metadata().namespace("gateway").string("asset_id").orElseThrow());
        ExternalReference proxy = assertInstanceOf(
                ExternalReference.class, a.reference(Representation.PROXY).orElseThrow());
        assertEquals("/cache/A001C003_proxy.mp4", proxy.target());
        MissingReference original = assertInstanceOf(
                MissingReference.class, a.reference(Representation.ORIGINAL).orElseThrow());
        assertEquals("/Volumes/RAID/Day 1/A001C003.mov", original.path());
        Clip b = back.videoTracks().get(0).clips().toList().get(1);
        assertEquals(MarkerColor.GREEN, b.markers().get(0).color(), "a completed to-do");
        assertFalse(back.videoTracks().get(1).clips().findFirst().orElseThrow().enabled());
        assertEquals(HOUR, back.globalStart().value());
    }

    @Test
    void fcpxmlWritesASpeedRampAsItsTimeMapAndReadsBackTheSameFrames() throws Exception {
        Path sample = Path.of(WriterFeaturesTest.class
                .getResource("/fcpxml/speed-ramp.fcpxml")
                .toURI());
        Clip ramped = new FcpXmlReader()
                .read(sample, ReadOptions.defaults())
                .timeline()
                .videoTracks()
                .get(0)
                .clips()
                .findFirst()
                .orElseThrow();
        Timeline one = Timeline.of(
                "ramp",
                RationalTime.of(0, FrameRate.FPS_24),
                List.of(Track.of("V1", TrackKind.VIDEO, List.of(ramped))));

        String xml = new FcpXmlWriter().write(one);

        assertTrue(xml.contains("<timept time=\"167/16s\" value=\"167/16s\" interp=\"linear\"/>"), xml);
        Clip back = new FcpXmlReader()
                .read(xml.getBytes(StandardCharsets.UTF_8), "ramp.fcpxml", ReadOptions.defaults())
                .timeline()
                .videoTracks()
                .get(0)
                .clips()
                .findFirst()
                .orElseThrow();
        assertEquals(ramped.sourceRange(), back.sourceRange());
        SpeedRamp before = ramped.speedRamp().orElseThrow();
        SpeedRamp after = back.speedRamp().orElseThrow();
        for (long k = 0; k < ramped.sourceRange().durationFrames(); k++) {
            assertEquals(before.sourceOffsetAt(k), after.sourceOffsetAt(k), "record frame " + k);
        }
        assertEquals(ramped.mediaRange(), back.mediaRange());
    }

    @Test
    void otioKeepsASpeedRampsExactKeyframes() {
        SpeedRamp ramp = SpeedRamp.of(List.of(
                SpeedRamp.Keyframe.linear(Fraction.ZERO, Fraction.of(1, 3)),
                new SpeedRamp.Keyframe(Fraction.of(5, 2), Fraction.of(7, 2), true),
                SpeedRamp.Keyframe.linear(Fraction.of(10), Fraction.of(-4))));
        Clip clip = Clip.of("ramp", TimeRange.of(HOUR, 10, R), MissingReference.of("A001", "ramp", null, null))
                .withEffects(List.of(ramp));
        Timeline one =
                Timeline.of("ramp", RationalTime.of(0, R), List.of(Track.of("V1", TrackKind.VIDEO, List.of(clip))));

        String json = new OtioJsonWriter().write(one);
        Clip back = new OtioJsonReader()
                .read(json.getBytes(StandardCharsets.UTF_8), "ramp.otio", ReadOptions.at(R))
                .timeline()
                .videoTracks()
                .get(0)
                .clips()
                .findFirst()
                .orElseThrow();

        assertEquals(ramp.keyframes(), back.speedRamp().orElseThrow().keyframes());
        assertEquals(clip.mediaRange(), back.mediaRange());
    }
}
