package gateway.relink.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.model.time.FrameRate;
import gateway.model.time.TimeRange;
import gateway.model.timeline.Clip;
import gateway.model.timeline.LinearTimeWarp;
import gateway.model.timeline.SpeedRamp;
import gateway.model.timeline.TimeScalar;
import gateway.model.timeline.Timeline;
import gateway.relink.Convert;
import gateway.relink.TargetFormat;
import gateway.relink.read.ReadOptions;
import gateway.relink.read.cmx.Cmx3600Reader;
import gateway.relink.read.fcp7.Fcp7XmlReader;
import gateway.relink.write.cmx.Cmx3600Writer;
import gateway.relink.write.fcp7.Fcp7XmlWriter;
import gateway.testing.Corpora;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A speed ramp through the writers that cannot carry it as they used to: FCP 7 XML writes its Time
 * Remap keyframes back (read back, every record frame shows the same source frame), and a CMX list,
 * which has one speed per event, flattens it visibly: the media range as source in/out, an M2 of the
 * average speed, the keyframes in a comment, a finding (and a refusal when strict).
 */
class RampWritersTest {
    /**
     * One 40-frame clip at 30 fps of a file at 01:00:00:00, in 10: half speed, double speed, then
     * backwards (clip frames 10..49 show media frames 5..50..41).
     */
    private static final String RAMP_XML = """
            <?xml version="1.0" encoding="UTF-8"?>
            <!DOCTYPE xmeml>
            <xmeml version="4">
              <sequence id="sequence-1">
                <name>ramp</name>
                <rate><timebase>30</timebase><ntsc>FALSE</ntsc></rate>
                <timecode><string>01:00:00:00</string><frame>108000</frame><displayformat>NDF</displayformat></timecode>
                <media><video><track>
                  <clipitem id="a"><name>a</name><start>0</start><end>40</end><in>10</in><out>50</out>
                    <file id="file-1"><name>A001C003.mov</name><pathurl>file:///media/A001C003.mov</pathurl>
                      <rate><timebase>30</timebase><ntsc>FALSE</ntsc></rate><duration>3000</duration>
                      <timecode><string>01:00:00:00</string><frame>108000</frame><displayformat>NDF</displayformat>
                        <reel><name>A001</name></reel></timecode></file>
                    <filter><effect><name>Time Remap</name><effectid>timeremap</effectid>
                      <parameter><parameterid>variablespeed</parameterid><value>1</value></parameter>
                      <parameter><parameterid>speed</parameterid><value>50</value></parameter>
                      <parameter><parameterid>reverse</parameterid><value>FALSE</value></parameter>
                      <parameter><parameterid>graphdict</parameterid>
                        <keyframe><when>0</when><value>0</value></keyframe>
                        <keyframe><when>20</when><value>10</value></keyframe>
                        <keyframe><when>40</when><value>50</value></keyframe>
                        <keyframe><when>60</when><value>30</value></keyframe>
                      </parameter></effect></filter>
                  </clipitem>
                </track></video></media>
              </sequence>
            </xmeml>
            """;

    private static Timeline read(byte[] xml) {
        return new Fcp7XmlReader().read(xml, "ramp.xml", ReadOptions.defaults()).timeline();
    }

    private static Clip ramped(Timeline t) {
        return t.videoTracks().stream()
                .flatMap(track -> track.clips())
                .filter(c -> c.speedRamp().isPresent())
                .findFirst()
                .orElseThrow(() -> new AssertionError("no ramped clip in " + t.name()));
    }

    private static void assertSameFrames(Clip before, Clip after) {
        SpeedRamp a = before.speedRamp().orElseThrow();
        SpeedRamp b = after.speedRamp().orElseThrow(() -> new AssertionError("the ramp did not come back"));
        assertEquals(a.keyframes().size(), b.keyframes().size(), "keyframes");
        assertEquals(before.sourceRange(), after.sourceRange());
        for (long k = 0; k < before.sourceRange().durationFrames(); k++) {
            assertEquals(
                    before.sourceRange().start().value() + a.sourceOffsetAt(k),
                    after.sourceRange().start().value() + b.sourceOffsetAt(k),
                    "record frame " + k);
        }
        assertEquals(before.mediaRange(), after.mediaRange());
    }

    @Test
    void fcp7WritesTimeRemapKeyframesThatReadBackToTheSameFrames() {
        Clip before = ramped(read(RAMP_XML.getBytes(StandardCharsets.UTF_8)));

        String xml = new Fcp7XmlWriter().write(read(RAMP_XML.getBytes(StandardCharsets.UTF_8)));

        assertTrue(xml.contains("<parameterid>graphdict</parameterid>"), xml);
        // the keyframes as the file had them (when: clip frames, value: media frames from its first)
        assertTrue(xml.replaceAll("\\s", "").contains("<keyframe><when>40</when><value>50</value></keyframe>"), xml);
        assertTrue(xml.contains("<in>10</in>") && xml.contains("<out>50</out>"), xml);
        assertSameFrames(before, ramped(read(xml.getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void fcp7WritesTheCorpusRampBackFrameForFrame() throws Exception {
        Path file = Corpora.root().resolve("fcp7xml").resolve("empty_name_tags.xml");
        // the ramp is in a nested sequence: write that sequence
        Timeline nest = new Fcp7XmlReader()
                .readAll(Files.readAllBytes(file), file.getFileName().toString(), ReadOptions.defaults()).stream()
                        .filter(t -> t.videoTracks().stream()
                                .flatMap(track -> track.clips())
                                .anyMatch(c -> c.speedRamp().isPresent()))
                        .findFirst()
                        .orElseThrow();
        Clip before = ramped(nest);

        String xml = new Fcp7XmlWriter().write(nest);

        assertSameFrames(before, ramped(read(xml.getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void cmxFlattensARampToItsAverageSpeedAndSaysSo() {
        Timeline timeline = read(RAMP_XML.getBytes(StandardCharsets.UTF_8));
        Clip before = ramped(timeline);
        List<String> findings = new ArrayList<>();

        String edl = new Cmx3600Writer().write(timeline, Cmx3600Writer.Options.defaults(), findings::add);

        // net 35 source frames (5 -> 40 over clip frames 10 -> 50) in 40 record frames: 26.25 fps at 30
        assertTrue(edl.contains("M2   A001           026.2                01:00:00:05"), edl);
        assertTrue(
                edl.contains(
                        "* SPEED RAMP FLATTENED TO M2 26.2 FPS (AVERAGE), 4 KEYFRAMES (RECORD FRAME > SOURCE TC):\n"
                                + "* RAMP KEY -10 > 01:00:00:00\n* RAMP KEY +10 > 01:00:00:10\n"
                                + "* RAMP KEY +30 > 01:00:01:20\n* RAMP KEY +50 > 01:00:01:00\n"),
                edl);
        assertEquals(1, findings.size(), findings.toString());
        assertTrue(
                findings.get(0).contains("speed ramp of 4 keyframes")
                        && findings.get(0).contains("26.2"),
                findings.get(0));
        // source in/out hold every media frame the ramp shows (5..50), so a conform brings them all back
        Clip back = new Cmx3600Reader()
                .read(edl.getBytes(StandardCharsets.UTF_8), "ramp.edl", ReadOptions.at(FrameRate.FPS_30))
                .timeline()
                .videoTracks()
                .get(0)
                .clips()
                .findFirst()
                .orElseThrow();
        assertEquals(before.mediaRange().start(), back.sourceRange().start());
        LinearTimeWarp warp =
                assertInstanceOf(LinearTimeWarp.class, back.effects().get(0));
        assertEquals(TimeScalar.of(262, 300), warp.scalar());
        assertEquals(
                TimeRange.of(108005, 40, FrameRate.FPS_30).start(),
                back.sourceRange().start());
    }

    @Test
    void convertToEdlTellsTheFlatteningAndStrictRefusesIt(@TempDir Path dir) throws Exception {
        Path in = Files.writeString(dir.resolve("ramp.xml"), RAMP_XML);
        List<String> findings = new ArrayList<>();

        String edl = new Convert().convert(in, ReadOptions.defaults(), TargetFormat.EDL, false, findings::add);

        assertTrue(edl.contains("M2 "), edl);
        assertEquals(1, findings.size(), findings.toString());
        GatewayException e = assertThrows(GatewayException.class, () -> new Convert()
                .convert(in, ReadOptions.defaults().strictly(), TargetFormat.EDL, false, f -> {}));
        assertEquals(Reason.UNSUPPORTED, e.reason());
        assertTrue(e.getMessage().contains("speed ramp"), e.getMessage());
    }
}
