package gateway.proxy.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.model.asset.AudioStream;
import gateway.model.asset.MediaInfo;
import gateway.model.time.FrameRate;
import gateway.proxy.FfprobeCheck;
import gateway.proxy.probe.MediaProbe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each preset generated (shortened and small, except the WAV), then probed back and checked with ffprobe. */
class SampleOriginalsIT {
    private final SampleOriginals samples = new SampleOriginals();
    private final MediaProbe probe = new MediaProbe();

    @TempDir
    Path dir;

    @Test
    void proresHqWithTimecodeAndReel() throws Exception {
        SampleSpec spec = SampleSpec.proresHq1080p25().withSize(640, 360).withDurationFrames(50);
        List<Integer> progress = new ArrayList<>();
        Path out = samples.generate(spec, dir.resolve("A001C003.mov"), progress::add);

        MediaInfo info = probe.probe(out);
        assertEquals(FrameRate.FPS_25, info.frameRate());
        assertEquals(50, info.durationFrames());
        assertEquals("01:00:00:00", info.startTimecode().toString());
        assertEquals("A001C003", info.reel());
        assertEquals("prores", info.video().codec());
        assertEquals(640, info.video().width());
        assertEquals(List.of(new AudioStream("pcm", 2, 48000, 24)), info.audio());

        Map<String, String> video = FfprobeCheck.first(out, "video");
        assertEquals("prores", video.get("codec_name"));
        assertEquals("HQ", video.get("profile"));
        assertEquals("25/1", video.get("r_frame_rate"));
        assertEquals("50", video.get("nb_frames"));
        assertEquals("01:00:00:00", video.get("TAG:timecode"));
        Map<String, String> tmcd = FfprobeCheck.first(out, "data");
        assertEquals("A001C003", tmcd.get("TAG:reel_name"));

        assertEquals(100, progress.get(progress.size() - 1));
        for (int i = 1; i < progress.size(); i++) {
            assertEquals(progress.get(i - 1) + 1, progress.get(i), "progress counts up by one: " + progress);
        }
        assertOnlyFile(out);
    }

    @Test
    void h264At23976WithFourChannels() throws Exception {
        SampleSpec spec =
                SampleSpec.h264At23976FourChannels().withSize(640, 360).withDurationFrames(48);
        Path out = samples.generate(spec, dir.resolve("B002C011.mov"));

        MediaInfo info = probe.probe(out);
        assertEquals(FrameRate.FPS_23_976, info.frameRate());
        assertEquals(48, info.durationFrames());
        assertEquals("14:00:00:00", info.startTimecode().toString());
        assertEquals(FrameRate.FPS_23_976, info.startTimecode().rate());
        assertEquals("B002C011", info.reel());
        assertEquals("h264", info.video().codec());
        assertEquals(4, info.audioChannels());

        Map<String, String> video = FfprobeCheck.first(out, "video");
        assertEquals("24000/1001", video.get("r_frame_rate"));
        assertEquals("14:00:00:00", video.get("TAG:timecode"));
        assertEquals("4", FfprobeCheck.first(out, "audio").get("channels"));
        assertOnlyFile(out);
    }

    @Test
    void broadcastWavCarriesTimecodeRateAndTape() throws Exception {
        List<Integer> progress = new ArrayList<>();
        Path out = samples.generate(SampleSpec.broadcastWav(), dir.resolve("SR001.wav"), progress::add);

        MediaInfo info = probe.probe(out);
        assertEquals(FrameRate.FPS_23_976, info.frameRate());
        assertEquals("12:39:59:00", info.startTimecode().toString());
        assertEquals(240, info.durationFrames());
        assertEquals("SR001", info.reel());
        assertEquals(List.of(new AudioStream("pcm", 2, 48000, 24)), info.audio());
        assertTrue(info.warnings().isEmpty(), info.warnings().toString());

        Map<String, String> audio = FfprobeCheck.first(out, "audio");
        assertEquals("pcm_s24le", audio.get("codec_name"));
        assertEquals(100, progress.get(progress.size() - 1));
        assertOnlyFile(out);
    }

    @Test
    void dropFrameTimecodeSurvives() throws Exception {
        FrameRate rate = FrameRate.FPS_29_97;
        SampleSpec spec = new SampleSpec(
                SampleSpec.Container.MOV,
                SampleSpec.Codec.H264,
                320,
                180,
                rate,
                30,
                gateway.model.time.Timecode.parse("10:03:00;05", rate),
                "DF01",
                1,
                16,
                false);
        Path out = samples.generate(spec, dir.resolve("df.mov"));
        MediaInfo info = probe.probe(out);
        assertEquals("10:03:00;05", info.startTimecode().toString());
        assertTrue(info.dropFrame());
        assertEquals("10:03:00;05", FfprobeCheck.first(out, "video").get("TAG:timecode"));
    }

    private void assertOnlyFile(Path out) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> all = files.toList();
            assertEquals(List.of(out), all, "no temporary files left behind");
        }
    }
}
