package gateway.proxy.transcode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.model.asset.AssetId;
import gateway.model.asset.MediaInfo;
import gateway.model.time.FrameRate;
import gateway.proxy.FfprobeCheck;
import gateway.proxy.probe.MediaProbe;
import gateway.proxy.progress.ProgressListener;
import gateway.proxy.samples.SampleOriginals;
import gateway.proxy.samples.SampleSpec;
import gateway.testing.Corpora;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Originals of every kind ingest meets, each through the whole default ladder, every output checked
 * against the original ({@link LadderChecks#assertEveryOutput}): generated ones (ProRes HQ with
 * timecode and eight channels, H.264 MP4 without timecode, DNxHR in MXF) and the real files of
 * corpora's {@code media/} folder (docs/corpora.md).
 */
class LadderOriginalsIT {
    private final SampleOriginals samples = new SampleOriginals();
    private final MediaProbe probe = new MediaProbe();
    private final Ladder ladder = new Ladder(probe);

    @TempDir
    Path originals;

    @TempDir
    Path assetDir;

    @Test
    void proresHqWithTimecodeAndEightChannels() throws Exception {
        Path original = samples.generate(
                SampleSpec.proresHq1080p25()
                        .withAudioChannels(8)
                        .withSize(640, 360)
                        .withDurationFrames(60)
                        .withNoise(false),
                originals.resolve("A001C004.mov"));
        MediaInfo probed = probe.probe(original);
        assertEquals("prores", probed.video().codec());
        assertEquals(8, probed.audioChannels());
        assertEquals("01:00:00:00", probed.startTimecode().toString());
        assertEquals("A001C003", probed.reel());

        AssetId id = AssetId.random();
        LadderResult result = ladder.makeAll(original, probed, id, assetDir, ProgressListener.NONE);

        new LadderChecks(assetDir).assertEveryOutput(probed, id, result, probe);
        Path edit = assetDir.resolve(result.rendition("edit").orElseThrow().path());
        assertEquals("A001C003", FfprobeCheck.first(edit, "data").get("TAG:reel_name"));
        assertEquals(
                "2",
                FfprobeCheck.first(assetDir.resolve("stream/stream-hi.mp4"), "audio")
                        .get("channels"),
                "streams carry stereo of the first stream");
    }

    @Test
    void h264Mp4WithoutTimecodeGivesAProxyWithoutTimecode() throws Exception {
        Path original = samples.generate(
                SampleSpec.h264Mp4WithoutTimecode()
                        .withSize(640, 360)
                        .withDurationFrames(45)
                        .withNoise(false),
                originals.resolve("IMG_0042.mp4"));
        MediaInfo probed = probe.probe(original);
        assertEquals("mp4", probed.container());
        assertEquals(FrameRate.FPS_29_97, probed.frameRate());
        assertEquals(45, probed.durationFrames());
        // No timecode track: our probe says so (null), and the NLE counts such a file from 00:00:00:00.
        assertNull(probed.startTimecode());
        assertNull(probed.reel());
        assertNull(FfprobeCheck.first(original, "video").get("TAG:timecode"));

        AssetId id = AssetId.random();
        LadderResult result = ladder.makeAll(original, probed, id, assetDir, ProgressListener.NONE);

        new LadderChecks(assetDir).assertEveryOutput(probed, id, result, probe);
        Path edit = assetDir.resolve(result.rendition("edit").orElseThrow().path());
        assertEquals("IMG_0042.mov", edit.getFileName().toString());
        assertNull(probe.probe(edit).startTimecode(), "the proxy has no timecode track either");
        assertFalse(
                FfprobeCheck.streams(edit).stream().anyMatch(s -> "data".equals(s.get("codec_type"))),
                "no tmcd track in the proxy");
    }

    @Test
    void dnxhrMxfKeepsTheHeaderTimecodeAndPackageName() throws Exception {
        Path original = samples.generate(
                SampleSpec.dnxhr1080p25()
                        .withSize(1280, 720)
                        .withDurationFrames(30)
                        .withNoise(false),
                originals.resolve("C004.mxf"));
        MediaInfo probed = probe.probe(original);
        assertEquals("00:00:00:00", probed.startTimecode().toString(), "what mxfmux writes");
        assertEquals("Source package", probed.reel());

        AssetId id = AssetId.random();
        LadderResult result = ladder.makeAll(original, probed, id, assetDir, ProgressListener.NONE);

        new LadderChecks(assetDir).assertEveryOutput(probed, id, result, probe);
    }

    @ParameterizedTest
    @MethodSource("corporaMedia")
    void corporaMediaGoesThroughTheWholeLadder(String name) throws Exception {
        Path original = Corpora.file("media").resolve(name);
        MediaInfo probed = probe.probe(original);
        AssetId id = AssetId.random();

        LadderResult result = ladder.makeAll(original, probed, id, assetDir, ProgressListener.NONE);

        new LadderChecks(assetDir).assertEveryOutput(probed, id, result, probe);
        if (name.startsWith("frame_debugger")) {
            MediaInfo edit = probe.probe(
                    assetDir.resolve(result.rendition("edit").orElseThrow().path()));
            assertEquals(
                    name.contains("1h") ? "01:00:00:00" : "00:00:00:00",
                    edit.startTimecode().toString());
            assertEquals(FrameRate.FPS_24, edit.frameRate());
        }
    }

    static List<String> corporaMedia() throws Exception {
        Path media = Corpora.file("media");
        try (Stream<Path> files = Files.walk(media)) {
            List<String> names = files.filter(Files::isRegularFile)
                    .map(f -> media.relativize(f).toString())
                    .filter(n -> !n.endsWith(".md") && !n.endsWith(".txt"))
                    .sorted()
                    .toList();
            assertTrue(names.size() >= 8, "the corpora's media: " + names);
            return names;
        }
    }
}
