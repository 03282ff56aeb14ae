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
import gateway.relink.read.EditProblem;
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
            assertTrue(e.problems().stream().noneMatch(p -> p.message().contains("version")), f + ": " + e.problems());
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
        assertEquals("OTIO TEST - transitions.Exported.01", e.timeline().name());
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
        assertEquals("Frame Debugger 0h.mov", clips.get(0).name());
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
        assertEquals(7, flattenedItems(t.videoTracks()), "upstream: as Media Composer flattens (preflattened.aaf)");
    }

    /**
     * The items of the video tracks flattened as Media Composer does (the upper track wins where it has a
     * clip): runs of frames showing the same clip of the same track, and runs of frames showing nothing.
     */
    private static int flattenedItems(List<Track> video) {
        long length = video.stream()
                .mapToLong(t -> t.items().stream()
                        .filter(i -> !(i instanceof Transition))
                        .mapToLong(i -> i.duration().value())
                        .sum())
                .max()
                .orElse(0);
        Object[] shown = new Object[(int) length];
        for (Track track : video) { // lowest first: upper tracks overwrite
            long at = 0;
            for (Item i : track.items()) {
                if (i instanceof Transition) {
                    continue;
                }
                for (long f = at; f < at + i.duration().value(); f++) {
                    if (i instanceof Clip) {
                        shown[(int) f] = i;
                    }
                }
                at += i.duration().value();
            }
        }
        int items = 0;
        for (int f = 0; f < shown.length; f++) {
            if (f == 0 || shown[f] != shown[f - 1]) {
                items++;
            }
        }
        return items;
    }

    @Test
    void essenceGroupTimelineIsTwelveFramesLong() {
        assertEquals(12, read("essence_group.aaf").timeline().duration().value());
    }

    /**
     * essence_group.aaf: V1 plays a Title_2 effect whose inputs are the track below (a ScopeReference),
     * the fill and the matte, each a SourceClip of master mob 'ATL' whose slots are EssenceGroups. The
     * fill's first choice leads to the file mob ATL.PHYS and on to 'ATL' with a timecode track at
     * 01:00:00:00. Was a nest of a 12-frame gap (the background input), so a conform had no row.
     */
    @Test
    void essenceGroupReadsAsTheTitleFillsFirstChoice(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Edit e = read("essence_group.aaf");
        assertEquals(Map.of(), e.nests(), "no nest: the title's background is the track below, not media");
        List<Track> video = e.timeline().videoTracks();
        assertEquals(1, video.size());
        assertEquals(1, video.get(0).items().size());
        Clip clip = assertInstanceOf(Clip.class, video.get(0).items().get(0));
        assertEquals("ATL", clip.name());
        assertEquals(12, clip.sourceRange().durationFrames());
        assertEquals(86400, clip.sourceRange().start().value(), "01:00:00:00 at 24 fps, the source mob's timecode");
        MissingReference ref = assertInstanceOf(MissingReference.class, clip.activeReference());
        assertEquals("ATL1539292652V05BBFBDECV.mxf", ref.sourceFile());
        assertEquals("//VSD/Soul_Render_1/Avid MediaFiles/MXF/gecko.1/ATL1539292652V05BBFBDECV.mxf", ref.path());
        assertEquals(
                "Title_2",
                assertInstanceOf(UnknownEffect.class, clip.effects().get(0)).name());

        gateway.relink.ConformResult r = new gateway.relink.Conform(new gateway.relink.link.InMemoryCatalogue())
                .conform(new gateway.relink.ConformRequest(
                        Corpora.file("aaf/essence_group.aaf"),
                        new gateway.model.asset.ProjectId("avid"),
                        dir.resolve("out"),
                        FrameRate.FPS_24,
                        false,
                        0,
                        gateway.relink.TargetFormat.OTIO));
        com.fasterxml.jackson.databind.JsonNode events = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(r.reportJson().toFile())
                .path("events");
        assertEquals(1, events.size(), events.toPrettyString());
        assertEquals("1", events.get(0).path("event").asText(), events.toPrettyString());
        assertTrue(events.get(0).toString().contains("ATL"), events.toPrettyString());
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

    @Test
    void anAafOfAnUnknownVersionIsReadAndTheVersionNamedAsAProblem() throws IOException {
        byte[] v9 = rewrite(Files.readAllBytes(Corpora.file("aaf/trims.aaf")), (props, order) -> {
            byte[] version = props.get(0x3B05); // Header::Version, major and minor
            if (version != null) {
                version[0] = 9;
                version[1] = 0;
            }
        });

        Edit e = reader.read(v9, "v9.aaf", ReadOptions.defaults());

        assertEquals(6, e.timeline().videoTracks().get(0).items().size(), "still read");
        assertTrue(
                e.problems().stream().anyMatch(p -> p.message()
                        .equals("v9.aaf: AAF version 9.0 is not one this reader knows (1.0 to 1.2);"
                                + " read as AAF 1.1, check every event")),
                e.problems().toString());
    }

    @Test
    void aClipWhoseMobIdResolvesToNothingIsNamedWithItsTrackAndTheMobId() throws IOException {
        byte[][] lost = new byte[1][];
        byte[] broken = rewrite(Files.readAllBytes(Corpora.file("aaf/trims.aaf")), (props, order) -> {
            byte[] name = props.get(0x4402); // Mob::Name
            byte[] id = props.get(0x4401); // Mob::MobID
            if (name != null && id != null && utf16(name).equals("KOLL-HD.mp4")) {
                lost[0] = id.clone();
                id[id.length - 1] ^= (byte) 0x5A; // no clip's SourceID names this mob any more
            }
        });
        assertTrue(lost[0] != null, "trims.aaf has a mob named KOLL-HD.mp4");

        Edit e = reader.read(broken, "lost.aaf", ReadOptions.defaults());

        Track v = e.timeline().videoTracks().get(0);
        List<Clip> clips = clips(v);
        assertEquals(5, clips.size(), "the event stays, unresolved");
        assertEquals("tech.fux (loop)-HD.mp4", clips.get(0).name());
        Clip koll = clips.get(3);
        assertEquals(0, koll.sourceRange().start().value(), "the record length and source start stay");
        assertEquals(559, koll.sourceRange().durationFrames());
        List<String> named = e.problems().stream()
                .map(EditProblem::message)
                .filter(m -> m.contains("is not in the file"))
                .toList();
        assertTrue(!named.isEmpty(), e.problems().toString());
        assertTrue(named.stream().allMatch(m -> m.contains("(mob ")), named.toString());
        assertTrue(
                named.stream().anyMatch(m -> m.startsWith(v.name()) || m.contains(v.name())),
                "names the track: " + named);
    }

    @Test
    void theConformReportNamesTheUnknownVersionAndTheUnresolvedClipsEvent(@org.junit.jupiter.api.io.TempDir Path dir)
            throws IOException {
        byte[] broken = rewrite(Files.readAllBytes(Corpora.file("aaf/trims.aaf")), (props, order) -> {
            byte[] version = props.get(0x3B05);
            if (version != null) {
                version[0] = 9;
            }
            byte[] name = props.get(0x4402);
            byte[] id = props.get(0x4401);
            if (name != null && id != null && utf16(name).equals("KOLL-HD.mp4")) {
                id[id.length - 1] ^= (byte) 0x5A;
            }
        });
        Path aaf = Files.write(dir.resolve("broken.aaf"), broken);

        gateway.relink.ConformResult r = new gateway.relink.Conform(new gateway.relink.link.InMemoryCatalogue())
                .conform(new gateway.relink.ConformRequest(
                        aaf,
                        new gateway.model.asset.ProjectId("avid"),
                        dir.resolve("out"),
                        FrameRate.FPS_24,
                        false,
                        0,
                        gateway.relink.TargetFormat.OTIO));

        com.fasterxml.jackson.databind.JsonNode report = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(r.reportJson().toFile());
        assertTrue(
                report.path("problems").toString().contains("AAF version 9.1 is not one this reader knows"),
                report.toString());
        List<com.fasterxml.jackson.databind.JsonNode> lost = new ArrayList<>();
        report.path("events").forEach(e -> {
            if (e.path("message").asText().contains("is not in the file")) {
                lost.add(e);
            }
        });
        // KOLL-HD.mp4 is the 4th clip of the picture track and of both sound tracks
        assertEquals(3, lost.size(), "a row per track names the unresolved mob: " + report.toPrettyString());
        for (com.fasterxml.jackson.databind.JsonNode row : lost) {
            assertEquals("4", row.path("event").asText(), row.toString());
            assertEquals("unmatched", row.path("status").asText(), row.toString());
            assertTrue(
                    row.path("message")
                            .asText()
                            .matches("no asset in project avid with no name at all \\(its source \\(mob [0-9a-f]{64}\\)"
                                    + " is not in the file\\).*"),
                    row.toString());
        }
    }

    /**
     * Filler is not an event: a track's rows are numbered 1, 2, 3 ... as its clips, with no hole
     * where the editor left space (was the item's index: rows 1, 2, 3, 4, 6 around a filler), and
     * the HTML report has no line column (an AAF has no lines).
     */
    @Test
    void everyCorpusAafNumbersItsEventsAsItsClipsAndShowsNoLineColumn(@org.junit.jupiter.api.io.TempDir Path dir)
            throws IOException {
        int filled = 0;
        for (Path f : Corpora.files("aaf", ".aaf")) {
            Edit e = reader.read(f, ReadOptions.defaults());
            for (Track t : e.timeline().tracks().tracks()) {
                boolean clipSeen = false;
                for (Item i : t.items()) {
                    clipSeen |= i instanceof Clip;
                    if (clipSeen
                            && i instanceof Gap
                            && t.items().indexOf(i) < t.items().size() - 1) {
                        filled++; // a filler with a clip before it and something after: the case this checks
                    }
                }
            }
            Path out = dir.resolve(f.getFileName().toString());
            gateway.relink.ConformResult r = new gateway.relink.Conform(new gateway.relink.link.InMemoryCatalogue())
                    .conform(new gateway.relink.ConformRequest(
                            f,
                            new gateway.model.asset.ProjectId("avid"),
                            out,
                            FrameRate.FPS_24,
                            false,
                            0,
                            gateway.relink.TargetFormat.OTIO));
            com.fasterxml.jackson.databind.JsonNode report = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(r.reportJson().toFile());
            // rows in track order, each track's clips in order (a track's name may repeat: Premiere's
            // slots are all "Audio 1"); a new track starts again at 1
            List<String> seen = new ArrayList<>();
            String track = null;
            int last = 0;
            for (com.fasterxml.jackson.databind.JsonNode row : report.path("events")) {
                // a nest's clips are rows of the event that plays the nest
                com.fasterxml.jackson.databind.JsonNode nest = row.path("nest");
                int n = Integer.parseInt(
                        nest.isNull()
                                ? row.path("event").asText()
                                : nest.path("parent_event").asText());
                if (!nest.isNull() && n == last && row.path("track").asText().equals(track)) {
                    seen.add(row.path("track").asText() + ":" + n + "("
                            + row.path("event").asText() + ")");
                    continue;
                }
                seen.add(row.path("track").asText() + ":" + n);
                boolean newTrack = !row.path("track").asText().equals(track) || n == 1;
                assertEquals(newTrack ? 1 : last + 1, n, f.getFileName() + " rows " + seen);
                track = row.path("track").asText();
                last = n;
            }
            System.out.println("AAF events " + f.getFileName() + ": " + seen);
            String html = Files.readString(r.reportHtml());
            assertTrue(!html.contains("<th>line</th>"), f.getFileName() + ": no line column");
        }
        assertTrue(filled > 0, "the corpus has filler between clips");
    }

    private static String utf16(byte[] b) {
        int end = 0;
        while (end + 1 < b.length && (b[end] != 0 || b[end + 1] != 0)) {
            end += 2;
        }
        return new String(b, 0, end, java.nio.charset.StandardCharsets.UTF_16LE);
    }

    /** An edit of an AAF's property values: pid to value (change in place, same length). */
    private interface PropertyEdit {
        void apply(Map<Integer, byte[]> properties, java.nio.ByteOrder order);
    }

    /**
     * {@code aaf} with {@code edit} applied to every object's {@code properties} stream (a header of
     * byte order, version, count; then per property its id, stored form and length; then the values).
     */
    private static byte[] rewrite(byte[] aaf, PropertyEdit edit) throws IOException {
        try (POIFSFileSystem fs = new POIFSFileSystem(new java.io.ByteArrayInputStream(aaf))) {
            rewrite(fs.getRoot(), edit);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            fs.writeFilesystem(out);
            return out.toByteArray();
        }
    }

    private static void rewrite(org.apache.poi.poifs.filesystem.DirectoryEntry dir, PropertyEdit edit)
            throws IOException {
        List<org.apache.poi.poifs.filesystem.Entry> entries = new ArrayList<>();
        dir.getEntries().forEachRemaining(entries::add);
        for (org.apache.poi.poifs.filesystem.Entry entry : entries) {
            if (entry instanceof org.apache.poi.poifs.filesystem.DirectoryEntry d) {
                rewrite(d, edit);
            } else if (entry.getName().equals("properties")) {
                byte[] bytes;
                try (var in = new org.apache.poi.poifs.filesystem.DocumentInputStream(
                        (org.apache.poi.poifs.filesystem.DocumentEntry) entry)) {
                    bytes = in.readAllBytes();
                }
                java.nio.ByteOrder order =
                        bytes[0] == 'B' ? java.nio.ByteOrder.BIG_ENDIAN : java.nio.ByteOrder.LITTLE_ENDIAN;
                java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(bytes).order(order);
                int count = Short.toUnsignedInt(b.getShort(2));
                Map<Integer, byte[]> values = new java.util.LinkedHashMap<>();
                int[] offsets = new int[count];
                int at = 4 + 6 * count;
                for (int i = 0; i < count; i++) {
                    int pid = Short.toUnsignedInt(b.getShort(4 + 6 * i));
                    int length = Short.toUnsignedInt(b.getShort(4 + 6 * i + 4));
                    offsets[i] = at;
                    values.put(pid, Arrays.copyOfRange(bytes, at, at + length));
                    at += length;
                }
                edit.apply(values, order);
                int i = 0;
                for (byte[] v : values.values()) {
                    System.arraycopy(v, 0, bytes, offsets[i++], v.length);
                }
                ((org.apache.poi.poifs.filesystem.DirectoryNode) dir)
                        .createOrUpdateDocument("properties", new java.io.ByteArrayInputStream(bytes));
            }
        }
    }
}
