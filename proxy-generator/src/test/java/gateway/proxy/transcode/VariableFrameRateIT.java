package gateway.proxy.transcode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.model.asset.AssetId;
import gateway.model.asset.MediaInfo;
import gateway.model.time.FrameRate;
import gateway.proxy.FfprobeCheck;
import gateway.proxy.probe.MediaProbe;
import gateway.proxy.probe.MxfWriters;
import gateway.proxy.progress.ProgressListener;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Phone footage: a QuickTime file whose pictures last one or two frames (written by ffmpeg with
 * their own times) is noted as variable-rate with its timing, and its edit proxy is constant at the
 * most common rate, as long as the original (ffprobe is the witness).
 */
class VariableFrameRateIT {
    private final MediaProbe probe = new MediaProbe();
    private final Ladder ladder = new Ladder(probe);

    @TempDir
    Path originals;

    @TempDir
    Path assetDir;

    @Test
    void aVariableRateOriginalGivesAConstantRateProxyAndAWarning() throws Exception {
        // 15 pictures of 1/25 s, then 5 of 2/25 s: 20 pictures over 0.96 s (ffmpeg gives the last 1/25 s)
        Path original = MxfWriters.ffmpeg(
                "320x240",
                "25",
                10,
                false,
                List.of(
                        "-frames:v",
                        "20",
                        "-vf",
                        "setpts='if(lt(N,15),N,2*N-15)/25/TB'",
                        "-fps_mode",
                        "passthrough",
                        "-c:v",
                        "mpeg4",
                        "-q:v",
                        "5",
                        "-video_track_timescale",
                        "25",
                        "-timecode",
                        "01:00:00:00",
                        "-f",
                        "mov"),
                originals.resolve("IMG_0001.MOV"));
        Map<String, String> seen = FfprobeCheck.first(original, "video");
        assertEquals("20", seen.get("nb_frames"), "the writer wrote 20 pictures");
        assertEquals("0.960000", seen.get("duration"));

        MediaInfo probed = probe.probe(original);
        assertTrue(probed.variableFrameRate());
        assertEquals(FrameRate.FPS_25, probed.frameRate());
        assertEquals(24, probed.durationFrames(), "the original's duration in frames of the constant rate");
        assertEquals(
                List.of("variable frame rate: 20 pictures of differing durations over 24 frames at 25 fps (the most"
                        + " common duration); the proxies are made constant at 25 fps (pictures repeated or dropped"
                        + " by their time), the original keeps its own timing"),
                probed.warnings());

        LadderResult result = ladder.make(
                original, probed, AssetId.random(), assetDir, Set.of(EditProxy.PROFILE), ProgressListener.NONE);

        Path edit = assetDir.resolve(result.rendition("edit").orElseThrow().path());
        Map<String, String> video = FfprobeCheck.first(edit, "video");
        assertEquals("25/1", video.get("r_frame_rate"));
        assertEquals("25/1", video.get("avg_frame_rate"), "constant: every picture lasts 1/25 s");
        assertEquals("24", video.get("nb_frames"), "as long as the original");
        assertEquals("01:00:00:00", video.get("TAG:timecode"));
        MediaInfo made = probe.probe(edit);
        assertEquals(false, made.variableFrameRate(), made.warnings().toString());
        assertEquals(24, made.durationFrames());
    }
}
