package gateway.proxy.transcode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.model.asset.AssetId;
import gateway.model.asset.AudioStream;
import gateway.model.asset.MediaInfo;
import gateway.proxy.FfprobeCheck;
import gateway.proxy.probe.MediaProbe;
import gateway.proxy.probe.MxfWriters;
import gateway.proxy.progress.ProgressListener;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Audio as a camera records it: an XDCAM HD 422 original with four mono tracks keeps four mono
 * tracks, each with a channel layout, in the edit proxy, and its streams carry a stereo mix of all
 * four (ffprobe is the witness).
 */
class LadderAudioTracksIT {
    private final MediaProbe probe = new MediaProbe();
    private final Ladder ladder = new Ladder(probe);

    @TempDir
    Path originals;

    @TempDir
    Path assetDir;

    @Test
    void fourMonoTracksStayFourMonoTracksAndTheStreamsMixThem() throws Exception {
        Path original = MxfWriters.xdcamHd422FourMonoTracks(originals.resolve("C0004.MXF"), 1.0);
        MediaInfo probed = probe.probe(original);
        assertEquals(4, probed.audio().size(), "four tracks: " + probed.audio());
        probed.audio().forEach(a -> assertEquals(1, a.channels(), "mono: " + a));
        assertEquals(
                List.of(1, 1, 1, 1),
                probed.audio().stream().map(AudioStream::channels).toList());

        AssetId id = AssetId.random();
        LadderResult result = ladder.makeAll(original, probed, id, assetDir, ProgressListener.NONE);

        new LadderChecks(assetDir).assertEveryOutput(probed, id, result, probe);
        Path edit = assetDir.resolve(result.rendition("edit").orElseThrow().path());
        List<Map<String, String>> tracks = audio(edit);
        assertEquals(4, tracks.size(), "four audio tracks in the edit proxy: " + tracks);
        for (Map<String, String> t : tracks) {
            assertEquals("1", t.get("channels"), "a mono track: " + t);
            assertEquals("mono", t.get("channel_layout"), "a layout on every track: " + t);
            assertEquals("pcm_s16le", t.get("codec_name"));
        }
        assertEquals("10:00:00:00", FfprobeCheck.first(edit, "data").get("TAG:timecode"));

        for (String stream : List.of("stream/stream-hi.mp4", "stream/stream-lo.mp4")) {
            List<Map<String, String>> mix = audio(assetDir.resolve(stream));
            assertEquals(1, mix.size(), stream + ": one stereo track");
            assertEquals("2", mix.get(0).get("channels"));
            assertEquals("stereo", mix.get(0).get("channel_layout"));
            double[] levels = meanVolumePerSide(assetDir.resolve(stream));
            // track 1 alone (the old "first stream") is silence: the tones of tracks 2 and 4 are even channels: right
            assertTrue(levels[1] > -40, stream + ": the right side carries tracks 2 and 4, mean " + levels[1] + " dB");
            assertTrue(
                    levels[0] < -60,
                    stream + ": the left side carries the silent tracks 1 and 3, mean " + levels[0] + " dB");
        }
    }

    private static List<Map<String, String>> audio(Path file) throws IOException, InterruptedException {
        return FfprobeCheck.streams(file).stream()
                .filter(s -> "audio".equals(s.get("codec_type")))
                .toList();
    }

    /** ffmpeg's volumedetect mean volume (dB) of the left and the right channel of {@code file}'s first audio. */
    private static double[] meanVolumePerSide(Path file) throws IOException, InterruptedException {
        double[] out = new double[2];
        for (int side = 0; side < 2; side++) {
            Process p = new ProcessBuilder(
                            "ffmpeg",
                            "-nostdin",
                            "-v",
                            "info",
                            "-i",
                            file.toString(),
                            "-map",
                            "0:a:0",
                            "-af",
                            "pan=mono|c0=c" + side + ",volumedetect",
                            "-f",
                            "null",
                            "-")
                    .redirectErrorStream(true)
                    .start();
            String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "ffmpeg volumedetect finishes");
            Matcher m = Pattern.compile("mean_volume: (-?[0-9.]+|-inf) dB").matcher(log);
            assertTrue(m.find(), "volumedetect output: " + log);
            out[side] = m.group(1).equals("-inf") ? Double.NEGATIVE_INFINITY : Double.parseDouble(m.group(1));
        }
        return out;
    }
}
