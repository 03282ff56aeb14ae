package gateway.relink.nest;

import static gateway.relink.nest.Nests.R24;
import static gateway.relink.nest.Nests.event;
import static gateway.relink.nest.Nests.file;
import static gateway.relink.nest.Nests.item;
import static gateway.relink.nest.Nests.ref;
import static gateway.relink.nest.Nests.sequence;
import static gateway.relink.nest.Nests.text;
import static gateway.relink.nest.Nests.trackNames;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.model.time.TimeRange;
import gateway.model.timeline.Clip;
import gateway.model.timeline.SpeedRamp;
import gateway.model.timeline.TimeScalar;
import gateway.model.timeline.Timeline;
import gateway.model.timeline.Track;
import gateway.relink.read.Edit;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlattenerTest {
    private final Flattener flattener = new Flattener();

    /** Scene 12 at 24 fps from 10:00:00:00: V1 A001 [0,48) + A002 [48,120), V2 GFX01 [30,60) (disabled), A1 SND01 [0,120). */
    static String scene12() {
        return sequence(
                "scene12",
                "Scene 12",
                R24,
                864000,
                List.of(
                        item("n1", "A001", 0, 48, 24, 72, file("fA001", "A001", 86400))
                                + item("n2", "A002", 48, 120, 0, 72, file("fA002", "A002", 172800)),
                        item("n3", "GFX01", 30, 60, 0, 30, file("fGFX01", "GFX01", 0), "<enabled>FALSE</enabled>")),
                List.of(item("n4", "SND01", 0, 120, 0, 120, file("fSND01", "SND01", 0))));
    }

    /**
     * The cut at 24 fps from 01:00:00:00: V1 OPEN [0,24), Scene 12 playing nest frames [20,80) at [24,84)
     * and again [100,120) at [84,104); A1 Scene 12 [20,80) at [24,84).
     */
    static Edit cut() {
        return Nests.read(cutSequence());
    }

    static String cutSequence() {
        return sequence(
                "cut",
                "Cut",
                R24,
                86400,
                List.of(item("p1", "OPEN", 0, 24, 0, 24, file("fOPEN", "OPEN", 259200))
                        + item("p2", "Scene 12", 24, 84, 20, 80, scene12())
                        + item("p3", "Scene 12", 84, 104, 100, 120, ref("scene12"))),
                List.of(item("p4", "Scene 12", 24, 84, 20, 80, ref("scene12"))));
    }

    @Test
    void readersKeepTheNestAndPointAtIt() {
        Edit edit = cut();
        Clip nest = edit.timeline().videoTracks().get(0).clips().toList().get(1);
        assertEquals("scene12", Flattener.nestKey(nest).orElseThrow());
        Timeline scene = edit.nests().get("scene12");
        assertEquals("Scene 12", scene.name());
        assertEquals(864000, scene.globalStart().value());
        assertEquals(TimeRange.of(864020, 60, scene.rate()), nest.sourceRange(), "global start + in");
    }

    @Test
    void aRampedClipCutByTheNestKeepsItsFramesExactly() {
        // in the nest: 40 frames of RAMP at double speed to clip frame 20, then held (keyframes 0->0, 20->40, 40->40)
        String remap = "<filter><effect><name>Time Remap</name><effectid>timeremap</effectid>"
                + "<parameter><parameterid>variablespeed</parameterid><value>1</value></parameter>"
                + "<parameter><parameterid>graphdict</parameterid>"
                + "<keyframe><when>0</when><value>0</value></keyframe>"
                + "<keyframe><when>20</when><value>40</value></keyframe>"
                + "<keyframe><when>40</when><value>40</value></keyframe></parameter></effect></filter>";
        String scene = sequence(
                "ramps",
                "Ramps",
                R24,
                0,
                List.of(item("r1", "RAMP", 0, 40, 0, 40, file("fRAMP", "RAMP", 86400), remap)),
                List.of());
        // the cut plays nest frames [10, 30)
        Edit cut = Nests.read(
                sequence("cut", "Cut", R24, 86400, List.of(item("c1", "Ramps", 0, 20, 10, 30, scene)), List.of()));

        Clip flat = flattener
                .flatten(cut)
                .timeline()
                .videoTracks()
                .get(0)
                .clips()
                .findFirst()
                .orElseThrow();

        SpeedRamp ramp = flat.speedRamp().orElseThrow();
        for (long k = 0; k < 20; k++) {
            long clipFrame = 10 + k;
            long expected = 86400 + (clipFrame <= 20 ? 2 * clipFrame : 40);
            assertEquals(expected, flat.sourceRange().start().value() + ramp.sourceOffsetAt(k), "record frame " + k);
        }
        assertEquals(TimeRange.of(86420, 21, flat.sourceRange().rate()), flat.mediaRange());
    }

    @Test
    void aTrimmedNestUsedTwiceIsLaidIntoItsParentExactly() {
        Timeline t = flattener.flatten(cut()).timeline();
        assertEquals(List.of("V1", "V1 ▸ nest 'Scene 12' V2", "A1"), trackNames(t));
        List<Track> tracks = t.tracks().tracks();
        assertEquals(
                List.of(
                        "OPEN @0+24 src 259200",
                        "A001 @24+28 src 86444", // nest [0,48) from source 86424, 20 frames cut off its head
                        "A002 @52+32 src 172800", // nest [48,120), its tail cut at nest frame 80
                        "A002 @84+20 src 172852"), // the second use plays nest [100,120): 52 frames into A002
                text(tracks.get(0)));
        assertEquals(List.of("gap 34", "GFX01 @34+30 src 0 off"), text(tracks.get(1)), "disabled stays disabled");
        assertEquals(List.of("gap 24", "SND01 @24+60 src 20"), text(tracks.get(2)));
        assertEquals(t.duration(), cut().timeline().duration(), "the parent keeps its length");

        List<Clip> v1 = tracks.get(0).clips().toList();
        assertEquals(
                List.of("p1", "p2.1", "p2.2", "p3.2"),
                v1.stream().map(Nests::event).toList());
        assertEquals("p2.3", event(tracks.get(1).clips().findFirst().orElseThrow()));
        assertEquals("p4.1", event(tracks.get(2).clips().findFirst().orElseThrow()));

        NestOrigin origin = NestOrigin.of(v1.get(1).metadata()).orElseThrow();
        assertEquals(new NestOrigin("p2", "V1", List.of("Scene 12"), "n1", "V1"), origin);
        NestOrigin gfx = NestOrigin.of(
                        tracks.get(1).clips().findFirst().orElseThrow().metadata())
                .orElseThrow();
        assertEquals("n3", gfx.innerEvent());
        assertEquals("V2", gfx.innerTrack());
        assertTrue(NestOrigin.of(v1.get(0).metadata()).isEmpty());
        assertEquals(
                "A001",
                v1.get(1).activeReference() instanceof gateway.model.timeline.MissingReference m ? m.reel() : null,
                "the inner clip keeps its media reference");
    }

    @Test
    void aNestInANestIsNumberedThroughBothLevels() {
        String inner = sequence(
                "inner",
                "Inner",
                R24,
                0,
                List.of(item("i1", "B001", 0, 50, 0, 50, file("fB001", "B001", 345600))),
                List.of());
        String outer = sequence(
                "outer",
                "Outer",
                R24,
                0,
                List.of(item("o1", "C001", 0, 10, 0, 10, file("fC001", "C001", 0))
                        + item("o2", "Inner", 10, 40, 5, 35, inner)),
                List.of());
        Edit edit = Nests.read(
                sequence("top", "Top", R24, 86400, List.of(item("t1", "Outer", 0, 40, 0, 40, outer)), List.of()));
        Timeline t = flattener.flatten(edit).timeline();
        assertEquals(List.of("V1"), trackNames(t));
        Track v1 = t.videoTracks().get(0);
        assertEquals(List.of("C001 @0+10 src 0", "B001 @10+30 src 345605"), text(v1));
        List<Clip> clips = v1.clips().toList();
        assertEquals(List.of("t1.1", "t1.2.1"), clips.stream().map(Nests::event).toList());
        assertEquals(
                new NestOrigin("t1", "V1", List.of("Outer", "Inner"), "i1", "V1"),
                NestOrigin.of(clips.get(1).metadata()).orElseThrow());
    }

    @Test
    void aSequenceThatPlaysItselfIsReadLenientlyAndNotFlattened() {
        String a = sequence(
                "a",
                "A",
                R24,
                0,
                List.of(item("c1", "Z001", 0, 10, 0, 10, file("fZ", "Z001", 0))
                        + item(
                                "c2",
                                "B",
                                10,
                                20,
                                0,
                                10,
                                sequence(
                                        "b",
                                        "B",
                                        R24,
                                        0,
                                        List.of(item("c3", "A again", 0, 10, 0, 10, ref("a"))),
                                        List.of()))),
                List.of());
        Edit edit = Nests.read(a);
        assertTrue(edit.problems().stream()
                .anyMatch(p -> "c3".equals(p.event()) && p.message().contains("contains itself")));
        Edit flat = flattener.flatten(edit);
        Track v1 = flat.timeline().videoTracks().get(0);
        assertEquals(List.of("Z001 @0+10 src 0", "A again @10+10 src 0"), text(v1));
        Clip loop = v1.clips().toList().get(1);
        assertEquals("c2.1", event(loop));
        String reason = loop.metadata()
                .namespace(Edit.NAMESPACE)
                .string(Flattener.REFUSED_KEY)
                .orElseThrow();
        assertTrue(reason.contains("'A' contains itself (A ▸ B ▸ A)"), reason);
        assertTrue(flat.problems().stream().anyMatch(p -> p.message().equals(reason)));
    }

    @Test
    void aConstantSpeedOnTheNestClipIsComposedExactly() {
        Edit edit = Nests.read(sequence(
                "cut",
                "Cut",
                R24,
                86400,
                List.of(item("p1", "Scene 12", 0, 30, 0, 30, scene12(), remap(200, false))),
                List.of()));
        Track v1 = flattener.flatten(edit).timeline().videoTracks().get(0);
        // 30 frames at 200 % play nest [0, 60): A001 [0,48) in 24 frames, A002 [48,60) in 6
        assertEquals(List.of("A001 @0+24 src 86424", "A002 @24+6 src 172800"), text(v1));
        List<Clip> clips = v1.clips().toList();
        assertEquals(TimeScalar.of(2, 1), clips.get(0).timeScalar());
        assertEquals(
                TimeRange.of(172800, 12, clips.get(1).sourceRange().rate()),
                clips.get(1).mediaRange());
    }

    @Test
    void aSpeedThatSplitsFramesLeavesTheNestClipWithAReason() {
        // 200 % from nest frame 1: A001's tail at nest frame 48 would land on parent frame 23.5
        Edit edit = Nests.read(sequence(
                "cut",
                "Cut",
                R24,
                86400,
                List.of(item("p1", "Scene 12", 0, 30, 1, 31, scene12(), remap(200, false))),
                List.of()));
        Edit flat = flattener.flatten(edit);
        Clip kept = flat.timeline().videoTracks().get(0).clips().findFirst().orElseThrow();
        assertTrue(Flattener.nestKey(kept).isPresent(), "still the nest clip");
        String reason = kept.metadata()
                .namespace(Edit.NAMESPACE)
                .string(Flattener.REFUSED_KEY)
                .orElseThrow();
        assertTrue(reason.contains("falls between frames at 24 fps (23 1/2 frames at speed 2)"), reason);
        assertEquals(1, flat.timeline().tracks().tracks().size(), "no half-made tracks above");
    }

    @Test
    void aTimeWarpOnTheNestClipIsNotFlattened() {
        Edit edit = Nests.read(sequence(
                "cut",
                "Cut",
                R24,
                86400,
                List.of(item("p1", "Scene 12", 0, 30, 0, 30, scene12(), remap(50, true))),
                List.of()));
        Clip kept = flattener
                .flatten(edit)
                .timeline()
                .videoTracks()
                .get(0)
                .clips()
                .findFirst()
                .orElseThrow();
        assertEquals(
                "nested sequence with a time warp (variable speed): not flattened",
                kept.metadata()
                        .namespace(Edit.NAMESPACE)
                        .string(Flattener.REFUSED_KEY)
                        .orElseThrow());
    }

    @Test
    void aFreezeOnTheNestClipHoldsWhatEachNestTrackShowsAtItsInPoint() {
        // the nest clip plays Scene 12 from nest frame 10, frozen, for 30 frames: V1 shows A001 at
        // its source 86424 + 10; V2 shows nothing at frame 10 (GFX01 starts at 30): no upper track
        Edit edit = Nests.read(sequence(
                "cut",
                "Cut",
                R24,
                86400,
                List.of(item("p1", "Scene 12", 0, 30, 10, 40, scene12(), freeze())),
                List.of()));
        Edit flat = flattener.flatten(edit);
        assertEquals(1, flat.timeline().videoTracks().size(), flat.problems().toString());
        Track v1 = flat.timeline().videoTracks().get(0);
        assertEquals(List.of("A001 @0+30 src 86434"), text(v1));
        Clip held = v1.clips().findFirst().orElseThrow();
        assertTrue(held.timeScalar().isFreeze(), held.effects().toString());
        assertEquals(
                "p1.1",
                held.metadata().namespace(Edit.NAMESPACE).string("event").orElseThrow());
    }

    @Test
    void aNestAtAnotherRateMapsExactlyOrIsRefused() {
        String r48 = "<rate><timebase>48</timebase><ntsc>FALSE</ntsc></rate>";
        // a 24 fps nest in a 48 fps cut: nest frames [20,68) at 24 play at [0,96) at 48
        Edit at48 = Nests.read(sequence(
                "cut", "Cut", r48, 0, List.of(item("p1", "Scene 12", 0, 96, 40, 136, scene12(), r48)), List.of()));
        Track v1 = flattener.flatten(at48).timeline().videoTracks().get(0);
        // the clips keep their 24 fps frames: A001 [0,28) at 24 is [0,56) at 48, A002 [28,48) is [56,96)
        assertEquals(List.of("A001 @0+28 src 86444", "A002 @28+20 src 172800"), text(v1));
        assertEquals(
                96,
                v1.duration(at48.timeline().rate(), java.math.RoundingMode.UNNECESSARY)
                        .value());

        String r25 = "<rate><timebase>25</timebase><ntsc>FALSE</ntsc></rate>";
        Edit at25 = Nests.read(sequence(
                "cut", "Cut", r25, 0, List.of(item("p1", "Scene 12", 0, 50, 0, 50, scene12(), r25)), List.of()));
        Edit flat = flattener.flatten(at25);
        Clip kept = flat.timeline().videoTracks().get(0).clips().findFirst().orElseThrow();
        String reason = kept.metadata()
                .namespace(Edit.NAMESPACE)
                .string(Flattener.REFUSED_KEY)
                .orElseThrow();
        assertTrue(reason.contains("falls between frames at 25 fps"), reason);
    }

    @Test
    void anEditWithoutNestsIsReturnedAsItIs() {
        Edit edit = Nests.read(sequence(
                "cut", "Cut", R24, 0, List.of(item("p1", "OPEN", 0, 24, 0, 24, file("f", "OPEN", 0))), List.of()));
        assertSame(edit, flattener.flatten(edit));
        assertFalse(edit.problems().stream().anyMatch(p -> p.message().contains("nest")));
    }

    static String remap(int percent, boolean variable) {
        return "<filter><effect><name>Time Remap</name><effectid>timeremap</effectid><effecttype>motion</effecttype>"
                + "<mediatype>video</mediatype><parameter><parameterid>variablespeed</parameterid><value>"
                + (variable ? "1" : "0") + "</value></parameter><parameter><parameterid>speed</parameterid><value>"
                + percent + "</value></parameter><parameter><parameterid>reverse</parameterid><value>FALSE</value>"
                + "</parameter></effect></filter>";
    }

    static String freeze() {
        return remap(0, false);
    }
}
