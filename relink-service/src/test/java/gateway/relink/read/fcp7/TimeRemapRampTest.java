package gateway.relink.read.fcp7;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import gateway.model.time.FrameRate;
import gateway.model.time.TimeRange;
import gateway.model.timeline.Clip;
import gateway.model.timeline.SpeedRamp;
import gateway.model.timeline.Timeline;
import gateway.relink.read.ReadOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Variable-speed Time Remap keyframes become a {@link SpeedRamp} whose per-frame mapping is checked
 * against the keyframes of the file, interpolated here with plain integer arithmetic.
 */
class TimeRemapRampTest {
    private final Fcp7XmlReader reader = new Fcp7XmlReader();

    /**
     * The source frame (counted like the keyframes' values) that clip frame {@code when} shows:
     * linear between the keyframes {@code {when, value}} (whole frames), rounded down.
     */
    static long expected(long[][] keys, long when) {
        int i = 0;
        while (i < keys.length - 2 && when >= keys[i + 1][0]) {
            i++;
        }
        long w0 = keys[i][0];
        long v0 = keys[i][1];
        long w1 = keys[i + 1][0];
        long v1 = keys[i + 1][1];
        return v0 + Math.floorDiv((when - w0) * (v1 - v0), w1 - w0);
    }

    @Test
    void premiereRampInTheCorpusPlaysItsKeyframes() throws IOException {
        // the ramp is in nested sequence-8
        List<Timeline> all = reader.readAll(
                Files.readAllBytes(Fcp7XmlReaderTest.corpus("empty_name_tags.xml")),
                "empty_name_tags.xml",
                ReadOptions.defaults());
        List<Clip> ramped = all.stream()
                .flatMap(tl -> tl.videoTracks().stream())
                .flatMap(t -> t.clips())
                .filter(c -> c.speedRamp().isPresent())
                .toList();
        assertEquals(1, ramped.size(), "one clip of empty_name_tags.xml has a variable Time Remap");
        Clip clip = ramped.get(0);
        assertEquals("mymovie.mov", clip.name());
        SpeedRamp ramp = clip.speedRamp().orElseThrow();
        // clipitem-496: <in>0</in>, file timecode frame 984, keyframes when -> value as in the file
        long[][] keys = {{0, 0}, {1, 1}, {51, 51}, {114, 126}, {142, 154}};
        assertEquals(keys.length, ramp.keyframes().size());
        assertFalse(ramp.approximated());
        assertEquals(984, clip.sourceRange().start().value());
        long frames = clip.sourceRange().durationFrames();
        // <start>984</start><end>1127</end>: 143 record frames (the clip's <duration> says 142)
        assertEquals(143, frames);
        for (long k = 0; k < frames; k++) {
            assertEquals(expected(keys, k), ramp.sourceOffsetAt(k), "record frame " + k);
        }
        // the last frame (142) shows value 154, the file's last frame (<duration>155</duration>)
        assertEquals(TimeRange.of(984, 155, clip.sourceRange().rate()), clip.mediaRange());
        assertEquals("speed ramp: 5 keyframes, source frames 984–1138", ramp.describe(984, frames));
    }

    @Test
    void aTrimmedRampStartsAtItsInPointAndRunsEveryWay() {
        // half speed, double speed, then backwards; the clip shows clip frames 10..49
        String remap = """
                <filter><effect><name>Time Remap</name><effectid>timeremap</effectid>
                  <parameter><parameterid>variablespeed</parameterid><value>1</value></parameter>
                  <parameter><parameterid>speed</parameterid><value>50</value></parameter>
                  <parameter><parameterid>reverse</parameterid><value>FALSE</value></parameter>
                  <parameter><parameterid>graphdict</parameterid>
                    <keyframe><when>0</when><value>0</value></keyframe>
                    <keyframe><when>20</when><value>10</value></keyframe>
                    <keyframe><when>40</when><value>50</value></keyframe>
                    <keyframe><when>60</when><value>30</value></keyframe>
                  </parameter></effect></filter>""";
        String file = """
                <file id="file-1"><name>A001C003.mov</name><pathurl>file:///media/A001C003.mov</pathurl>
                  <timecode><string>01:00:00:00</string><frame>108000</frame><displayformat>NDF</displayformat>
                    <reel><name>A001</name></reel></timecode></file>""";
        String item = "<clipitem id=\"a\"><name>a</name><start>0</start><end>40</end><in>10</in><out>50</out>" + file
                + remap + "</clipitem>";
        String rate = "<rate><timebase>30</timebase><ntsc>FALSE</ntsc></rate>";
        Clip clip = reader.read(Xmeml.sequence(rate, item), "ramp.xml", ReadOptions.defaults())
                .timeline()
                .videoTracks()
                .get(0)
                .clips()
                .findFirst()
                .orElseThrow();
        SpeedRamp ramp = clip.speedRamp().orElseThrow();
        long[][] keys = {{0, 0}, {20, 10}, {40, 50}, {60, 30}};
        assertEquals(108010, clip.sourceRange().start().value());
        long lowest = Long.MAX_VALUE;
        long highest = Long.MIN_VALUE;
        for (long k = 0; k < 40; k++) {
            long media = 108000 + expected(keys, 10 + k);
            assertEquals(media, clip.sourceRange().start().value() + ramp.sourceOffsetAt(k), "record frame " + k);
            lowest = Math.min(lowest, media);
            highest = Math.max(highest, media);
        }
        // clip frame 10 shows media frame 5; the peak is 50 at clip frame 40; frame 49 shows 41
        assertEquals(108005, lowest);
        assertEquals(108050, highest);
        assertEquals(TimeRange.of(lowest, highest - lowest + 1, FrameRate.FPS_30), clip.mediaRange());
        // the effect is kept as the file wrote it
        assertEquals(
                "timeremap",
                ramp.metadata().namespace("fcp7_xml").string("effectid").orElseThrow());
    }
}
