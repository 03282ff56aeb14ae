package gateway.relink.read.fcpxml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.model.time.FrameRate;
import gateway.model.time.TimeRange;
import gateway.model.timeline.Clip;
import gateway.model.timeline.SpeedRamp;
import gateway.model.timeline.Timeline;
import gateway.model.timeline.TrackKind;
import gateway.relink.TrackText;
import gateway.relink.read.Edit;
import gateway.relink.read.ReadOptions;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * A variable {@code timeMap} becomes a {@link SpeedRamp}; its frames are checked against the file's
 * points interpolated here with integer arithmetic (every time doubled, so the half frames are whole).
 */
class TimeMapRampTest {
    /** speed-ramp.fcpxml's points in half frames at 24 fps: {time, value}. */
    private static final long[][] HALF_FRAMES = {{0, 0}, {480, 480}, {501, 501}, {541, 601}, {576, 566}};

    /** The media frame shown at local frame {@code local}: linear between the points, rounded down. */
    private static long expected(long local) {
        long t = 2 * local;
        int i = 0;
        while (i < HALF_FRAMES.length - 2 && t >= HALF_FRAMES[i + 1][0]) {
            i++;
        }
        long t0 = HALF_FRAMES[i][0];
        long v0 = HALF_FRAMES[i][1];
        long t1 = HALF_FRAMES[i + 1][0];
        long v1 = HALF_FRAMES[i + 1][1];
        return Math.floorDiv(v0 * (t1 - t0) + (t - t0) * (v1 - v0), 2 * (t1 - t0));
    }

    @Test
    void aLinearRampPlaysTheFramesItsPointsDefine() {
        Timeline t = new FcpXmlReader()
                .read(FcpXmlReaderSamplesTest.sample("speed-ramp.fcpxml"), ReadOptions.defaults())
                .timeline();
        Clip clip = TrackText.track(t, TrackKind.VIDEO, 0).clips().findFirst().orElseThrow();
        SpeedRamp ramp = clip.speedRamp().orElseThrow();
        assertEquals(5, ramp.keyframes().size());
        assertFalse(ramp.approximated());
        // local time 10s is media frame 240: the source range starts there, 48 record frames long
        assertEquals(TimeRange.of(240, 48, FrameRate.FPS_24), clip.sourceRange());
        long lowest = Long.MAX_VALUE;
        long highest = Long.MIN_VALUE;
        for (long k = 0; k < 48; k++) {
            long media = expected(240 + k);
            assertEquals(media, 240 + ramp.sourceOffsetAt(k), "record frame " + k);
            lowest = Math.min(lowest, media);
            highest = Math.max(highest, media);
        }
        assertEquals(240, lowest);
        assertEquals(300, highest); // record frame 31: 300.5 - 0.5
        assertEquals(TimeRange.of(240, 61, FrameRate.FPS_24), clip.mediaRange());
    }

    @Test
    void speedTransitionsAndBlendedSamplingAreNamedNotHidden() {
        String doc = """
                <?xml version="1.0" encoding="UTF-8"?>
                <!DOCTYPE fcpxml>
                <fcpxml version="1.11">
                  <resources>
                    <format id="r1" name="FFVideoFormat1080p24" frameDuration="100/2400s" width="1920" height="1080"/>
                    <asset id="r2" name="RUN" start="0s" duration="100s" hasVideo="1" format="r1">
                      <media-rep kind="original-media" src="file:///m/RUN.mov"/>
                    </asset>
                  </resources>
                  <project name="Blend">
                    <sequence format="r1" tcStart="0s" tcFormat="NDF">
                      <spine>
                        <asset-clip ref="r2" name="blend" offset="0s" start="0s" duration="2s">
                          <timeMap frameSampling="frame-blending">
                            <timept time="0s" value="0s" interp="linear"/>
                            <timept time="1s" value="1s" interp="linear" inTime="23/24s" outTime="25/24s"/>
                            <timept time="2s" value="3s" interp="linear"/>
                          </timeMap>
                        </asset-clip>
                      </spine>
                    </sequence>
                  </project>
                </fcpxml>
                """;
        Edit edit =
                new FcpXmlReader().read(doc.getBytes(StandardCharsets.UTF_8), "blend.fcpxml", ReadOptions.defaults());
        Clip clip = TrackText.track(edit.timeline(), TrackKind.VIDEO, 0)
                .clips()
                .findFirst()
                .orElseThrow();
        assertTrue(clip.speedRamp().orElseThrow().approximated(), "a point with a speed transition is a curve");
        assertTrue(
                edit.problems().stream().anyMatch(p -> p.message().contains("frameSampling 'frame-blending'")),
                edit.problems().toString());
    }

    @Test
    void smoothPointsArePlayedAsLinesAndSaySo() {
        Timeline t = new FcpXmlReader()
                .read(FcpXmlReaderSamplesTest.sample("timemap.fcpxml"), ReadOptions.defaults())
                .timeline();
        Clip clip = TrackText.track(t, TrackKind.VIDEO, 0).clips().toList().get(2);
        SpeedRamp ramp = clip.speedRamp().orElseThrow();
        assertTrue(ramp.approximated());
        // 40s -> 41s over the first second, 41s -> 43s over the next: source 960 + k, then 984 + 2(k - 24)
        assertEquals(960, clip.sourceRange().start().value());
        assertEquals(23, ramp.sourceOffsetAt(23));
        assertEquals(24, ramp.sourceOffsetAt(24));
        assertEquals(24 + 2 * 23, ramp.sourceOffsetAt(47));
        assertEquals(
                "speed ramp: 3 keyframes, source frames 960–1030 (approximated: smooth keyframes played as"
                        + " straight lines)",
                ramp.describe(960, 48));
    }
}
