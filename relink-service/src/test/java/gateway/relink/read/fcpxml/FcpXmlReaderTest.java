package gateway.relink.read.fcpxml;

import static gateway.relink.TrackText.clipNames;
import static gateway.relink.TrackText.track;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.model.time.FrameRate;
import gateway.model.time.RationalTime;
import gateway.model.time.TimeRange;
import gateway.model.timeline.Clip;
import gateway.model.timeline.Marker;
import gateway.model.timeline.MarkerColor;
import gateway.model.timeline.Metadata;
import gateway.model.timeline.MissingReference;
import gateway.model.timeline.Representation;
import gateway.model.timeline.Timeline;
import gateway.model.timeline.Track;
import gateway.model.timeline.TrackKind;
import gateway.model.timeline.Transition;
import gateway.model.timeline.TransitionKind;
import gateway.relink.TrackText;
import gateway.relink.read.Edit;
import gateway.relink.read.EditFormat;
import gateway.relink.read.ReadOptions;
import gateway.testing.Corpora;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The real-world FCPXML corpus (OpenTimelineIO's FCP X adapter samples). */
class FcpXmlReaderTest {
    private static final FcpXmlReader READER = new FcpXmlReader();

    static Path corpus(String name) {
        return Corpora.root().resolve("fcpxml").resolve(name);
    }

    private static Edit project() {
        return READER.read(corpus("fcpx_project.fcpxml"), ReadOptions.defaults());
    }

    @Test
    void everyCorpusFileReads() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(corpus("."))) {
            files = s.filter(p -> p.toString().endsWith(".fcpxml")).sorted().toList();
        }
        assertEquals(5, files.size(), "the corpus holds five FCPXML files");
        for (Path f : files) {
            Edit edit = READER.read(f, ReadOptions.defaults());
            assertEquals(EditFormat.FCPXML, edit.format());
            assertEquals(FrameRate.FPS_30, edit.timeline().rate(), f.toString());
            assertTrue(
                    edit.timeline().tracks().tracks().stream()
                            .anyMatch(t -> t.clips().findAny().isPresent()),
                    f.toString());
            assertTrue(edit.invalidEvents().isEmpty(), f.toString());
        }
    }

    @Test
    void projectHasThreeVideoTracksWithTheClipsUpstreamAsserts() {
        Timeline t = project().timeline();
        assertEquals("OpenTimeline_Project", t.name());
        assertEquals(RationalTime.of(0, FrameRate.FPS_30), t.globalStart());
        assertEquals(3, t.videoTracks().size());
        // the XML has a second compound_clip_1 (a ref-clip at 140s, picture only) after IMG_0268
        assertEquals(
                List.of("IMG_0715", "compound_clip_1", "IMG_0233", "IMG_0687", "IMG_0268", "compound_clip_1"),
                clipNames(t.videoTracks().get(0)));
        assertEquals(
                List.of("IMG_0513", "IMG_0268", "IMG_0740"),
                clipNames(t.videoTracks().get(1)));
        assertEquals(List.of("IMG_0857"), clipNames(t.videoTracks().get(2)));
    }

    @Test
    void primaryStorylineRangesMatchTheXml() {
        // 30 fps: 10s = 300 frames; clip starts: IMG_0687 37600/3000s = 376, IMG_0268 23200/3000s = 232,
        // compound 10900/3000s = 109 and 5700/3000s = 57; the dissolve at 28500/3000s lasting 1s crosses
        // the cut at 10s: 15 frames each side. The seven gaps from 10s to 80s are one 2100-frame gap.
        assertEquals(
                List.of(
                        "IMG_0715 @0+300 src 0",
                        "transition 15/15",
                        "gap 2100",
                        "compound_clip_1 @2400+900 src 109",
                        "IMG_0233 @3300+300 src 0",
                        "IMG_0687 @3600+300 src 376",
                        "IMG_0268 @3900+300 src 232",
                        "compound_clip_1 @4200+300 src 57"),
                TrackText.of(track(project().timeline(), TrackKind.VIDEO, 0)));
    }

    @Test
    void connectedClipsAndTheSecondaryStorylineSitInParentTime() {
        Timeline t = project().timeline();
        // IMG_0513: lane 1 at offset 3600s in a gap at 20s whose start is 3600s -> 20s = 600.
        // The storyline at 50s opens with a 1s dissolve in (0/30), then IMG_0268 (9.5s = 285 frames),
        // a dissolve centred on the cut at 9.5s (15/15), then IMG_0740 from its start 1500/3000s = 15.
        assertEquals(
                List.of(
                        "gap 600",
                        "IMG_0513 @600+300 src 0",
                        "gap 600",
                        "transition 0/30",
                        "IMG_0268 @1500+285 src 0",
                        "transition 15/15",
                        "IMG_0740 @1785+285 src 15"),
                TrackText.of(track(t, TrackKind.VIDEO, 1)));
        // IMG_0857: lane 2 at 108137/30s in a gap at 60s starting at 3600s: 60s + 137/30s = 1937 frames
        assertEquals(List.of("gap 1937", "IMG_0857 @1937+300 src 0"), TrackText.of(track(t, TrackKind.VIDEO, 2)));
        Track v2 = track(t, TrackKind.VIDEO, 1);
        Transition dissolve = (Transition) v2.items().get(3);
        assertEquals(TransitionKind.DISSOLVE, dissolve.kind());
        assertEquals("Cross Dissolve", dissolve.name());
        assertEquals(1L, v2.metadata().namespace("fcpxml").get("lane").orElseThrow());
    }

    @Test
    void soundGoesToAudioTracksByLane() {
        Timeline t = project().timeline();
        List<Long> lanes = t.audioTracks().stream()
                .map(tr -> (Long) tr.metadata().namespace("fcpxml").get("lane").orElseThrow())
                .toList();
        assertEquals(List.of(0L, -1L, 1L, 2L), lanes);
        // the storyline's own sound: the compound at 80s and the asset-clip IMG_0268 at 130s
        assertEquals(
                List.of("gap 2400", "compound_clip_1 @2400+900 src 109", "gap 600", "IMG_0268 @3900+300 src 232"),
                TrackText.of(track(t, TrackKind.AUDIO, 0)));
        // lane -1: sound carried in clips anchored below; three positions are off the frame grid:
        // IMG_0513 at 20s + 176909/180000s = 629.48 frames, IMG_0687 starting at 2571768/720000s =
        // 107.16 frames, IMG_0233 starting at 4146583/720000s = 172.77 frames, the compound's sound at
        // 140s + (275843/144000s - 1.9s) = 4200.47 frames; each rounds to the nearest frame.
        assertEquals(
                List.of(
                        "IMG_0715 @0+300 src 0",
                        "gap 329",
                        "IMG_0513 @629+300 src 0",
                        "gap 271",
                        "IMG_0687 @1200+300 src 107",
                        "gap 1950",
                        "IMG_0233 @3450+150 src 173",
                        "IMG_0687 @3600+300 src 376",
                        "gap 300",
                        "compound_clip_1 @4200+300 src 0"),
                TrackText.of(track(t, TrackKind.AUDIO, 1)));
        assertEquals(
                List.of("gap 1500", "transition 0/30", "IMG_0268 @1500+285 src 0", "transition 15/15"),
                TrackText.of(track(t, TrackKind.AUDIO, 2)));
    }

    @Test
    void offGridTimesAreNotedOnTheItemAndInTheEdit() {
        Edit edit = project();
        Clip img0513 = track(edit.timeline(), TrackKind.AUDIO, 1)
                .clips()
                .filter(c -> c.name().equals("IMG_0513"))
                .findFirst()
                .orElseThrow();
        List<?> problems = (List<?>)
                img0513.metadata().namespace(Edit.NAMESPACE).get("problems").orElseThrow();
        assertTrue(problems.stream().anyMatch(p -> p.toString().contains("648176909/180000s")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.toString().contains("629.485")), problems.toString());
        String event =
                img0513.metadata().namespace(Edit.NAMESPACE).string("event").orElseThrow();
        assertTrue(edit.problems().stream()
                .anyMatch(p -> event.equals(p.event()) && p.message().contains("off the 30 fps frame grid")));
        Path project = corpus("fcpx_project.fcpxml");
        GatewayException strict = assertThrows(
                GatewayException.class,
                () -> READER.read(project, ReadOptions.defaults().strictly()));
        assertEquals(Reason.PARSE_ERROR, strict.reason());
        assertTrue(strict.getMessage().contains("frame grid"), strict.getMessage());
    }

    @Test
    void clipsKeepWhatTheLinkerNeeds() {
        Clip img0715 = track(project().timeline(), TrackKind.VIDEO, 0)
                .clips()
                .findFirst()
                .orElseThrow();
        MissingReference ref = assertInstanceOf(
                MissingReference.class,
                img0715.reference(Representation.ORIGINAL).orElseThrow());
        assertEquals("IMG_0715", ref.clipName());
        assertEquals("/Volumes/Media/otio/IMG_0715.MOV", ref.path());
        assertEquals("IMG_0715.MOV", ref.sourceFile());
        Metadata fcp = ref.metadata().namespace("fcpxml");
        assertEquals("r2", fcp.string("asset_id").orElseThrow());
        assertEquals("7C9F5DBDAC5BE9B9455CB3F1BE824D2B", fcp.string("asset_uid").orElseThrow());
        assertEquals(
                "7C9F5DBDAC5BE9B9455CB3F1BE824D2B",
                img0715.metadata().namespace("fcpxml").string("asset_uid").orElseThrow());
        assertFalse(img0715.reference(Representation.PROXY).isPresent(), "FCPXML 1.8 has no proxy media-rep");
        assertEquals(
                List.of("Marker 1"),
                img0715.markers().stream().map(Marker::name).toList());
        assertEquals(MarkerColor.BLUE, img0715.markers().get(0).color());
        assertEquals(
                TimeRange.of(180, 1, FrameRate.FPS_30), img0715.markers().get(0).markedRange());
    }

    @Test
    void compoundClipsStayOneClipAndSummariseTheirContents() {
        Clip compound = track(project().timeline(), TrackKind.VIDEO, 0)
                .clips()
                .filter(c -> c.name().equals("compound_clip_1"))
                .findFirst()
                .orElseThrow();
        MissingReference ref = assertInstanceOf(MissingReference.class, compound.activeReference());
        assertEquals("compound_clip_1", ref.clipName());
        assertEquals(
                "r10", ref.metadata().namespace("fcpxml").string("media_id").orElseThrow());
        Metadata summary = compound.metadata().namespace("fcpxml").namespace("compound");
        List<?> clips = (List<?>) summary.get("clips").orElseThrow();
        List<String> names =
                clips.stream().map(c -> (String) ((Map<?, ?>) c).get("name")).toList();
        assertTrue(names.containsAll(List.of("IMG_0233", "IMG_0268", "IMG_0857", "IMG_0858")), names.toString());
        Map<?, ?> img0857 = clips.stream()
                .map(c -> (Map<?, ?>) c)
                .filter(c -> c.get("name").equals("IMG_0857") && c.get("track").equals("V1"))
                .findFirst()
                .orElseThrow();
        assertEquals(1200L, img0857.get("record_start"));
        assertEquals(157L, img0857.get("source_start"), "start 15700/3000s");
        // markers on a ref-clip are in the compound's time: 109/30s = frame 109
        assertEquals(
                TimeRange.of(109, 1, FrameRate.FPS_30),
                compound.markers().get(0).markedRange());
        assertEquals(MarkerColor.GREEN, compound.markers().get(0).color(), "completed to-do");
    }

    @Test
    void browserClipsWithoutAProjectAreLaidEndToEnd() {
        Edit edit = READER.read(corpus("fcpx_clips.fcpxml"), ReadOptions.defaults());
        Track v1 = edit.timeline().videoTracks().get(0);
        assertEquals(List.of("compound_clip_1", "IMG_0857", "IMG_0858"), clipNames(v1));
        assertEquals(
                List.of("compound_clip_1 @0+2400 src 0", "IMG_0857 @2400+2044 src 0", "IMG_0858 @4444+634 src 0"),
                TrackText.of(v1));
        Clip truck = v1.clips().toList().get(1);
        assertEquals(
                "Truck in snow",
                truck.metadata().namespace("fcpxml").string("note").orElseThrow());
        assertEquals(
                2,
                ((List<?>) truck.metadata().namespace("fcpxml").get("keywords").orElseThrow()).size());
        assertTrue(edit.problems().stream().anyMatch(p -> p.message().contains("no project")));
    }

    @Test
    void libraryAndEventFilesReadTheirProject() {
        for (String name : List.of("fcpx_library.fcpxml", "fcpx_event.fcpxml", "fcpx_example.fcpxml")) {
            Timeline t = READER.read(corpus(name), ReadOptions.defaults()).timeline();
            assertEquals("OpenTimeline_Project", t.name(), name);
            assertEquals(
                    TrackText.of(track(project().timeline(), TrackKind.VIDEO, 1)),
                    TrackText.of(track(t, TrackKind.VIDEO, 1)),
                    name);
            assertEquals(
                    "OpenTimeline_Event",
                    t.metadata().namespace("fcpxml").string("event").orElseThrow(),
                    name);
        }
    }
}
