package gateway.relink.read.aaf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.model.time.FrameRate;
import gateway.model.timeline.AudioLevel;
import gateway.model.timeline.Clip;
import gateway.model.timeline.Gap;
import gateway.model.timeline.Item;
import gateway.model.timeline.LinearTimeWarp;
import gateway.model.timeline.MissingReference;
import gateway.model.timeline.TimeScalar;
import gateway.model.timeline.Timeline;
import gateway.model.timeline.Track;
import gateway.model.timeline.TrackKind;
import gateway.model.timeline.Transition;
import gateway.model.timeline.UnknownEffect;
import gateway.relink.read.Edit;
import gateway.relink.read.EditFormat;
import gateway.relink.read.ReadOptions;
import gateway.relink.read.formats.EditFormats;
import gateway.testing.Corpora;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The AAF reader against the corpus (exports of Media Composer and Premiere Pro) and hostile bytes. */
@Timeout(120)
class AafReaderTest {
    private final AafReader reader = new AafReader();

    private Edit read(String name) {
        return reader.read(Corpora.file("aaf/" + name), ReadOptions.defaults());
    }

    private static List<Clip> clips(Track track) {
        return track.clips().toList();
    }

    /** [record start, record length] of every item of a track, transitions at their cut with length 0. */
    private static List<long[]> records(Track track) {
        List<long[]> out = new ArrayList<>();
        long at = 0;
        for (Item i : track.items()) {
            if (i instanceof Transition) {
                continue;
            }
            out.add(new long[] {at, i.duration().value()});
            at += i.duration().value();
        }
        return out;
    }

    @Test
    void everyCorpusFileReadsAndIsToldByItsContent() throws IOException {
        List<Path> files = Corpora.files("aaf", ".aaf");
        assertEquals(10, files.size());
        for (Path f : files) {
            assertEquals(EditFormat.AAF, EditFormats.detect(f), f.toString());
            Edit e = EditFormats.reader(EditFormats.detect(f)).read(f, ReadOptions.defaults());
            assertEquals(EditFormat.AAF, e.format());
            assertTrue(e.timeline().tracks().tracks().size() > 0, f + " has tracks");
        }
    }

    @Test
    void simpleIsOneVideoAndTwoAudioTracksOfFiveClipsFromOneHour() {
        Edit e = read("simple.aaf");
        Timeline t = e.timeline();
        assertEquals("OTIO TEST 1.Exported.01", t.name());
        assertEquals(3282, t.duration().value());
        assertEquals(86400, t.globalStart().value());
        assertEquals(FrameRate.FPS_24, t.rate());
        List<Track> tracks = t.tracks().tracks();
        assertEquals(
                List.of(TrackKind.VIDEO, TrackKind.AUDIO, TrackKind.AUDIO),
                tracks.stream().map(Track::kind).toList());
        for (Track track : tracks) {
            assertEquals(5, track.items().size(), track.name());
        }
        List<Clip> video = clips(tracks.get(0));
        assertEquals(
                List.of(
                        "tech.fux (loop)-HD.mp4",
                        "t-hawk (loop)-HD.mp4",
                        "out-b (loop)-HD.mp4",
                        "KOLL-HD.mp4",
                        "brokchrd (loop)-HD.mp4"),
                video.stream().map(Clip::name).toList());
        assertEquals(
                List.of(720L, 480L, 722L, 640L, 720L),
                video.stream().map(c -> c.sourceRange().durationFrames()).toList());
        for (Clip c : video) {
            assertEquals(86400, c.sourceRange().start().value(), c.name());
        }
        MissingReference first =
                assertInstanceOf(MissingReference.class, video.get(0).activeReference());
        assertEquals("/Users/joshm/Desktop/DemoClips/tech.fux (loop)-HD.mp4", first.path());
        assertEquals("tech.fux (loop)-HD.mp4", first.sourceFile());
        assertEquals("tech.fux (loop)-HD.mp4", first.clipName());
    }

    @Test
    void trimsKeepTheirSourceAndRecordRangesAndUserComments() {
        Edit e = read("trims.aaf");
        assertEquals("OTIO TEST 1.Exported.01 - trims.Exported.02", e.timeline().name());
        assertEquals(2797, e.timeline().duration().value());
        Track v = e.timeline().videoTracks().get(0);
        assertEquals(6, v.items().size());
        assertInstanceOf(Gap.class, v.items().get(4));
        List<Clip> clips = clips(v);
        long[][] source = {{86400, 720}, {86521, 359}, {86523, 400}, {0, 559}, {86469, 651}};
        for (int i = 0; i < source.length; i++) {
            assertEquals(
                    source[i][0],
                    clips.get(i).sourceRange().start().value(),
                    clips.get(i).name());
            assertEquals(
                    source[i][1],
                    clips.get(i).sourceRange().durationFrames(),
                    clips.get(i).name());
        }
        long[][] record = {{0, 720}, {720, 359}, {1079, 400}, {1479, 559}, {2038, 108}, {2146, 651}};
        assertTrue(Arrays.deepEquals(record, records(v).toArray(long[][]::new)));
        List<String> custom = List.of("test1", "testing 1 2 3", "Eyjafjallajökull", "'s' \"d\" `b`");
        for (int i = 0; i < custom.size(); i++) {
            assertEquals(
                    custom.get(i),
                    comments(clips.get(i)).get("CustomTest"),
                    clips.get(i).name());
        }
        assertTrue(!comments(clips.get(4)).isEmpty() && !comments(clips.get(4)).containsKey("CustomTest"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> comments(Clip c) {
        return (Map<String, Object>)
                c.metadata().namespace("aaf").get("user_comments").orElse(Map.of());
    }

    @Test
    void transitionsCutWhereTheCutPointSays() {
        Edit e = read("transitions.aaf");
        assertEquals(521, e.timeline().duration().value());
        Track v = e.timeline().videoTracks().get(0);
        assertEquals(12, v.items().size());
        List<Transition> transitions = v.items().stream()
                .filter(Transition.class::isInstance)
                .map(Transition.class::cast)
                .toList();
        assertEquals(5, transitions.size());
        long[][] offsets = {{0, 12}, {48, 0}, {12, 12}, {24, 24}, {48, 0}};
        for (int i = 0; i < offsets.length; i++) {
            assertEquals(offsets[i][0], transitions.get(i).inOffsetFrames(), "transition " + i + " in");
            assertEquals(offsets[i][1], transitions.get(i).outOffsetFrames(), "transition " + i + " out");
        }
        List<Clip> clips = clips(v);
        long[][] source = {{86400, 117}, {86523, 77}, {55, 144}, {86400, 130}};
        for (int i = 0; i < source.length; i++) {
            assertEquals(
                    source[i][0],
                    clips.get(i).sourceRange().start().value(),
                    clips.get(i).name());
            assertEquals(
                    source[i][1],
                    clips.get(i).sourceRange().durationFrames(),
                    clips.get(i).name());
        }
        // filler 0/0, clip 0/117, clip 117/77, filler 194/53, clip 247/144, clip 391/130, filler 521/0
        long[][] record = {{0, 0}, {0, 117}, {117, 77}, {194, 53}, {247, 144}, {391, 130}, {521, 0}};
        assertTrue(Arrays.deepEquals(record, records(v).toArray(long[][]::new)));
    }

    @Test
    void premiereDropFrameStartsAtFiveHours() {
        Timeline t = read("2997fps-DFTC.aaf").timeline();
        assertEquals(FrameRate.FPS_29_97, t.rate());
        assertEquals(539460, t.globalStart().value());
        assertEquals(
                Boolean.TRUE,
                t.metadata().namespace(Edit.NAMESPACE).get("drop_frame").orElse(null));
    }

    @Test
    void premiereClipGainIsTheClipsLevel() {
        // each of the six sound clips sits in a "Mono Audio Gain" whose amplitude is 100000000/100000000
        Timeline t = read("2997fps-DFTC.aaf").timeline();
        assertEquals(6, t.audioTracks().size());
        for (Track a : t.audioTracks()) {
            Clip clip = clips(a).get(0);
            AudioLevel level = clip.audioLevel().orElseThrow(() -> new AssertionError("no level on " + a.name()));
            assertEquals(0.0, level.gainDb());
            assertTrue(level.keyframes().isEmpty());
            assertTrue(
                    clip.effects().stream().noneMatch(UnknownEffect.class::isInstance),
                    clip.effects().toString());
        }
    }

    @Test
    void mediaComposerTrackPanStaysNamedOnTheTrack() {
        Timeline t = read("simple.aaf").timeline();
        for (Track a : t.audioTracks()) {
            assertEquals(
                    List.of("Audio Pan"),
                    a.metadata().namespace("aaf").get("effects").orElse(null),
                    a.name());
            assertTrue(clips(a).stream().allMatch(c -> c.audioLevels().isEmpty()));
        }
    }

    @Test
    void aNestedSequenceIsANestOfTwoClips() {
        Edit e = read("nesting_test.aaf");
        Track v = e.timeline().videoTracks().get(0);
        assertEquals(3, v.items().size());
        List<Clip> clips = clips(v);
        assertEquals(24, clips.get(0).sourceRange().start().value());
        assertEquals(16, clips.get(0).sourceRange().durationFrames());
        assertEquals(86432, clips.get(2).sourceRange().start().value());
        assertEquals(16, clips.get(2).sourceRange().durationFrames());
        String key = clips.get(1)
                .metadata()
                .namespace(Edit.NAMESPACE)
                .string(Edit.NEST_KEY)
                .orElseThrow();
        List<Clip> nested = clips(e.nests().get(key).tracks().tracks().get(0));
        assertEquals(2, nested.size());
        assertEquals(40, nested.get(0).sourceRange().start().value());
        assertEquals(8, nested.get(0).sourceRange().durationFrames());
        assertEquals(86424, nested.get(1).sourceRange().start().value());
        assertEquals(8, nested.get(1).sourceRange().durationFrames());
        assertEquals("Frame Debugger 1h.mov", nested.get(1).name());
    }

    @Test
    void linearSpeedEffectsReadAsExactTimeScalars() {
        Track v = read("linear_speed_effects.aaf").timeline().videoTracks().get(0);
        assertEquals(20, v.items().size());
        List<Clip> clips = clips(v);
        assertTrue(clips.get(0).effects().isEmpty());
        List<TimeScalar> expected = List.of(
                TimeScalar.of(1, 2),
                TimeScalar.of(1, 3),
                TimeScalar.of(1, 4),
                TimeScalar.of(2, 1),
                TimeScalar.of(1, 1),
                TimeScalar.of(2, 3),
                TimeScalar.of(1, 2),
                TimeScalar.of(3, 1),
                TimeScalar.of(3, 2),
                TimeScalar.of(1, 1),
                TimeScalar.of(3, 4),
                TimeScalar.of(4, 1),
                TimeScalar.of(2, 1),
                TimeScalar.of(4, 3),
                TimeScalar.of(1, 1),
                TimeScalar.of(5, 1),
                TimeScalar.of(5, 2),
                TimeScalar.of(5, 3),
                TimeScalar.of(5, 4));
        for (int i = 1; i < clips.size(); i++) {
            assertEquals(1, clips.get(i).effects().size(), "clip " + i);
            LinearTimeWarp w = assertInstanceOf(
                    LinearTimeWarp.class, clips.get(i).effects().get(0));
            assertEquals(expected.get(i - 1), w.scalar(), "clip " + i);
        }
    }

    @Test
    void multitrackHasThreeVideoAndTwoAudioTracksAndLocators() {
        Timeline t = read("multitrack.aaf").timeline();
        assertEquals(3, t.videoTracks().size());
        assertEquals(2, t.audioTracks().size());
        long markers = t.tracks().tracks().stream()
                .flatMap(Track::clips)
                .mapToLong(c -> c.markers().size())
                .sum();
        assertEquals(3, markers, "one marker per locator of the three event slots");
    }

    @Test
    void timecodeTestReadsTheSecondClipFromOneHourAndOneSecond() {
        List<Clip> clips =
                clips(read("timecode_test.aaf").timeline().videoTracks().get(0));
        assertEquals(86424, clips.get(1).sourceRange().start().value());
        assertTrue(clips.get(0).sourceRange().start().value() != 86424);
        assertEquals("Frame Debugger 1h.mov", clips.get(1).name());
    }

    @Test
    void utf8NamesComeBackExact() {
        String tail = "ABCXYZñçêœ•∑´®†¥¨ˆøπ“‘åß∂ƒ©˙∆˚¬…æΩ≈ç√∫˜µ≤≥÷";
        Edit e = read("utf8.aaf");
        assertEquals("Sequence_" + tail + ".Exported.01", e.timeline().name());
        Clip first = clips(e.timeline().videoTracks().get(0)).get(0);
        assertEquals("Clip_" + tail, first.name());
        assertEquals("Comments_" + tail, comments(first).get("Comments"));
        assertEquals(37, tail.codePointCount(0, tail.length()) - 6);
    }

    @Test
    void aCompoundFileThatIsNotAafIsAParseErrorSayingSo() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (POIFSFileSystem fs = new POIFSFileSystem()) {
            fs.createDocument(new java.io.ByteArrayInputStream(new byte[] {1, 2, 3}), "WordDocument");
            fs.writeFilesystem(out);
        }
        GatewayException e = assertThrows(
                GatewayException.class, () -> reader.read(out.toByteArray(), "report.doc", ReadOptions.defaults()));
        assertEquals(Reason.PARSE_ERROR, e.reason());
        assertTrue(e.getMessage().contains("report.doc") && e.getMessage().contains("not AAF"), e.getMessage());
    }

    @Test
    void aTruncatedAafIsAParseErrorNamingTheFile() throws IOException {
        byte[] whole = Files.readAllBytes(Corpora.file("aaf/simple.aaf"));
        for (int keep : new int[] {8, 512, whole.length / 3, whole.length / 2, whole.length - 4096}) {
            byte[] cut = Arrays.copyOf(whole, keep);
            GatewayException e = assertThrows(
                    GatewayException.class,
                    () -> reader.read(cut, "cut.aaf", ReadOptions.defaults()),
                    "kept " + keep + " bytes");
            assertEquals(Reason.PARSE_ERROR, e.reason(), e.getMessage());
            assertTrue(e.getMessage().startsWith("cut.aaf"), e.getMessage());
        }
    }

    @Test
    void flippedBytesEndInATimelineOrAParseErrorNeverAnotherFailure() throws IOException {
        byte[] whole = Files.readAllBytes(Corpora.file("aaf/transitions.aaf"));
        Random random = new Random(20261207);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        for (int run = 0; run < 120 && System.nanoTime() < deadline; run++) {
            byte[] bad = whole.clone();
            for (int k = 0; k < 8; k++) {
                bad[random.nextInt(bad.length)] ^= (byte) (1 << random.nextInt(8));
            }
            try {
                reader.read(bad, "flipped.aaf", ReadOptions.defaults());
            } catch (GatewayException e) {
                assertEquals(Reason.PARSE_ERROR, e.reason(), "run " + run + ": " + e.getMessage());
            }
        }
    }
}
