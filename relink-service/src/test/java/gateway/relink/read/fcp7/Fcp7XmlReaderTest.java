package gateway.relink.read.fcp7;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.model.time.FrameRate;
import gateway.model.time.RationalTime;
import gateway.model.time.TimeRange;
import gateway.model.timeline.Clip;
import gateway.model.timeline.Gap;
import gateway.model.timeline.GeneratorReference;
import gateway.model.timeline.Item;
import gateway.model.timeline.LinearTimeWarp;
import gateway.model.timeline.Marker;
import gateway.model.timeline.MissingReference;
import gateway.model.timeline.TimeScalar;
import gateway.model.timeline.Timeline;
import gateway.model.timeline.Track;
import gateway.model.timeline.Transition;
import gateway.model.timeline.TransitionKind;
import gateway.relink.read.Edit;
import gateway.relink.read.EditFormat;
import gateway.relink.read.ReadOptions;
import gateway.relink.read.formats.EditFormats;
import gateway.testing.Corpora;
import java.io.IOException;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The FCP 7 XML corpus, frame for frame, against the facts its upstream tests assert. */
class Fcp7XmlReaderTest {
    private static final FrameRate R30 = FrameRate.FPS_30;
    private final Fcp7XmlReader reader = new Fcp7XmlReader();

    static Path corpus(String name) {
        return Corpora.root().resolve("fcp7xml").resolve(name);
    }

    private Edit read(String name) {
        return reader.read(corpus(name), ReadOptions.defaults());
    }

    private static List<String> names(Track t) {
        return t.items().stream().map(i -> i instanceof Gap ? "" : i.name()).toList();
    }

    /** Clip source durations and transition offsets ("in/out"), the way the upstream test lists them. */
    private static List<String> durations(Track t) {
        return t.items().stream()
                .map(i -> switch (i) {
                    case Transition x -> x.inOffsetFrames() + "/" + x.outOffsetFrames();
                    case Clip c ->
                        Long.toString(c.duration()
                                .rescaledTo(R30, RoundingMode.UNNECESSARY)
                                .value());
                    case Gap g ->
                        Long.toString(g.duration()
                                .rescaledTo(R30, RoundingMode.UNNECESSARY)
                                .value());
                })
                .toList();
    }

    private static Clip clip(Track t, int index) {
        return assertInstanceOf(Clip.class, t.items().get(index));
    }

    private static MissingReference missing(Clip c) {
        return assertInstanceOf(MissingReference.class, c.activeReference());
    }

    @Test
    void premiereExampleTracksClipsAndDurations() {
        Edit edit = read("premiere_example.xml");
        Timeline tl = edit.timeline();
        assertEquals(EditFormat.FCP7_XML, edit.format());
        assertEquals("sc01_sh010_layerA", tl.name());
        assertEquals(RationalTime.of(0, R30), tl.globalStart());
        List<Track> video = tl.videoTracks();
        List<Track> audio = tl.audioTracks();
        assertEquals(4, video.size());
        assertEquals(4, audio.size());

        assertEquals(List.of("", "sc01_sh010_anim.mov"), names(video.get(0)));
        assertEquals(
                List.of(
                        "",
                        "sc01_sh010_anim.mov",
                        "",
                        "sc01_sh020_anim.mov",
                        "sc01_sh030_anim.mov",
                        "Cross Dissolve",
                        "",
                        "sc01_sh010_anim"),
                names(video.get(1)));
        assertEquals(List.of("", "test_title"), names(video.get(2)));
        assertEquals(
                List.of("", "sc01_master_layerA_sh030_temp.mov", "Cross Dissolve", "sc01_sh010_anim.mov"),
                names(video.get(3)));

        assertEquals(List.of("536", "100"), durations(video.get(0)));
        assertEquals(List.of("13", "100", "52", "157", "235", "19/0", "79", "320"), durations(video.get(1)));
        assertEquals(List.of("15", "941"), durations(video.get(2)));
        assertEquals(List.of("956", "208", "12/13", "82"), durations(video.get(3)));

        assertEquals(List.of("", "sc01_sh010_anim.mov", "", "sc01_sh010_anim.mov"), names(audio.get(0)));
        assertEquals(List.of("", "sc01_placeholder.wav", "", "sc01_sh010_anim"), names(audio.get(1)));
        assertEquals(List.of("", "track_08.wav"), names(audio.get(2)));
        assertEquals(List.of("13", "100", "423", "100"), durations(audio.get(0)));
        assertEquals(List.of("335", "170", "131", "294"), durations(audio.get(1)));
        assertEquals(List.of("153", "198"), durations(audio.get(2)));
    }

    @Test
    void premiereExampleSourceRangesPathsAndTransitions() {
        Timeline tl = read("premiere_example.xml").timeline();
        Track v1 = tl.videoTracks().get(0);
        // clipitem-1 is at 15 fps in a 30 fps sequence: in 0..50 at 15 is 0..100 of the 30 fps file
        Clip first = clip(v1, 1);
        assertEquals(TimeRange.of(0, 100, R30), first.sourceRange());
        assertEquals(TimeRange.of(536, 100, R30), v1.rangeOf(1, RoundingMode.UNNECESSARY));
        MissingReference ref = missing(first);
        assertEquals("D:/media/sc01_sh010_anim.mov", ref.path());
        assertEquals("sc01_sh010_anim.mov", ref.sourceFile());
        assertEquals("sc01_sh010_anim.mov", ref.clipName());
        assertNull(ref.reel()); // <reel><name/></reel> is no reel

        Track v2 = tl.videoTracks().get(1);
        Transition fadeOut = assertInstanceOf(Transition.class, v2.items().get(5));
        assertEquals(TransitionKind.DISSOLVE, fadeOut.kind());
        assertEquals(TimeRange.of(538, 19, R30), v2.rangeOf(5, RoundingMode.UNNECESSARY));
        assertEquals(TimeRange.of(0, 157, R30), clip(v2, 3).sourceRange());

        Track v4 = tl.videoTracks().get(3);
        Clip outgoing = clip(v4, 1);
        Transition dissolve = assertInstanceOf(Transition.class, v4.items().get(2));
        Clip incoming = clip(v4, 3);
        // file timecode 00:00:03:09 = frame 99; in 34 → source starts at 133 and runs to the cut at 1164
        assertEquals(TimeRange.of(133, 208, R30), outgoing.sourceRange());
        assertEquals(TimeRange.of(1152, 25, R30), v4.rangeOf(2, RoundingMode.UNNECESSARY));
        assertEquals(
                "center",
                dissolve.metadata().namespace("fcp7_xml").string("alignment").orElseThrow());
        // the incoming clip's <in> 6 is at the transition's start; at the cut it is 6 + 12
        assertEquals(TimeRange.of(18, 82, R30), incoming.sourceRange());
        assertEquals(TimeRange.of(6, 94, R30), v4.visibleRangeOf(incoming));
        assertEquals(TimeRange.of(133, 221, R30), v4.visibleRangeOf(outgoing));
        assertEquals(TimeRange.of(1164, 82, R30), v4.rangeOf(3, RoundingMode.UNNECESSARY));
    }

    @Test
    void premiereExampleMarkersGeneratorsAndNestedSequence() {
        Edit edit = read("premiere_example.xml");
        Timeline tl = edit.timeline();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> markers = (List<Map<String, Object>>)
                tl.metadata().namespace("fcp7_xml").get("markers").orElseThrow();
        assertEquals(
                List.of("My MArker 1", "dsf", ""),
                markers.stream().map(m -> m.get("name")).toList());
        assertEquals(
                List.of(113L, 492L, 298L),
                markers.stream().map(m -> m.get("start_frame")).toList());
        assertEquals("so, this happened", markers.get(0).get("comment"));

        Clip withMarker = clip(tl.videoTracks().get(1), 4);
        Marker marker = withMarker.markers().get(0);
        assertEquals("", marker.name());
        assertEquals(TimeRange.of(73, 0, R30), marker.markedRange());

        Clip title = clip(tl.videoTracks().get(2), 1);
        assertEquals(
                "Slug",
                assertInstanceOf(GeneratorReference.class, title.activeReference())
                        .kind());
        assertEquals(TimeRange.of(108000, 941, R30), title.sourceRange());

        Clip nested = clip(tl.videoTracks().get(1), 7);
        MissingReference pointer = missing(nested);
        assertNull(pointer.clipName());
        assertNull(pointer.path());
        assertEquals(
                "sequence-2",
                pointer.metadata()
                        .namespace("fcp7_xml")
                        .string("nested_sequence_id")
                        .orElseThrow());
        Map<String, Object> summary = nested.metadata()
                .namespace("fcp7_xml")
                .namespace("nested_sequence")
                .asMap();
        assertEquals("sc01_sh010_anim", summary.get("name"));
        assertTrue(edit.problems().stream()
                .anyMatch(p ->
                        "clipitem-5".equals(p.event()) && p.message().contains("nested sequence 'sc01_sh010_anim'")));

        Clip wav = clip(tl.audioTracks().get(1), 1);
        assertEquals(TimeRange.of(8497, 170, R30), wav.sourceRange());
        assertEquals("D:/media/sc01_placeholder.wav", missing(wav).path());
    }

    @Test
    void premiereExampleOverlappingAudioIsTrimmedLenientlyAndRefusedStrictly() {
        Edit edit = read("premiere_example.xml");
        Track a4 = edit.timeline().audioTracks().get(3);
        assertEquals(List.of("956", "221", "81"), durations(a4));
        assertEquals(TimeRange.of(19, 81, R30), clip(a4, 2).sourceRange());
        assertTrue(edit.problems().stream().anyMatch(p -> "clipitem-24".equals(p.event())));
        Path premiere = corpus("premiere_example.xml");
        GatewayException e = assertThrows(
                GatewayException.class,
                () -> reader.read(premiere, ReadOptions.defaults().strictly()));
        assertEquals(Reason.PARSE_ERROR, e.reason());
        assertTrue(e.getMessage().contains("clipitem-24"), e.getMessage());
    }

    @Test
    void readAllReturnsNestedSequencesToo() throws IOException {
        List<Timeline> all = reader.readAll(
                Files.readAllBytes(corpus("premiere_example.xml")), "premiere_example.xml", ReadOptions.defaults());
        assertEquals(
                List.of("sc01_sh010_anim", "sc01_sh010_layerA"),
                all.stream().map(Timeline::name).toList());
        Timeline nested = all.get(0);
        assertEquals(
                List.of("sc01_sh010_anim.mov", "sc01_sh030_anim.mov"),
                nested.videoTracks().get(0).clips().map(Clip::name).toList());
    }

    @Test
    void emptyNameTagsAt23976() {
        Timeline tl = read("empty_name_tags.xml").timeline();
        assertEquals(FrameRate.FPS_23_976, tl.rate());
        assertEquals(12, tl.videoTracks().size());
        assertEquals(34, tl.videoTracks().get(0).items().size());
        Item first = tl.videoTracks().get(0).items().get(0);
        assertInstanceOf(GeneratorReference.class, ((Clip) first).activeReference());
    }

    @Test
    void hieroExport() {
        Timeline tl = read("hiero_xml_export.xml").timeline();
        assertEquals(RationalTime.of(86400, FrameRate.FPS_24), tl.globalStart());
        assertEquals(1, tl.tracks().tracks().size());
        Track track = tl.tracks().tracks().get(0);
        assertEquals("Video 1", track.name());
        List<Clip> clips = track.clips().toList();
        assertEquals(
                List.of("A160C005_171213_R0MN", "/"),
                clips.stream().map(Clip::name).toList());
        assertEquals(TimeRange.of(1101071, 1055, FrameRate.FPS_24), clips.get(0).sourceRange());
        assertEquals(
                "/A160R0MN/A160R0MN/A160C005_171213_R0MN.mxf",
                missing(clips.get(0)).path());
        assertNull(missing(clips.get(1)).path());
        assertEquals(TimeRange.of(326400, 239, FrameRate.FPS_24), clips.get(1).sourceRange());
        LinearTimeWarp warp =
                assertInstanceOf(LinearTimeWarp.class, clips.get(1).effects().get(0));
        assertEquals(TimeScalar.of(1, 400), warp.scalar()); // speed is a percentage: 0.25 %
    }

    @Test
    void enableProperty() {
        Timeline tl = read("premiere_enable_property.xml").timeline();
        List<Track> tracks = tl.tracks().tracks();
        assertFalse(tracks.get(2).enabled());
        assertTrue(tracks.get(1).enabled());
        assertEquals("disabled_track", tracks.get(2).name());
        assertFalse(tracks.get(2).clips().findFirst().orElseThrow().enabled());
        assertTrue(tracks.get(0).clips().findFirst().orElseThrow().enabled());
        assertEquals(
                List.of(true, false, true, false),
                tracks.get(0).clips().map(Clip::enabled).toList());
    }

    @Test
    void generators() {
        Timeline tl = read("premiere_generators.xml").timeline();
        Track video = tl.tracks().tracks().get(0);
        Track audio = tl.tracks().tracks().get(3);
        assertEquals(6, video.items().size());
        assertEquals(3, audio.items().size());
        assertEquals(
                List.of("Slug", "Slug", "Color", "Slug", "Slug", "GraphicAndType"),
                video.clips()
                        .map(c -> assertInstanceOf(GeneratorReference.class, c.activeReference())
                                .kind())
                        .toList());
        assertEquals(
                TimeRange.of(86313, 119, FrameRate.FPS_23_976), clip(video, 2).sourceRange());
    }

    @Test
    void strictReadingOfTheCleanFiles() {
        for (String name : List.of(
                "empty_name_tags.xml",
                "hiero_xml_export.xml",
                "premiere_enable_property.xml",
                "premiere_generators.xml",
                "sample_just_track.xml")) {
            Edit edit = reader.read(corpus(name), ReadOptions.defaults().strictly());
            assertFalse(edit.timeline().name().isEmpty(), name);
        }
    }

    @Test
    void sequenceWithoutTracks() {
        Timeline tl = read("sample_just_track.xml").timeline();
        assertEquals("sc01_sh010_layerA", tl.name());
        assertTrue(tl.tracks().tracks().isEmpty());
    }

    @Test
    void everyXmemlFileReadsAndTheFilterFragmentIsRefused() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(Corpora.root().resolve("fcp7xml"))) {
            files = s.sorted().toList();
        }
        assertEquals(7, files.size());
        for (Path f : files) {
            byte[] bytes = Files.readAllBytes(f);
            if (f.getFileName().toString().equals("premiere_example_filter.xml")) {
                GatewayException e = assertThrows(GatewayException.class, () -> reader.read(f, ReadOptions.defaults()));
                assertEquals(Reason.PARSE_ERROR, e.reason());
                assertTrue(e.getMessage().contains("not <xmeml>"), e.getMessage());
                continue;
            }
            assertEquals(EditFormat.FCP7_XML, EditFormats.detect(bytes), f.toString());
            assertTrue(Fcp7XmlReader.recognises(bytes));
            Edit edit = EditFormats.reader(EditFormats.detect(bytes)).read(f, ReadOptions.defaults());
            assertTrue(edit.invalidEvents().isEmpty(), f + ": " + edit.invalidEvents());
            edit.timeline().tracks().tracks().forEach(t -> t.clips()
                    .forEach(c -> assertTrue(
                            c.activeReference() instanceof MissingReference
                                    || c.activeReference() instanceof GeneratorReference,
                            f + ": " + c.name())));
        }
    }
}
