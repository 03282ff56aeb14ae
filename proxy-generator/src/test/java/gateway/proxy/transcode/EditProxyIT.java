package gateway.proxy.transcode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.model.asset.AssetId;
import gateway.model.asset.MediaInfo;
import gateway.model.asset.Rendition;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.model.time.FrameRate;
import gateway.proxy.FfprobeCheck;
import gateway.proxy.checksum.FileChecksums;
import gateway.proxy.probe.MediaProbe;
import gateway.proxy.probe.MxfWriters;
import gateway.proxy.progress.ProgressListener;
import gateway.proxy.samples.SampleOriginals;
import gateway.proxy.samples.SampleSpec;
import gateway.testing.Corpora;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EditProxyIT {
    private final SampleOriginals samples = new SampleOriginals();
    private final MediaProbe probe = new MediaProbe();
    private final EditProxy editProxy = new EditProxy(probe);

    @TempDir
    Path originals;

    @TempDir
    Path proxies;

    @Test
    void proresOriginalGivesAMatchingH264Proxy() throws Exception {
        Path original = samples.generate(
                SampleSpec.proresHq1080p25().withSize(1280, 720).withDurationFrames(50),
                originals.resolve("A001C003.mov"));
        MediaInfo probed = probe.probe(original);
        AssetId id = new AssetId("0f8e2c1a-5b7d-4c3e-9a21-6d4f0b9e7a13");
        List<Integer> progress = new ArrayList<>();

        Rendition r =
                editProxy.make(original, probed, id, proxies.resolve(EditProxy.fileNameFor(original)), progress::add);

        Path proxy = proxies.resolve(r.path());
        assertEquals("A001C003.mov", r.path());
        assertEquals("edit", r.profile());
        assertEquals(Files.size(proxy), r.sizeBytes());
        assertEquals(FileChecksums.compute(proxy), r.checksums());
        assertEquals(100, progress.get(progress.size() - 1));

        MediaInfo made = probe.probe(proxy);
        assertEquals("h264", made.video().codec());
        assertEquals(640, made.video().width());
        assertEquals(360, made.video().height());
        assertEquals(FrameRate.FPS_25, made.frameRate());
        assertEquals(50, made.durationFrames());
        assertEquals("01:00:00:00", made.startTimecode().toString());
        assertEquals("A001C003", made.reel());
        assertEquals(2, made.audioChannels());
        assertEquals("pcm", made.audio().get(0).codec());
        assertEquals(id, probe.embeddedAssetId(proxy).orElseThrow());

        Map<String, String> video = FfprobeCheck.first(proxy, "video");
        assertEquals("h264", video.get("codec_name"));
        assertEquals("yuv420p", video.get("pix_fmt"));
        assertEquals("25/1", video.get("r_frame_rate"));
        assertEquals("50", video.get("nb_frames"));
        assertEquals("01:00:00:00", video.get("TAG:timecode"));
        assertEquals("A001C003", FfprobeCheck.first(proxy, "data").get("TAG:reel_name"));
        assertEquals("2", FfprobeCheck.first(proxy, "audio").get("channels"));
        assertOnly(proxies, proxy);
    }

    @Test
    void fourChannel23976OriginalKeepsRateTimecodeAndChannels() throws Exception {
        Path original = samples.generate(
                SampleSpec.h264At23976FourChannels().withSize(640, 360).withDurationFrames(48),
                originals.resolve("B002C011.mov"));
        MediaInfo probed = probe.probe(original);

        Rendition r = editProxy.make(
                original, probed, AssetId.random(), proxies.resolve("B002C011.mov"), ProgressListener.NONE);

        Path proxy = proxies.resolve(r.path());
        MediaInfo made = probe.probe(proxy);
        assertEquals(FrameRate.FPS_23_976, made.frameRate());
        assertEquals(48, made.durationFrames());
        assertEquals("14:00:00:00", made.startTimecode().toString());
        assertEquals(4, made.audioChannels());
        Map<String, String> video = FfprobeCheck.first(proxy, "video");
        assertEquals("24000/1001", video.get("r_frame_rate"));
        assertEquals("48", video.get("nb_frames"));
        assertEquals("14:00:00:00", video.get("TAG:timecode"));
        assertEquals("4", FfprobeCheck.first(proxy, "audio").get("channels"));
    }

    @Test
    void xdcamMxfOriginalAt2997DropFrameGivesATimecodeTrackAndReel() throws Exception {
        Path original = MxfWriters.xdcamHd422(originals.resolve("C0007.mxf"));
        MediaInfo probed = probe.probe(original);
        assertEquals("11:00:00;00", probed.startTimecode().toString());

        Rendition r = editProxy.make(
                original,
                probed,
                AssetId.random(),
                proxies.resolve(EditProxy.fileNameFor(original)),
                ProgressListener.NONE);

        Path proxy = proxies.resolve(r.path());
        MediaInfo made = probe.probe(proxy);
        assertEquals(FrameRate.FPS_29_97, made.frameRate());
        assertEquals(probed.durationFrames(), made.durationFrames());
        assertEquals("11:00:00;00", made.startTimecode().toString());
        assertEquals("XD0001", made.reel());
        Map<String, String> video = FfprobeCheck.first(proxy, "video");
        assertEquals("30000/1001", video.get("r_frame_rate"));
        assertEquals("11:00:00;00", video.get("TAG:timecode"), "ffprobe reads the proxy's tmcd track");
        assertEquals("XD0001", FfprobeCheck.first(proxy, "data").get("TAG:reel_name"));
    }

    @Test
    void d10MxfOriginalAt25GivesATimecodeTrackAndReel() throws Exception {
        Path original = MxfWriters.d10Imx(originals.resolve("imx.mxf"));
        MediaInfo probed = probe.probe(original);

        Rendition r = editProxy.make(
                original,
                probed,
                AssetId.random(),
                proxies.resolve(EditProxy.fileNameFor(original)),
                ProgressListener.NONE);

        Path proxy = proxies.resolve(r.path());
        Map<String, String> video = FfprobeCheck.first(proxy, "video");
        assertEquals("25/1", video.get("r_frame_rate"));
        assertEquals("09:59:50:00", video.get("TAG:timecode"), "ffprobe reads the proxy's tmcd track");
        assertEquals("IMX0042", FfprobeCheck.first(proxy, "data").get("TAG:reel_name"));
        assertEquals("09:59:50:00", probe.probe(proxy).startTimecode().toString());
    }

    @Test
    void undecodableOriginalIsClassifiedAndLeavesNothing() throws Exception {
        Path good = samples.generate(
                SampleSpec.proresHq1080p25()
                        .withSize(320, 180)
                        .withDurationFrames(10)
                        .withNoise(false),
                originals.resolve("good.mov"));
        MediaInfo probed = probe.probe(good);
        byte[] noise = new byte[200_000];
        new Random(3).nextBytes(noise);
        Path bad = Files.write(originals.resolve("bad.mxf"), noise);

        GatewayException e = assertThrows(
                GatewayException.class,
                () -> editProxy.make(bad, probed, AssetId.random(), proxies.resolve("bad.mov"), ProgressListener.NONE));
        assertTrue(e.reason() == Reason.UNSUPPORTED || e.reason() == Reason.CORRUPT, e.reason() + " " + e.getMessage());
        assertTrue(e.getMessage().startsWith("bad.mxf"), e.getMessage());
        assertOnly(proxies);
    }

    @Test
    void audioOnlyOriginalIsUnsupported() {
        MediaInfo wav = probe.probe(Corpora.file("media/bwf/A101_1.WAV"));
        GatewayException e = assertThrows(
                GatewayException.class,
                () -> editProxy.make(
                        Path.of(wav.path()), wav, AssetId.random(), proxies.resolve("x.mov"), ProgressListener.NONE));
        assertEquals(Reason.UNSUPPORTED, e.reason());
    }

    private static void assertOnly(Path dir, Path... expected) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(expected), files.toList(), "no temporary files left in " + dir);
        }
    }
}
