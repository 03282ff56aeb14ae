package gateway.relink.read.fcpxml;

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
import gateway.model.timeline.ExternalReference;
import gateway.model.timeline.FreezeFrame;
import gateway.model.timeline.GeneratorReference;
import gateway.model.timeline.LinearTimeWarp;
import gateway.model.timeline.Metadata;
import gateway.model.timeline.MissingReference;
import gateway.model.timeline.Representation;
import gateway.model.timeline.SpeedRamp;
import gateway.model.timeline.TimeScalar;
import gateway.model.timeline.Timeline;
import gateway.model.timeline.TrackKind;
import gateway.relink.TrackText;
import gateway.relink.read.Edit;
import gateway.relink.read.EditFormat;
import gateway.relink.read.ReadOptions;
import gateway.relink.read.formats.EditFormats;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Small hand-written FCPXML files, one feature each (src/test/resources/fcpxml). */
class FcpXmlReaderSamplesTest {
    private static final FcpXmlReader READER = new FcpXmlReader();

    static Path sample(String name) {
        try {
            return Path.of(
                    FcpXmlReaderSamplesTest.class.getResource("/fcpxml/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Edit read(String name) {
        return READER.read(sample(name), ReadOptions.defaults());
    }

    private static Clip clip(Timeline t, TrackKind kind, int track, int clip) {
        return track(t, kind, track).clips().toList().get(clip);
    }

    @Test
    void multicamClipsPlayTheirActiveAngles() {
        Timeline t = read("multicam.fcpxml").timeline();
        assertEquals(RationalTime.of(90000, FrameRate.FPS_25), t.globalStart(), "tcStart 3600s");
        // 36020s in the multicam = 20s into CAM_A and 10s into CAM_B (which starts at 36010s)
        assertEquals(
                List.of("Scene 1 Multicam @0+100 src 900500", "Scene 1 Multicam @100+150 src 900750"),
                TrackText.of(track(t, TrackKind.VIDEO, 0)));
        assertEquals(
                List.of("Scene 1 Multicam @0+100 src 900500", "Scene 1 Multicam @100+150 src 900750"),
                TrackText.of(track(t, TrackKind.AUDIO, 0)));
        MissingReference firstPicture =
                (MissingReference) clip(t, TrackKind.VIDEO, 0, 0).activeReference();
        assertEquals("CAM_B_001", firstPicture.clipName());
        assertEquals("/Volumes/Shoot/CAM_B/CAM_B_001.mov", firstPicture.path());
        assertEquals(
                "B",
                clip(t, TrackKind.VIDEO, 0, 0)
                        .metadata()
                        .namespace("fcpxml")
                        .string("angle")
                        .orElseThrow());
        MissingReference firstSound =
                (MissingReference) clip(t, TrackKind.AUDIO, 0, 0).activeReference();
        assertEquals("SOUND_001", firstSound.clipName());
        MissingReference second =
                (MissingReference) clip(t, TrackKind.VIDEO, 0, 1).activeReference();
        assertEquals("/Volumes/Shoot/CAM A/CAM_A_001.mov", second.path(), "percent-decoded");
        assertEquals(
                "CAM_A_001", ((MissingReference) clip(t, TrackKind.AUDIO, 0, 1).activeReference()).clipName());
    }

    @Test
    void syncClipPlaysItsPictureAndTheSoundSyncedToIt() {
        Timeline t = read("sync-clip.fcpxml").timeline();
        assertEquals(FrameRate.FPS_23_976, t.rate());
        // 14:00:00:00 at 23.976 is frame 1209600; the sync-clip starts 24 frames later, for 2.002s = 48 frames
        assertEquals(List.of("A001C003 - Synced @0+48 src 1209624"), TrackText.of(track(t, TrackKind.VIDEO, 0)));
        assertEquals(
                "A001C003", ((MissingReference) clip(t, TrackKind.VIDEO, 0, 0).activeReference()).clipName());
        // the camera's sound is turned off (audio-role-source active="0"); the recorder's sound, anchored
        // before the sync-clip's start, is cut to the sync-clip's range
        assertEquals(1, t.audioTracks().size());
        assertEquals(List.of("SR001 @0+48 src 1209624"), TrackText.of(track(t, TrackKind.AUDIO, 0)));
        assertEquals(
                -1L,
                track(t, TrackKind.AUDIO, 0)
                        .metadata()
                        .namespace("fcpxml")
                        .get("lane")
                        .orElseThrow());
        assertEquals(
                "dialogue.boom",
                clip(t, TrackKind.AUDIO, 0, 0)
                        .metadata()
                        .namespace("fcpxml")
                        .string("audio_role")
                        .orElseThrow());
    }

    @Test
    void timeMapsBecomeTimeEffects() {
        Timeline t = read("timemap.fcpxml").timeline();
        assertEquals(
                List.of(
                        "fast @0+48 src 480",
                        "hold @48+24 src 720",
                        "ramp @72+48 src 960",
                        "reverse @120+24 src 1440",
                        "pal @144+24 src 0"),
                TrackText.of(track(t, TrackKind.VIDEO, 0)));
        List<Clip> clips = track(t, TrackKind.VIDEO, 0).clips().toList();
        assertEquals(List.of(LinearTimeWarp.of(TimeScalar.of(2, 1)).scalar()), scalars(clips.get(0)));
        assertEquals(TimeRange.of(480, 96, FrameRate.FPS_24), clips.get(0).mediaRange(), "two seconds at 2x use four");
        assertInstanceOf(FreezeFrame.class, clips.get(1).effects().get(0));
        SpeedRamp ramp =
                assertInstanceOf(SpeedRamp.class, clips.get(2).effects().get(0));
        assertEquals(3, ramp.keyframes().size());
        assertEquals(
                3,
                ((List<?>) ramp.metadata().namespace("fcpxml").get("time_map").orElseThrow()).size());
        assertEquals(List.of(TimeScalar.of(-1, 1)), scalars(clips.get(3)));
        assertEquals(List.of(TimeScalar.of(24, 25)), scalars(clips.get(4)), "25p conformed to a 24p sequence");
    }

    private static List<TimeScalar> scalars(Clip c) {
        return c.effects().stream()
                .map(e -> assertInstanceOf(LinearTimeWarp.class, e).scalar())
                .toList();
    }

    @Test
    void mediaRepsGiveAnOriginalAndAProxy() {
        Edit edit = read("media-reps.fcpxml");
        assertMediaReps(edit);
    }

    @Test
    void aBundleReadsItsInfoDocument() {
        Path bundle = sample("bundle.fcpxmld");
        assertEquals(EditFormat.FCPXML, EditFormats.detect(bundle));
        assertInstanceOf(FcpXmlReader.class, EditFormats.reader(EditFormat.FCPXML));
        Edit edit = EditFormats.reader(EditFormats.detect(bundle)).read(bundle, ReadOptions.defaults());
        assertMediaReps(edit);
        GatewayException e = assertThrows(
                GatewayException.class,
                () -> READER.read(sample("bundle.fcpxmld").getParent(), ReadOptions.defaults()));
        assertEquals(Reason.NOT_FOUND, e.reason());
    }

    private static void assertMediaReps(Edit edit) {
        Timeline t = edit.timeline();
        assertEquals(RationalTime.of(90000, FrameRate.FPS_25), t.globalStart());
        assertEquals(
                List.of("Interview @0+125 src 900250", "A001C002 @125+175 src 902500"),
                TrackText.of(track(t, TrackKind.VIDEO, 0)));
        // the title is anchored to Interview (local time = media time, 36010s at 3600s): 36011s is 1s in
        assertEquals(List.of("gap 25", "Lower third @25+50 src 90000"), TrackText.of(track(t, TrackKind.VIDEO, 1)));
        assertInstanceOf(
                GeneratorReference.class, clip(t, TrackKind.VIDEO, 1, 0).activeReference());
        assertEquals(
                "Basic Title",
                ((GeneratorReference) clip(t, TrackKind.VIDEO, 1, 0).activeReference()).kind());
        assertEquals(
                "JANE DOE",
                clip(t, TrackKind.VIDEO, 1, 0)
                        .metadata()
                        .namespace("fcpxml")
                        .string("text")
                        .orElseThrow());
        // split edits: Interview's sound runs 1s past its picture, A001C002's starts 1s early: they overlap
        assertEquals(List.of("Interview @0+150 src 900250"), TrackText.of(track(t, TrackKind.AUDIO, 0)));
        assertEquals(List.of("gap 100", "A001C002 @100+200 src 902475"), TrackText.of(track(t, TrackKind.AUDIO, 1)));

        Clip interview = clip(t, TrackKind.VIDEO, 0, 0);
        MissingReference original = assertInstanceOf(
                MissingReference.class,
                interview.reference(Representation.ORIGINAL).orElseThrow());
        assertEquals("A001C001", original.clipName());
        assertEquals("/Volumes/RAID/Day 1/A001C001.mov", original.path());
        assertEquals("A001C001.mov", original.sourceFile());
        ExternalReference proxy = assertInstanceOf(
                ExternalReference.class,
                interview.reference(Representation.PROXY).orElseThrow());
        assertEquals("/Users/ed/Proxies/A001C001_proxy.mov", proxy.target());
        assertEquals(TimeRange.of(900000, 1500, FrameRate.FPS_25), proxy.available());
        assertEquals(Representation.ORIGINAL, interview.active());
        assertFalse(
                clip(t, TrackKind.VIDEO, 0, 1).reference(Representation.PROXY).isPresent());
        assertEquals(
                "a1b2c3d4-0001",
                interview.metadata().namespace("gateway").string("asset_id").orElseThrow());

        Metadata fcp = interview.metadata().namespace("fcpxml");
        assertEquals("r2", fcp.string("asset_id").orElseThrow());
        assertEquals("UID-A001C001", fcp.string("asset_uid").orElseThrow());
        assertEquals("dialogue", fcp.string("audio_role").orElseThrow());
        assertEquals("video", fcp.string("video_role").orElseThrow());
        assertEquals("Wide, locked off", fcp.string("note").orElseThrow());
        assertEquals(1, ((List<?>) fcp.get("keywords").orElseThrow()).size());
        assertEquals(1, ((List<?>) fcp.get("ratings").orElseThrow()).size());
        assertEquals(
                List.of("Look here@900275 BLUE", "Fix sky@900325 RED", "Chapter 1@900300 ORANGE"),
                interview.markers().stream()
                        .map(m -> m.name() + "@" + m.markedRange().start().value() + " " + m.color())
                        .toList());
        Metadata md = t.metadata().namespace("fcpxml");
        assertEquals("1.10", md.string("version").orElseThrow());
        assertEquals("Day 1", md.string("event").orElseThrow());
        assertEquals("UID-PROJECT", md.string("project_uid").orElseThrow());
        assertTrue(edit.problems().isEmpty(), edit.problems().toString());
    }

    @Test
    void anOffGridTimeIsRoundedAndNotedOrRefusedStrictly() {
        Edit edit = read("off-grid.fcpxml");
        assertEquals(List.of("S1 @0+48 src 0"), TrackText.of(track(edit.timeline(), TrackKind.VIDEO, 0)));
        assertEquals(List.of("gap 12", "VO @12+24 src 0"), TrackText.of(track(edit.timeline(), TrackKind.AUDIO, 0)));
        Clip vo = clip(edit.timeline(), TrackKind.AUDIO, 0, 0);
        List<?> problems = (List<?>)
                vo.metadata().namespace(Edit.NAMESPACE).get("problems").orElseThrow();
        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.get(0).toString().contains("12.001 frames"), problems.toString());
        assertEquals(2, edit.problems().size());
        GatewayException strict = assertThrows(
                GatewayException.class,
                () -> READER.read(
                        sample("off-grid.fcpxml"), ReadOptions.defaults().strictly()));
        assertEquals(Reason.PARSE_ERROR, strict.reason());
        assertTrue(strict.getMessage().contains("VO"), strict.getMessage());
    }

    @Test
    void aClipPlaysTheSoundAnchoredToItsPictureAndNothingStartsBeforeTheTimeline() {
        String xml = "<fcpxml version=\"1.10\"><resources><format id=\"r1\" frameDuration=\"1/25s\"/>"
                + "<asset id=\"r2\" name=\"CAM\" start=\"0s\" duration=\"100s\" hasVideo=\"1\" format=\"r1\""
                + " src=\"file:///m/CAM.mov\"/>"
                + "<asset id=\"r3\" name=\"WAV\" start=\"0s\" duration=\"100s\" hasAudio=\"1\" src=\"file:///m/WAV.wav\"/>"
                + "</resources><project name=\"P\"><sequence format=\"r1\" tcStart=\"0s\"><spine>"
                + "<clip name=\"Scene\" offset=\"0s\" start=\"10s\" duration=\"4s\">"
                + "<video ref=\"r2\" offset=\"0s\" start=\"0s\" duration=\"100s\">"
                + "<audio ref=\"r3\" lane=\"-1\" offset=\"2s\" start=\"5s\" duration=\"50s\"/></video>"
                + "<asset-clip ref=\"r2\" lane=\"1\" name=\"Before\" offset=\"9s\" start=\"0s\" duration=\"2s\"/>"
                + "</clip></spine></sequence></project></fcpxml>";
        Timeline t = readText(xml).timeline();
        assertEquals(List.of("Scene @0+100 src 250"), TrackText.of(track(t, TrackKind.VIDEO, 0)));
        // the WAV plays 5s at the picture's 2s, so at the clip's start (10s) it is at 13s
        assertEquals(1, t.audioTracks().size(), "the anchored sound is the clip's, not a clip of its own");
        assertEquals(List.of("Scene @0+100 src 325"), TrackText.of(track(t, TrackKind.AUDIO, 0)));
        assertEquals("WAV", ((MissingReference) clip(t, TrackKind.AUDIO, 0, 0).activeReference()).clipName());
        // "Before" is anchored at the clip's 9s, 1s before the timeline starts: only its last second shows
        assertEquals(List.of("Before @0+25 src 25"), TrackText.of(track(t, TrackKind.VIDEO, 1)));
    }

    @Test
    void versionsOutsideOneEightToOneThirteenAreRefusedByName() {
        GatewayException old = assertThrows(GatewayException.class, () -> readText(minimal("1.7")));
        assertEquals(Reason.UNSUPPORTED, old.reason());
        assertTrue(old.getMessage().contains("version 1.7"), old.getMessage());
        GatewayException future = assertThrows(GatewayException.class, () -> readText(minimal("1.14")));
        assertEquals(Reason.UNSUPPORTED, future.reason());
        assertTrue(future.getMessage().contains("version 1.14"), future.getMessage());
        assertEquals(
                Reason.PARSE_ERROR,
                assertThrows(GatewayException.class, () -> readText(minimal("one")))
                        .reason());
        assertEquals(
                Reason.PARSE_ERROR,
                assertThrows(GatewayException.class, () -> readText("<fcpxml><resources/></fcpxml>"))
                        .reason());
        for (String ok : List.of("1.8", "1.9", "1.10", "1.11", "1.12", "1.13")) {
            Edit edit = readText(minimal(ok));
            assertEquals(
                    ok,
                    edit.timeline()
                            .metadata()
                            .namespace("fcpxml")
                            .string("version")
                            .orElseThrow());
        }
    }

    @Test
    void notFcpxmlOrUnsafeXmlIsAParseError() {
        GatewayException xmeml = assertThrows(GatewayException.class, () -> readText("<xmeml version=\"5\"/>"));
        assertEquals(Reason.PARSE_ERROR, xmeml.reason());
        assertTrue(xmeml.getMessage().contains("<xmeml>"), xmeml.getMessage());
        String entity = "<?xml version=\"1.0\"?><!DOCTYPE fcpxml [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<fcpxml version=\"1.10\">&x;</fcpxml>";
        assertEquals(
                Reason.PARSE_ERROR,
                assertThrows(GatewayException.class, () -> readText(entity)).reason());
        assertEquals(
                Reason.PARSE_ERROR,
                assertThrows(
                                GatewayException.class,
                                () -> readText(
                                        minimal("1.10").replace("frameDuration=\"1/25s\"", "frameDuration=\"0.04\"")))
                        .reason());
    }

    @Test
    void editFormatsDetectsFcpxmlByContentAndHandsOutThisReader() {
        assertEquals(EditFormat.FCPXML, EditFormats.detect(minimal("1.9").getBytes(StandardCharsets.UTF_8)));
        Edit edit = EditFormats.reader(EditFormat.FCPXML)
                .read(minimal("1.9").getBytes(StandardCharsets.UTF_8), "m.fcpxml", ReadOptions.defaults());
        assertEquals(EditFormat.FCPXML, edit.format());
    }

    private static Edit readText(String xml) {
        return READER.read(xml.getBytes(StandardCharsets.UTF_8), "test.fcpxml", ReadOptions.defaults());
    }

    private static String minimal(String version) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE fcpxml>\n<fcpxml version=\"" + version + "\">"
                + "<resources><format id=\"r1\" frameDuration=\"1/25s\"/></resources>"
                + "<project name=\"P\"><sequence format=\"r1\" tcStart=\"0s\"><spine/></sequence></project></fcpxml>";
    }
}
