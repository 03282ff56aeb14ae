package gateway.relink.read.fcp7;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.model.time.FrameRate;
import gateway.model.time.TimeRange;
import gateway.model.timeline.Clip;
import gateway.model.timeline.Effect;
import gateway.model.timeline.FreezeFrame;
import gateway.model.timeline.LinearTimeWarp;
import gateway.model.timeline.MarkerColor;
import gateway.model.timeline.MissingReference;
import gateway.model.timeline.TimeScalar;
import gateway.model.timeline.Timeline;
import gateway.model.timeline.Track;
import gateway.model.timeline.Transition;
import gateway.model.timeline.UnknownEffect;
import gateway.relink.read.Edit;
import gateway.relink.read.ReadOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Element-level behaviour on small hand-written xmeml. */
class Fcp7ElementsTest {
    private static final String R30 = "<rate><timebase>30</timebase><ntsc>FALSE</ntsc></rate>";
    private final Fcp7XmlReader reader = new Fcp7XmlReader();

    private Edit read(byte[] xml) {
        return reader.read(xml, "test.xml", ReadOptions.defaults());
    }

    private static String clip(String id, int start, int end, int in, int out, String extra) {
        return """
                <clipitem id="%s"><name>%s</name><start>%d</start><end>%d</end><in>%d</in><out>%d</out>%s</clipitem>
                """.formatted(id, id, start, end, in, out, extra);
    }

    private static final String FILE_1 = """
            <file id="file-1"><name>A001C003.mov</name><pathurl>file:///media/A001C003.mov</pathurl>
              <timecode><string>01:00:00:00</string><frame>108000</frame><displayformat>NDF</displayformat>
                <reel><name>A001</name></reel></timecode></file>""";

    @Test
    void ratesAreInheritedAndFileReferencesResolveToTheirFirstDefinition() {
        String items = clip("c1", 0, 10, 5, 15, FILE_1) + clip("c2", 10, 30, 100, 120, "<file id=\"file-1\"/>");
        Timeline tl = read(Xmeml.sequence("<rate><timebase>24</timebase><ntsc>TRUE</ntsc></rate>", items))
                .timeline();
        assertEquals(FrameRate.FPS_23_976, tl.rate());
        assertEquals(108000, tl.globalStart().value());
        Track v1 = tl.videoTracks().get(0);
        Clip c1 = (Clip) v1.items().get(0);
        Clip c2 = (Clip) v1.items().get(1);
        assertEquals(TimeRange.of(108005, 10, FrameRate.FPS_23_976), c1.sourceRange());
        assertEquals(TimeRange.of(108100, 20, FrameRate.FPS_23_976), c2.sourceRange());
        MissingReference ref = assertInstanceOf(MissingReference.class, c2.activeReference());
        assertEquals("A001", ref.reel());
        assertEquals("/media/A001C003.mov", ref.path());
        assertEquals("A001C003.mov", ref.sourceFile());
        assertEquals("c2", ref.clipName());
        assertEquals(
                "c2", c2.metadata().namespace(Edit.NAMESPACE).string("event").orElseThrow());
    }

    @Test
    void transitionAlignmentsPlaceTheCut() {
        String items = clip("a", 0, -1, 0, 60, FILE_1)
                + "<transitionitem><start>40</start><end>60</end><alignment>start</alignment>"
                + "<effect><name>Cross Dissolve</name><effectcategory>Dissolve</effectcategory></effect></transitionitem>"
                + clip("b", -1, -1, 0, 90, FILE_1)
                + "<transitionitem><start>100</start><end>110</end><alignment>end-black</alignment>"
                + "<effect><name>Edge Wipe</name><effectcategory>Wipe</effectcategory></effect></transitionitem>";
        Track t = read(Xmeml.sequence(R30, items)).timeline().videoTracks().get(0);
        assertEquals(4, t.items().size());
        Transition start = (Transition) t.items().get(1);
        assertEquals(0, start.inOffsetFrames());
        assertEquals(20, start.outOffsetFrames());
        assertEquals(TimeRange.of(0, 40, FrameRate.FPS_30), t.rangeOf(0, java.math.RoundingMode.UNNECESSARY));
        Clip b = (Clip) t.items().get(2);
        // b starts at the first cut (40) and runs to the second (110, the end of an end-black wipe)
        assertEquals(TimeRange.of(40, 70, FrameRate.FPS_30), t.rangeOf(2, java.math.RoundingMode.UNNECESSARY));
        assertEquals(108000, b.sourceRange().start().value()); // in 0 is at the transition start, which is the cut
        Transition wipe = (Transition) t.items().get(3);
        assertEquals(gateway.model.timeline.TransitionKind.WIPE, wipe.kind());
        assertEquals("Edge Wipe", wipe.kindName());
        assertEquals(10, wipe.inOffsetFrames());
        assertEquals(0, wipe.outOffsetFrames());
    }

    @Test
    void minusOneWithoutATransitionIsAnInvalidEventOrAnErrorWhenStrict() {
        byte[] xml = Xmeml.sequence(R30, clip("a", 0, 10, 0, 10, FILE_1) + clip("b", -1, 20, 0, 10, FILE_1));
        Edit edit = read(xml);
        assertEquals(1, edit.timeline().videoTracks().get(0).clips().count());
        assertEquals("b", edit.invalidEvents().get(0).event());
        GatewayException e = assertThrows(
                GatewayException.class,
                () -> reader.read(xml, "test.xml", ReadOptions.defaults().strictly()));
        assertEquals(Reason.PARSE_ERROR, e.reason());
        assertTrue(e.getMessage().startsWith("test.xml: b: "), e.getMessage());
    }

    @Test
    void sourceSpanThatDisagreesWithTheRecordSpanIsNotedOnTheClip() {
        Edit edit = read(Xmeml.sequence(R30, clip("a", 0, 10, 0, 20, FILE_1)));
        Clip a = (Clip) edit.timeline().videoTracks().get(0).items().get(0);
        assertEquals(10, a.sourceRange().durationFrames());
        @SuppressWarnings("unchecked")
        List<String> problems = (List<String>)
                a.metadata().namespace(Edit.NAMESPACE).get("problems").orElseThrow();
        assertTrue(problems.get(0).contains("span 20 source frames but the item spans 10"), problems.toString());
        assertEquals("a", edit.problems().get(0).event());
    }

    @Test
    void timeRemapSpeedsBecomeTimeEffects() {
        assertEquals(TimeScalar.of(1, 2), warp(remap("50", "FALSE", "0")).scalar());
        assertEquals(TimeScalar.of(-2, 1), warp(remap("200", "TRUE", "0")).scalar());
        assertInstanceOf(FreezeFrame.class, remap("0", "FALSE", "0").orElseThrow());
        assertTrue(remap("100", "FALSE", "0").isEmpty());
        assertInstanceOf(UnknownEffect.class, remap("80", "FALSE", "1").orElseThrow());
    }

    @Test
    void upstreamFilterFragmentIsAReversedNormalSpeed() throws IOException {
        byte[] bytes = Files.readAllBytes(Fcp7XmlReaderTest.corpus("premiere_example_filter.xml"));
        XmlNode filter = new XmlNode(
                gateway.relink.read.xml.SafeXml.parse(bytes, "filter.xml").getDocumentElement());
        Optional<Effect> effect = new FilterReader(null, Xmeml.lenient())
                .effect(filter, filter, filter.child("effect").orElseThrow());
        assertEquals(TimeScalar.of(-1, 1), warp(effect).scalar());
    }

    @Test
    void otherFiltersAreKeptAsUnknownEffects() {
        String filter = "<filter><effect><name>Gaussian Blur</name><effectid>GaussianBlur</effectid>"
                + "<parameter><parameterid>blurriness</parameterid><value>12</value></parameter></effect></filter>";
        Clip c = (Clip) read(Xmeml.sequence(R30, clip("a", 0, 10, 0, 10, FILE_1 + filter)))
                .timeline()
                .videoTracks()
                .get(0)
                .items()
                .get(0);
        UnknownEffect blur = assertInstanceOf(UnknownEffect.class, c.effects().get(0));
        assertEquals("Gaussian Blur", blur.name());
        assertEquals(
                "GaussianBlur",
                blur.metadata().namespace("fcp7_xml").string("effectid").orElseThrow());
    }

    @Test
    void clipMarkersAreInSourceFramesWithTheirColour() {
        String marker = "<marker><name>fix</name><comment>dust</comment><in>7</in><out>9</out>"
                + "<color><alpha>0</alpha><red>0</red><green>250</green><blue>10</blue></color></marker>";
        Clip c = (Clip) read(Xmeml.sequence(R30, clip("a", 0, 10, 0, 10, FILE_1 + marker)))
                .timeline()
                .videoTracks()
                .get(0)
                .items()
                .get(0);
        var m = c.markers().get(0);
        assertEquals(TimeRange.of(108007, 2, FrameRate.FPS_30), m.markedRange());
        assertEquals(MarkerColor.GREEN, m.color());
        assertEquals("dust", m.comment());
    }

    @Test
    void firstTopLevelSequenceIsTheEditAndProjectsAreSearched() {
        String xml = """
                <xmeml version="5"><project><name>p</name><children><bin><children>
                  <sequence id="s1"><name>first</name>%s</sequence>
                </children></bin>
                  <sequence id="s2"><name>second</name>%s</sequence>
                </children></project></xmeml>""".formatted(R30, R30);
        Edit edit = read(xml.getBytes(StandardCharsets.UTF_8));
        assertEquals("first", edit.timeline().name());
        assertTrue(edit.problems().stream().anyMatch(p -> p.message().contains("'second'")));
        assertEquals(
                2,
                reader.readAll(xml.getBytes(StandardCharsets.UTF_8), "t", ReadOptions.defaults())
                        .size());
    }

    @Test
    void refusesWhatIsNotAnEdit() {
        assertParseError("<xmeml version=\"4\"><clip id=\"c\"/></xmeml>", "holds no <sequence>");
        assertParseError("<fcpxml version=\"1.8\"/>", "not <xmeml>");
        assertParseError(
                "<!DOCTYPE xmeml [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><xmeml>&e;</xmeml>", "declares an entity");
        String self = "<xmeml><sequence id=\"s\"><name>loop</name>" + R30
                + "<media><video><track><clipitem id=\"c\"><start>0</start><end>5</end><in>0</in><out>5</out>"
                + "<sequence id=\"s\"/></clipitem></track></video></media></sequence></xmeml>";
        // a sequence that plays itself: leniently one clip and a finding (flattening refuses the cycle), strictly an
        // error
        Edit loop = read(self.getBytes(StandardCharsets.UTF_8));
        assertTrue(loop.problems().stream()
                .anyMatch(p -> "c".equals(p.event()) && p.message().contains("the sequence contains itself")));
        assertEquals(
                "s",
                loop.timeline()
                        .videoTracks()
                        .get(0)
                        .clips()
                        .findFirst()
                        .orElseThrow()
                        .metadata()
                        .namespace(Edit.NAMESPACE)
                        .string(Edit.NEST_KEY)
                        .orElseThrow());
        GatewayException strict = assertThrows(
                GatewayException.class,
                () -> reader.read(
                        self.getBytes(StandardCharsets.UTF_8),
                        "test.xml",
                        ReadOptions.defaults().strictly()));
        assertEquals(Reason.PARSE_ERROR, strict.reason());
        assertTrue(strict.getMessage().contains("contains itself"), strict.getMessage());
    }

    private void assertParseError(String xml, String expected) {
        GatewayException e = assertThrows(GatewayException.class, () -> read(xml.getBytes(StandardCharsets.UTF_8)));
        assertEquals(Reason.PARSE_ERROR, e.reason());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    private static Optional<Effect> remap(String speed, String reverse, String variable) {
        XmlNode filter = Xmeml.node("""
                <filter><effect><name>Time Remap</name><effectid>timeremap</effectid>
                  <parameter><parameterid>variablespeed</parameterid><value>%s</value></parameter>
                  <parameter><parameterid>speed</parameterid><value>%s</value></parameter>
                  <parameter><parameterid>reverse</parameterid><value>%s</value></parameter>
                </effect></filter>""".formatted(variable, speed, reverse));
        return new FilterReader(null, Xmeml.lenient())
                .effect(filter, filter, filter.child("effect").orElseThrow());
    }

    private static LinearTimeWarp warp(Optional<Effect> effect) {
        return assertInstanceOf(LinearTimeWarp.class, effect.orElseThrow());
    }
}
