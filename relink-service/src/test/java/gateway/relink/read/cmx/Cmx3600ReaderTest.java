package gateway.relink.read.cmx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.model.time.FrameRate;
import gateway.model.time.TimeRange;
import gateway.model.time.Timecode;
import gateway.model.timeline.Clip;
import gateway.model.timeline.FreezeFrame;
import gateway.model.timeline.Gap;
import gateway.model.timeline.Item;
import gateway.model.timeline.LinearTimeWarp;
import gateway.model.timeline.MarkerColor;
import gateway.model.timeline.MissingReference;
import gateway.model.timeline.TimeScalar;
import gateway.model.timeline.Track;
import gateway.model.timeline.Transition;
import gateway.model.timeline.TransitionKind;
import gateway.relink.read.Edit;
import gateway.relink.read.InvalidEvent;
import gateway.relink.read.ReadOptions;
import gateway.testing.Corpora;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class Cmx3600ReaderTest {
    private static final FrameRate R24 = FrameRate.FPS_24;
    private static final FrameRate R25 = FrameRate.FPS_25;
    private final Cmx3600Reader reader = new Cmx3600Reader();

    private Edit read(String file, FrameRate rate) {
        return reader.read(Corpora.cmx(file), ReadOptions.at(rate));
    }

    private Edit readText(String text, ReadOptions options) {
        return reader.read(text.getBytes(StandardCharsets.UTF_8), "test.edl", options);
    }

    private static Track v1(Edit edit) {
        return edit.timeline().tracks().tracks().get(0);
    }

    private static Clip clip(Track t, int i) {
        return assertInstanceOf(Clip.class, t.items().get(i));
    }

    private static long tc(String text, FrameRate rate) {
        return Timecode.parse(text, rate, false).toFrames();
    }

    private static List<Long> durations(Track t) {
        return t.items().stream()
                .map(i -> i instanceof Transition tr
                        ? tr.lengthFrames()
                        : i.duration().value())
                .toList();
    }

    @Test
    void fps25ListParsesAt25AndKeepsTheReelExtension() {
        Edit edit = read("25fps.edl", R25);
        Track v = v1(edit);
        assertEquals(List.of(161L, 200L, 86L, 49L), durations(v));
        MissingReference ref =
                assertInstanceOf(MissingReference.class, clip(v, 0).activeReference());
        assertEquals("SC00.JPG", ref.reel());
        assertEquals("sq001_s001", clip(v, 0).name());
        assertTrue(edit.invalidEvents().isEmpty());
        assertEquals("SQ0002_A2", edit.timeline().name());
    }

    @Test
    void fps25ListAt24HasAnInvalidEventWithItsLine() {
        Edit edit = read("25fps.edl", R24);
        InvalidEvent bad = edit.invalidEvents().get(0);
        assertEquals("004", bad.event());
        assertEquals(13, bad.line());
        assertTrue(bad.problem().contains("01:00:01:24"), bad.problem());
        assertEquals(3, v1(edit).clips().count(), "the rest of the list is read");
        Path at25 = Corpora.cmx("25fps.edl");
        GatewayException e = assertThrows(
                GatewayException.class,
                () -> reader.read(at25, ReadOptions.at(R24).strictly()));
        assertEquals(Reason.PARSE_ERROR, e.reason());
        assertTrue(e.getMessage().contains("line 13"), e.getMessage());
    }

    @Test
    void recordGapsBecomeGaps() {
        Edit edit = read("gap_test.edl", R24);
        Track v = v1(edit);
        assertEquals(5, v.items().size());
        assertInstanceOf(Gap.class, v.items().get(1));
        assertInstanceOf(Gap.class, v.items().get(3));
        assertEquals(List.of(24L, 16L, 24L, 38L, 24L), durations(v));
        assertEquals(
                List.of(
                        TimeRange.of(0, 24, R24),
                        TimeRange.of(24, 16, R24),
                        TimeRange.of(40, 24, R24),
                        TimeRange.of(64, 38, R24),
                        TimeRange.of(102, 24, R24)),
                v.items().stream().map(v::rangeOf).toList());
        assertEquals(126, edit.timeline().duration().value());
        assertEquals(tc("23:00:00:00", R24), clip(v, 2).sourceRange().start().value());
        assertEquals("shot2", clip(v, 2).name(), "FROM CLIP NAME without a star is still read");
    }

    @Test
    void dissolveAtTheCut() {
        Track v = v1(read("dissolve_test.edl", R24));
        assertEquals(4, v.items().size());
        Clip a = clip(v, 0);
        assertEquals("clip_A", a.name());
        assertEquals(9, a.duration().value());
        assertEquals(19, v.visibleRangeOf(a).durationFrames());
        Transition t = assertInstanceOf(Transition.class, v.items().get(1));
        assertEquals(TransitionKind.DISSOLVE, t.kind());
        assertEquals(0, t.inOffsetFrames());
        assertEquals(10, t.outOffsetFrames());
        assertEquals("Dissolve from clip_A to clip_B", t.name());
        Clip b = clip(v, 2);
        assertEquals("clip_B", b.name());
        assertEquals(10, b.duration().value());
        assertEquals(tc("01:00:08:08", R24), b.sourceRange().start().value());
        assertEquals(TimeRange.of(9, 10, R24), v.rangeOf(b));
        assertEquals(1, clip(v, 3).duration().value());
    }

    @Test
    void dissolveInTheMiddle() {
        Track v = v1(read("dissolve_test_2.edl", R24));
        assertEquals(List.of(5L, 10L, 10L, 5L), durations(v));
        assertEquals(15, v.visibleRangeOf(clip(v, 0)).durationFrames());
        assertEquals(tc("01:00:08:04", R24), clip(v, 2).sourceRange().start().value());
    }

    @Test
    void dissolveFromAnotherSourceKeepsAZeroLengthOutgoingClip() {
        Track v = v1(read("dissolve_test_3.edl", R24));
        assertEquals(5, v.items().size());
        assertEquals(List.of(61L, 0L, 30L, 30L, 46L), durations(v));
        assertEquals("Clip_B.mov", clip(v, 1).name());
        assertEquals(30, v.visibleRangeOf(clip(v, 1)).durationFrames());
        assertEquals("Clip_C.mov", clip(v, 3).name());
        assertEquals(tc("01:00:33:22", R24), clip(v, 3).sourceRange().start().value());
        assertEquals(86400, clip(v, 4).sourceRange().start().value());
    }

    @Test
    void chainedDissolvesWithEventNumberJump() {
        Track v = v1(read("dissolve_test_4.edl", R24));
        assertEquals(List.of(30L, 51L, 35L, 81L, 64L, 84L, 96L, 135L), durations(v));
        assertInstanceOf(Transition.class, v.items().get(2));
        assertInstanceOf(Transition.class, v.items().get(4));
        assertEquals(
                "060", clip(v, 7).metadata().namespace("edit").string("event").orElseThrow());
    }

    @Test
    void transitionDurationComesFromTheDurationField() {
        Track v = v1(read("transition_duration.edl", R24));
        assertEquals(5, v.items().size());
        Transition t = assertInstanceOf(Transition.class, v.items().get(2));
        assertEquals(26, t.lengthFrames());
    }

    @Test
    void transitionWhoseEventNumberDoesNotMatchFailsStrictly() {
        Path failing = Corpora.cmx("dissolve_test_fail.edl"); // outside assertThrows: no corpora aborts
        GatewayException e = assertThrows(
                GatewayException.class,
                () -> reader.read(failing, ReadOptions.at(R24).strictly()));
        assertEquals(Reason.PARSE_ERROR, e.reason());
        assertTrue(e.getMessage().contains("line 6"), e.getMessage());
        Edit lenient = read("dissolve_test_fail.edl", R24);
        assertTrue(lenient.problems().stream().anyMatch(p -> p.line() == 6));
        assertInstanceOf(Transition.class, v1(lenient).items().get(1));
    }

    @Test
    void wipeIsATransitionWithItsCode() {
        Track v = v1(read("wipe_test.edl", R24));
        assertEquals(4, v.items().size());
        Transition w = assertInstanceOf(Transition.class, v.items().get(1));
        assertEquals(TransitionKind.WIPE, w.kind());
        assertEquals("W001", w.kindName());
        assertEquals(10, w.lengthFrames());
        assertEquals(19, v.visibleRangeOf(clip(v, 0)).durationFrames());
    }

    @Test
    void timecodeMismatchFailsStrictlyAndTrustsTheSourceLeniently() {
        Path mismatch = Corpora.cmx("timecode_mismatch.edl"); // outside assertThrows: no corpora aborts
        GatewayException e = assertThrows(
                GatewayException.class,
                () -> reader.read(mismatch, ReadOptions.at(R25).strictly()));
        assertTrue(e.getMessage().contains("line 13"), e.getMessage());
        Edit edit = read("timecode_mismatch.edl", R25);
        Track v = v1(edit);
        long clips = edit.timeline().tracks().tracks().stream()
                .mapToLong(t -> t.clips().count())
                .sum();
        assertEquals(20, clips, "every event is placed");
        assertEquals(
                List.of(13, 16, 28, 31, 34),
                edit.problems().stream().map(p -> p.line()).toList(),
                "four mismatches and the overlap that trusting the source makes");
        assertEquals("V2", edit.timeline().tracks().tracks().get(1).name());
        Clip fourth = clip(v, 3);
        assertEquals(49, fourth.duration().value());
        assertEquals(
                tc("00:00:17:22", R25),
                edit.timeline().globalStart().value()
                        + v.rangeOf(fourth).start().value());
        List<?> problems =
                (List<?>) fourth.metadata().namespace("edit").get("problems").orElseThrow();
        assertTrue(problems.get(0).toString().contains("trusting the source"));
        assertTrue(edit.problems().stream().anyMatch(p -> p.line() == 13));
    }

    @Test
    void screeningExample() {
        Edit edit = read("screening_example.edl", R24);
        assertEquals(tc("00:59:53:11", R24), edit.timeline().globalStart().value());
        Track v = v1(edit);
        assertEquals(9, v.items().size());
        List<String> durations = List.of(
                "00:00:01:07",
                "00:00:02:02",
                "00:00:01:04",
                "00:00:04:19",
                "00:00:04:05",
                "00:00:06:17",
                "00:00:07:02",
                "00:00:05:16",
                "00:00:10:17");
        for (int i = 0; i < 9; i++) {
            assertEquals(tc(durations.get(i), R24), clip(v, i).duration().value(), "clip " + i);
        }
        Clip c4 = clip(v, 3);
        assertEquals("ZZ100_504C (LAY1)", c4.name());
        assertEquals(2, c4.markers().size());
        assertEquals("ANIM FIX NEEDED", c4.markers().get(0).name());
        assertEquals(MarkerColor.RED, c4.markers().get(0).color());
        assertEquals(MarkerColor.PINK, c4.markers().get(1).color());
        // LOC 01:00:01:14 is record time; event 004 records from 00:59:58:00 at source 01:00:10:01
        long expected = tc("01:00:10:01", R24) + tc("01:00:01:14", R24) - tc("00:59:58:00", R24);
        assertEquals(expected, c4.markers().get(0).markedRange().start().value());
        assertEquals("", clip(v, 6).markers().get(0).name());
        assertEquals(MarkerColor.GREEN, clip(v, 6).markers().get(0).color());
        MissingReference ref =
                assertInstanceOf(MissingReference.class, clip(v, 0).activeReference());
        assertEquals("ZZ100_50", ref.reel());
        assertEquals("ZZ100_501 (LAY3)", ref.clipName());
        assertEquals("ZZ100_501.LAY3.01", ref.sourceFile());
    }

    @Test
    void noSpacesVariantReadsLikeTheScreeningExample() {
        Track a = v1(read("screening_example.edl", R24));
        Track b = v1(read("no_spaces_test.edl", R24));
        assertEquals(a.items().size(), b.items().size());
        for (int i = 0; i < a.items().size(); i++) {
            assertEquals(clip(a, i).name(), clip(b, i).name());
            assertEquals(clip(a, i).sourceRange(), clip(b, i).sourceRange());
            assertEquals(clip(a, i).markers().size(), clip(b, i).markers().size());
            assertEquals(
                    a.rangeOf(i, java.math.RoundingMode.UNNECESSARY), b.rangeOf(i, java.math.RoundingMode.UNNECESSARY));
        }
    }

    @Test
    void avidAndNucodaCarryTheSourceFile() {
        for (String file : List.of("avid_example.edl", "nucoda_example.edl")) {
            Track v = v1(read(file, R24));
            assertEquals(2, v.items().size());
            assertEquals("take_1", clip(v, 0).name());
            assertEquals(tc("00:00:01:07", R24), clip(v, 0).duration().value());
            assertEquals(tc("00:00:02:02", R24), clip(v, 1).duration().value());
            MissingReference ref =
                    assertInstanceOf(MissingReference.class, clip(v, 0).activeReference());
            assertEquals("S:\\path\\to\\ZZ100_501.take_1.0001.exr", ref.path(), file);
        }
        Track p = v1(read("premiere_example.edl", R24));
        assertEquals("ZZ100_501.take_1.0001.exr", clip(p, 0).name());
    }

    @Test
    void ascCdlIsKeptAsMetadata() {
        Track v = v1(read("cdl.edl", R24));
        for (int i = 0; i < 2; i++) {
            var cmx = clip(v, i).metadata().namespace("cmx_3600");
            assertEquals(
                    List.of(new BigDecimal("1.0"), new BigDecimal("-0.0122"), new BigDecimal("0.0305")),
                    cmx.namespace("asc_sop").get("offset").orElseThrow());
            assertEquals(new BigDecimal("0.9"), cmx.get("asc_sat").orElseThrow());
        }
    }

    @Test
    void speedEffects() {
        Edit edit = read("speed_effects.edl", R24);
        assertEquals(tc("00:21:03:18", R24), edit.timeline().duration().value());
        Track v = v1(edit);
        long effects = v.clips().filter(c -> !c.effects().isEmpty()).count();
        assertEquals(17, effects);
        Clip freeze = clip(v, 182);
        assertEquals("Z682_156 (LAY3)", freeze.name());
        assertInstanceOf(FreezeFrame.class, freeze.effects().get(0));
        assertEquals(17, freeze.duration().value());
        assertEquals(TimeRange.of(tc("00:08:30:00", R24), 17, R24), v.rangeOf(freeze));
        assertEquals(1, freeze.mediaRange().durationFrames());
        assertEquals(
                "Z682_156 (LAY3) FF",
                freeze.metadata().namespace("cmx_3600").string("clip_name").orElseThrow());
        Clip warp = clip(v, 281);
        assertEquals("Z686_5A (LAY2) (47.56 FPS)", warp.name());
        LinearTimeWarp w = assertInstanceOf(LinearTimeWarp.class, warp.effects().get(0));
        assertEquals(TimeScalar.of(119, 60), w.scalar());
        assertEquals(TimeRange.of(tc("00:11:31:16", R24), 36, R24), v.rangeOf(warp));
    }

    @Test
    void audioChannelsMakeAudioTracks() {
        Edit edit = read("multi_audio.edl", R24);
        List<Track> audio = edit.timeline().audioTracks();
        assertEquals(List.of("A1", "A2", "A3"), audio.stream().map(Track::name).toList(), "AA + AUD 3");
        for (Track t : audio) {
            assertEquals("AX", clip(t, 0).name());
            assertEquals(
                    TimeRange.of(0, tc("00:56:55:22", R24), R24), clip(t, 0).sourceRange());
        }
        assertTrue(edit.timeline().videoTracks().isEmpty());
    }

    @Test
    void channelFieldVariants() {
        String list = """
                TITLE: channels
                001  R1 B     C        01:00:00:00 01:00:01:00 01:00:00:00 01:00:01:00
                002  R2 A4    C        01:00:00:00 01:00:01:00 01:00:01:00 01:00:02:00
                003  R3 AA/V  C        01:00:00:00 01:00:01:00 01:00:02:00 01:00:03:00
                004  R4 A12   C        01:00:00:00 01:00:01:00 01:00:03:00 01:00:04:00
                005  R5 V     C        01:00:00:00 01:00:01:00 01:00:04:00 01:00:05:00
                AUD  3    4
                """;
        Edit edit = readText(list, ReadOptions.at(R24));
        List<String> names =
                edit.timeline().tracks().tracks().stream().map(Track::name).toList();
        assertEquals(List.of("V1", "A1", "A2", "A3", "A4", "A12"), names);
        Track a4 = edit.timeline().tracks().tracks().get(4);
        assertEquals(List.of("R2", "R5"), a4.clips().map(Clip::name).toList());
    }

    @Test
    void tabsFrameCountsAndLongEventNumbers() {
        Edit tabs = readText("001  Z10 V  C\t\t01:00:04:05 01:00:05:12 00:59:53:11 00:59:54:18", ReadOptions.at(R24));
        Clip c = clip(v1(tabs), 0);
        assertEquals(86501, c.sourceRange().start().value());
        assertEquals(31, c.duration().value());
        Edit frames = readText("""
                1 CLPA V C     113 170 0 57
                2 CLPA V C     170 170 57 57
                2 CLPB V D 027 162 189 57 84
                3 CLPB V C     189 381 84 276
                """, ReadOptions.at(R24));
        Track v = v1(frames);
        assertEquals(276, frames.timeline().duration().value());
        assertEquals(List.of(57L, 27L, 27L, 192L), durations(v));
        assertEquals(84, v.visibleRangeOf(clip(v, 0)).durationFrames());
        Edit longNumbers = readText(
                "000123  A012345678901234567890123456789.mov V C 00:00:00:00 00:00:01:00 00:00:00:00 00:00:01:00",
                ReadOptions.at(R24));
        Clip l = clip(v1(longNumbers), 0);
        assertEquals("000123", l.metadata().namespace("edit").string("event").orElseThrow());
        assertEquals("A012345678901234567890123456789.mov", ((MissingReference) l.activeReference()).reel());
    }

    @Test
    void latin1ListIsDecoded() {
        byte[] bytes = ("TITLE: caf\u00e9\n001  R1 V C 00:00:00:00 00:00:01:00 00:00:00:00 00:00:01:00\n"
                        + "* FROM CLIP NAME: Ren\u00e9e\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        Edit edit = reader.read(bytes, "latin1.edl", ReadOptions.at(R24));
        assertEquals("café", edit.timeline().name());
        assertEquals("Renée", clip(v1(edit), 0).name());
    }

    @Test
    void truncatedListReportsTheLineItStoppedAt() {
        String list = """
                TITLE: cut short
                001  R1 V C 00:00:00:00 00:00:01:00 00:00:00:00 00:00:01:00
                002  R2 V C 00:00:00:00 00:00:01:00 00:00:01:00 00:00:02:00
                003  R3 V C 00:00:00:00 00:00:0""";
        Edit edit = readText(list, ReadOptions.at(R24));
        assertEquals(2, v1(edit).clips().count());
        InvalidEvent cut = edit.invalidEvents().get(0);
        assertEquals(4, cut.line());
        assertTrue(cut.problem().contains("ends at line 4"), cut.problem());
        GatewayException e = assertThrows(
                GatewayException.class, () -> readText(list, ReadOptions.at(R24).strictly()));
        assertTrue(e.getMessage().contains("line 4"), e.getMessage());
    }

    @Test
    void recordOutBeforeRecordInIsAnInvalidEventAndReadingGoesOn() {
        String list = """
                001  R1 V C 00:00:00:00 00:00:01:00 00:00:00:00 00:00:01:00
                002  R2 V C 00:00:00:00 00:00:01:00 00:00:02:00 00:00:01:00
                003  R3 V C 00:00:00:00 00:00:01:00 00:00:01:00 00:00:02:00
                """;
        Edit edit = readText(list, ReadOptions.at(R24));
        assertEquals(List.of("R1", "R3"), v1(edit).clips().map(Clip::name).toList());
        assertEquals("002", edit.invalidEvents().get(0).event());
        assertEquals(2, edit.invalidEvents().get(0).line());
        assertTrue(edit.invalidEvents().get(0).problem().contains("record out"));
    }

    @Test
    void frameCodeModeChangesMidList() {
        String list = """
                FCM: DROP FRAME
                001  R1 V C 00:01:00;02 00:01:01;02 00:00:00;00 00:00:01;00
                FCM: NON-DROP FRAME
                002  R2 V C 00:01:00:02 00:01:01:02 00:00:01:00 00:00:02:00
                """;
        Edit edit = readText(list, ReadOptions.at(FrameRate.FPS_29_97));
        Track v = v1(edit);
        assertEquals(1800, clip(v, 0).sourceRange().start().value(), "00:01:00;02 drop-frame");
        assertEquals(1802, clip(v, 1).sourceRange().start().value(), "00:01:00:02 non-drop");
        assertEquals(
                Boolean.TRUE,
                clip(v, 0).metadata().namespace("edit").get("drop_frame").orElseThrow());
        assertEquals(
                Boolean.FALSE,
                clip(v, 1).metadata().namespace("edit").get("drop_frame").orElseThrow());
    }

    @Test
    void overlappingRecordGoesToASecondTrackLeniently() {
        String list = """
                001  R1 V C 00:00:00:00 00:00:01:00 00:00:00:00 00:00:01:00
                002  R2 V C 00:00:00:00 00:00:01:00 00:00:00:12 00:00:01:12
                """;
        Edit edit = readText(list, ReadOptions.at(R24));
        assertEquals(
                List.of("V1", "V2"),
                edit.timeline().tracks().tracks().stream().map(Track::name).toList());
        assertThrows(
                GatewayException.class, () -> readText(list, ReadOptions.at(R24).strictly()));
    }

    @Test
    void pythonEdlListsAtTheirRates() {
        Edit at24 = reader.read(Corpora.pythonEdl("test_24.edl"), ReadOptions.at(R24));
        InvalidEvent first = at24.invalidEvents().get(0);
        assertEquals("001", first.event());
        assertEquals(1440, first.sourceLength(), "01:00:00:00-01:00:59:24 counted as python-edl does");
        assertTrue(first.problem().contains("frame 24"), first.problem());
        Edit at25 = reader.read(Corpora.pythonEdl("test_25.edl"), ReadOptions.at(R25));
        assertTrue(at25.invalidEvents().isEmpty(), at25.invalidEvents().toString());
        assertEquals(1499, clip(v1(at25), 0).duration().value());
        for (String df : List.of("test_2997DF.edl", "test_5994DF.edl")) {
            FrameRate rate = df.contains("5994") ? FrameRate.FPS_59_94 : FrameRate.FPS_29_97;
            Edit edit = reader.read(Corpora.pythonEdl(df), ReadOptions.at(rate));
            Clip c = v1(edit).clips().findFirst().orElseThrow();
            assertEquals(
                    Boolean.FALSE,
                    c.metadata().namespace("edit").get("drop_frame").orElseThrow(),
                    df);
            assertEquals(tc("01:00:00:00", rate), c.sourceRange().start().value(), df);
        }
    }

    @Test
    void everyCorpusListReadsLeniently() {
        for (Path p : Corpora.allEdls()) {
            FrameRate rate = p.getFileName().toString().matches(".*(25|timecode_mismatch).*") ? R25 : R24;
            Edit edit = reader.read(p, ReadOptions.at(rate));
            assertFalse(edit.timeline().tracks().tracks().isEmpty(), p.toString());
            for (Track t : edit.timeline().tracks().tracks()) {
                for (Item i : t.items()) {
                    if (i instanceof Clip c) {
                        assertTrue(
                                c.metadata().namespace("edit").string("event").isPresent(), p + " " + c.name());
                    }
                }
            }
        }
    }
}
