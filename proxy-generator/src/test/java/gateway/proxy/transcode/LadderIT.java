package gateway.proxy.transcode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import gateway.model.asset.AssetId;
import gateway.model.asset.MediaInfo;
import gateway.model.asset.Rendition;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.model.time.FrameRate;
import gateway.proxy.FfprobeCheck;
import gateway.proxy.probe.MediaProbe;
import gateway.proxy.progress.ProgressListener;
import gateway.proxy.samples.SampleOriginals;
import gateway.proxy.samples.SampleSpec;
import gateway.testing.Corpora;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LadderIT {
    private final SampleOriginals samples = new SampleOriginals();
    private final MediaProbe probe = new MediaProbe();
    private final Ladder ladder = new Ladder(probe);

    @TempDir
    Path originals;

    @TempDir
    Path assetDir;

    private LadderChecks checks;

    @BeforeEach
    void checks() {
        checks = new LadderChecks(assetDir);
    }

    @Test
    void wholeLadderAt25FromOneDecode() throws Exception {
        Path original = samples.generate(
                SampleSpec.proresHq1080p25()
                        .withSize(640, 360)
                        .withDurationFrames(75)
                        .withNoise(false),
                originals.resolve("A001C003.mov"));
        MediaInfo probed = probe.probe(original);
        AssetId id = AssetId.random();
        List<Integer> progress = new ArrayList<>();

        LadderResult result = ladder.makeAll(original, probed, id, assetDir, progress::add);

        assertEquals(
                List.of(
                        "edit proxy/A001C003.mov",
                        "stream-hi stream/stream-hi.mp4",
                        "stream-hi stream/stream-hi.index.json",
                        "stream-lo stream/stream-lo.mp4",
                        "stream-lo stream/stream-lo.index.json",
                        "scrub stream/scrub.mp4",
                        "scrub stream/scrub.index.json",
                        "poster poster.jpg",
                        "thumbnails thumbs/00000000.jpg",
                        "thumbnails thumbs/00000050.jpg",
                        "filmstrip filmstrip.jpg",
                        "filmstrip filmstrip.json",
                        "waveform waveform.json"),
                result.renditions().stream()
                        .map(r -> r.profile() + " " + r.path())
                        .toList());
        assertEquals(100, progress.get(progress.size() - 1));
        for (int i = 1; i < progress.size(); i++) {
            assertTrue(progress.get(i) > progress.get(i - 1), "progress goes up: " + progress);
        }

        // edit: what EditProxy makes
        Path edit = checks.file(result, "edit");
        MediaInfo made = probe.probe(edit);
        assertEquals(FrameRate.FPS_25, made.frameRate());
        assertEquals(75, made.durationFrames());
        assertEquals("01:00:00:00", made.startTimecode().toString());
        assertEquals("A001C003", made.reel());
        assertEquals(2, made.audioChannels());
        assertEquals(id, probe.embeddedAssetId(edit).orElseThrow());
        assertEquals("video/quicktime", result.rendition("edit").orElseThrow().mimeType());

        // streams: 1 s closed GOPs, one per fragment, every frame exactly once; scrub all-intra
        checks.assertFragmentIndex(result, "stream-hi", 75, 25);
        checks.assertFragmentIndex(result, "stream-lo", 75, 25);
        checks.assertFragmentIndex(result, "scrub", 75, 0);
        assertEquals(List.of(0, 25, 50), FfprobeCheck.keyFrames(checks.file(result, "stream-hi")));
        assertEquals(List.of(0, 25, 50), FfprobeCheck.keyFrames(checks.file(result, "stream-lo")));
        assertEquals(
                75, FfprobeCheck.keyFrames(checks.file(result, "scrub")).size(), "every scrub frame is a key frame");
        assertEquals(
                "320", FfprobeCheck.first(checks.file(result, "scrub"), "video").get("width"));
        assertEquals(
                "2",
                FfprobeCheck.first(checks.file(result, "stream-hi"), "audio").get("channels"));
        assertTrue(
                Files.size(checks.file(result, "stream-lo")) < Files.size(checks.file(result, "stream-hi")),
                "stream-lo is lighter than stream-hi");

        // stills: the right frames, the right colours (against ffmpeg's decode of the same frames)
        BufferedImage poster = LadderChecks.assertImage(checks.file(result, "poster"), 640, 360);
        double same = meanDifference(poster, ffmpegFrame(original, 7, 640, 360));
        double other = meanDifference(poster, ffmpegFrame(original, 40, 640, 360));
        assertTrue(same < 8, "the poster is frame 7 (10 % of 75): mean difference " + same);
        assertTrue(other > 3 * same, "frame 40 differs: " + other + " vs " + same);
        BufferedImage thumb50 =
                ImageIO.read(assetDir.resolve("thumbs/00000050.jpg").toFile());
        assertTrue(meanDifference(thumb50, ffmpegFrame(original, 50, 320, 180)) < 10, "thumbnail 50 is frame 50");
        LadderChecks.assertImage(assetDir.resolve("thumbs/00000000.jpg"), 320, 180);
        LadderChecks.assertImage(assetDir.resolve("thumbs/00000050.jpg"), 320, 180);
        JsonNode strip = LadderChecks.json(assetDir.resolve("filmstrip.json"));
        BufferedImage sprite = LadderChecks.assertImage(assetDir.resolve("filmstrip.jpg"), 10 * 160, 8 * 90);
        assertEquals(sprite.getWidth(), strip.get("width_px").asInt());
        assertEquals(sprite.getHeight(), strip.get("height_px").asInt());
        assertEquals(75, strip.get("tiles").size(), "75 frames, up to 100 tiles: one tile a frame");
        Set<String> rects = new HashSet<>();
        for (int i = 0; i < 75; i++) {
            JsonNode t = strip.get("tiles").get(i);
            assertEquals(i, t.get("frame").asInt());
            assertEquals(160, t.get("width_px").asInt());
            assertTrue(t.get("x_px").asInt() + 160 <= sprite.getWidth());
            assertTrue(t.get("y_px").asInt() + 90 <= sprite.getHeight());
            rects.add(t.get("x_px") + "," + t.get("y_px"));
        }
        assertEquals(75, rects.size(), "no two tiles overlap");

        // waveform: 3 s at 48 kHz, 100 peaks a second
        JsonNode wave = LadderChecks.json(assetDir.resolve("waveform.json"));
        assertEquals(480, wave.get("samples_per_peak").asInt());
        assertEquals(2, wave.get("channels").size());
        for (JsonNode channel : wave.get("channels")) {
            assertEquals(300, channel.size());
            double max = 0;
            for (JsonNode peak : channel) {
                assertTrue(peak.get(0).asDouble() <= peak.get(1).asDouble());
                max = Math.max(max, peak.get(1).asDouble());
            }
            assertTrue(max > 0.05 && max <= 1.0, "a sine is heard: max " + max);
        }

        checks.assertChecksumsAndNothingElse(result);
    }

    @Test
    void ladderAt23976KeepsRateTimecodeAndFourChannels() throws Exception {
        Path original = samples.generate(
                SampleSpec.h264At23976FourChannels()
                        .withSize(640, 360)
                        .withDurationFrames(48)
                        .withNoise(false),
                originals.resolve("B002C011.mov"));
        MediaInfo probed = probe.probe(original);

        LadderResult result = ladder.make(
                original,
                probed,
                AssetId.random(),
                assetDir,
                Set.of("edit", "stream-hi", "scrub", "thumbnails", "waveform"),
                ProgressListener.NONE);

        MediaInfo made = probe.probe(checks.file(result, "edit"));
        assertEquals(FrameRate.FPS_23_976, made.frameRate());
        assertEquals(48, made.durationFrames());
        assertEquals("14:00:00:00", made.startTimecode().toString());
        assertEquals(4, made.audioChannels());
        assertEquals(
                "24000/1001",
                FfprobeCheck.first(checks.file(result, "stream-hi"), "video").get("r_frame_rate"));
        checks.assertFragmentIndex(result, "stream-hi", 48, 24);
        checks.assertFragmentIndex(result, "scrub", 48, 0);
        assertEquals(List.of(0, 24), FfprobeCheck.keyFrames(checks.file(result, "stream-hi")));
        assertEquals(
                List.of("thumbs/00000000.jpg"),
                result.renditions("thumbnails").stream().map(Rendition::path).toList(),
                "one thumbnail every 2 timecode seconds (48 frames)");
        JsonNode wave = LadderChecks.json(assetDir.resolve("waveform.json"));
        assertEquals(4, wave.get("channels").size());
        // 48 frames at 24000/1001 = 96096 samples at 48 kHz: 200 whole peaks and a partial one
        for (JsonNode channel : wave.get("channels")) {
            assertEquals(201, channel.size());
        }
        checks.assertChecksumsAndNothingElse(result);
    }

    @Test
    void mxfOriginalKeepsItsHeaderTimecodeAndPackageName() throws Exception {
        Path original = samples.generate(
                SampleSpec.dnxhr1080p25()
                        .withSize(1280, 720)
                        .withDurationFrames(25)
                        .withNoise(false),
                originals.resolve("C003.mxf"));
        MediaInfo probed = probe.probe(original);

        LadderResult result = ladder.make(
                original,
                probed,
                AssetId.random(),
                assetDir,
                Set.of("edit", "stream-lo", "poster", "waveform"),
                ProgressListener.NONE);

        MediaInfo edit = probe.probe(checks.file(result, "edit"));
        assertEquals("C003.mov", result.rendition("edit").orElseThrow().path().substring("proxy/".length()));
        assertEquals(640, edit.video().width(), "1280x720 / 2 fits 960x540");
        assertEquals(25, edit.durationFrames());
        assertEquals("00:00:00:00", edit.startTimecode().toString(), "mxfmux's timecode track, carried over");
        assertEquals("Source package", edit.reel(), "the MXF file package's name is the reel");
        assertEquals(
                "640",
                FfprobeCheck.first(checks.file(result, "stream-lo"), "video").get("width"),
                "1280x720 / 2 fits 640x360");
        checks.assertFragmentIndex(result, "stream-lo", 25, 25);
        LadderChecks.assertImage(checks.file(result, "poster"), 960, 540);
        assertEquals(
                2,
                LadderChecks.json(assetDir.resolve("waveform.json"))
                        .get("channels")
                        .size());
        checks.assertChecksumsAndNothingElse(result);
    }

    @Test
    void audioOnlyOriginalGetsItsSoundEditAndWaveformOnly() throws Exception {
        Path original =
                samples.generate(SampleSpec.broadcastWav().withDurationFrames(24), originals.resolve("SR001.wav"));
        MediaInfo probed = probe.probe(original);

        LadderResult result = ladder.makeAll(original, probed, AssetId.random(), assetDir, ProgressListener.NONE);

        assertEquals(
                List.of("edit proxy/SR001.wav", "waveform waveform.json"),
                result.renditions().stream()
                        .map(r -> r.profile() + " " + r.path())
                        .toList());
        JsonNode wave = LadderChecks.json(assetDir.resolve("waveform.json"));
        assertEquals(2, wave.get("channels").size());
        // 24 frames at 24000/1001 = 48048 samples: 101 peaks of 480
        assertEquals(101, wave.get("channels").get(0).size());
        checks.assertChecksumsAndNothingElse(result);
    }

    @Test
    void waveformAloneOfAVideoOriginalDecodesNoPictureWork() throws Exception {
        Path original = samples.generate(
                SampleSpec.proresHq1080p25()
                        .withSize(320, 180)
                        .withDurationFrames(25)
                        .withNoise(false),
                originals.resolve("W.mov"));
        List<Integer> progress = new ArrayList<>();

        LadderResult result = ladder.make(
                original, probe.probe(original), AssetId.random(), assetDir, Set.of("waveform"), progress::add);

        assertEquals(
                List.of("waveform.json"),
                result.renditions().stream().map(Rendition::path).toList());
        assertEquals(
                100,
                LadderChecks.json(assetDir.resolve("waveform.json"))
                        .get("channels")
                        .get(0)
                        .size());
        assertTrue(progress.contains(50), "progress counts audio samples: " + progress);
        assertEquals(100, progress.get(progress.size() - 1));
        checks.assertChecksumsAndNothingElse(result);
    }

    @Test
    void aBranchThatCannotWriteStopsTheJobWithItsOwnErrorAndLeavesNoFile() throws Exception {
        Path original = samples.generate(
                SampleSpec.proresHq1080p25()
                        .withSize(320, 180)
                        .withDurationFrames(50)
                        .withNoise(false),
                originals.resolve("T.mov"));
        Path blocker = Files.writeString(assetDir.resolve("thumbs"), "a file where the thumbnails folder goes");

        GatewayException e = assertThrows(
                GatewayException.class,
                () -> ladder.make(
                        original,
                        probe.probe(original),
                        AssetId.random(),
                        assetDir,
                        Set.of("edit", "stream-hi", "thumbnails"),
                        ProgressListener.NONE));

        assertEquals(Reason.IO, e.reason(), e.getMessage());
        assertTrue(e.getMessage().contains("thumbs"), e.getMessage());
        assertEquals(List.of(blocker), LadderChecks.regularFiles(assetDir), "only what was there before");
    }

    @Test
    void corruptOriginalFailsTheWholeJobAndLeavesNoFile() throws Exception {
        Path good = samples.generate(
                SampleSpec.proresHq1080p25()
                        .withSize(320, 180)
                        .withDurationFrames(25)
                        .withNoise(false),
                originals.resolve("good.mov"));
        MediaInfo probed = probe.probe(good);
        byte[] noise = new byte[300_000];
        new Random(7).nextBytes(noise);
        Path bad = Files.write(originals.resolve("bad.mov"), noise);
        byte[] whole = Files.readAllBytes(good);
        Path truncated = Files.write(originals.resolve("cut.mov"), java.util.Arrays.copyOf(whole, whole.length / 2));

        for (Path broken : List.of(bad, truncated)) {
            GatewayException e = assertThrows(
                    GatewayException.class,
                    () -> ladder.makeAll(broken, probed, AssetId.random(), assetDir, ProgressListener.NONE));
            assertTrue(
                    e.reason() == Reason.UNSUPPORTED || e.reason() == Reason.CORRUPT,
                    e.reason() + " " + e.getMessage());
            assertTrue(e.getMessage().startsWith(broken.getFileName().toString()), e.getMessage());
            assertEquals(
                    List.of(), LadderChecks.regularFiles(assetDir), "nothing left behind for " + broken.getFileName());
        }
    }

    @Test
    void anOutputThatDoesNotMatchFailsTheJobAfterEveryBranchWroteAndLeavesNoFile() throws Exception {
        Path shortOne = samples.generate(
                SampleSpec.proresHq1080p25()
                        .withSize(320, 180)
                        .withDurationFrames(25)
                        .withNoise(false),
                originals.resolve("short.mov"));
        Path longOne = samples.generate(
                SampleSpec.proresHq1080p25()
                        .withSize(320, 180)
                        .withDurationFrames(30)
                        .withNoise(false),
                originals.resolve("long.mov"));
        // Told the original is 30 frames long, the ladder decodes 25: thumbnails, stills and
        // fragmented files are written under temporary names, then a check fails. The decoder gave
        // fewer pictures than the file declares: the input's fault (a damaged or missing frame),
        // CORRUPT, as the "249 instead of 250" files of the mutation run are.
        GatewayException e = assertThrows(
                GatewayException.class,
                () -> ladder.makeAll(
                        shortOne, probe.probe(longOne), AssetId.random(), assetDir, ProgressListener.NONE));
        assertEquals(Reason.CORRUPT, e.reason(), e.getMessage());
        assertTrue(e.getMessage().contains("declares 30 frames but decoding it gave 25"), e.getMessage());
        assertEquals(List.of(), LadderChecks.regularFiles(assetDir));
    }

    @Test
    void unknownProfileIsRejectedBeforeAnyWork() {
        Path wav = Corpora.file("media/bwf/A101_1.WAV"); // outside assertThrows: no corpora aborts
        GatewayException e = assertThrows(
                GatewayException.class,
                () -> ladder.make(
                        originals.resolve("none.mov"),
                        probe.probe(wav),
                        AssetId.random(),
                        assetDir,
                        Set.of("stream-4k"),
                        ProgressListener.NONE));
        assertEquals(Reason.INVALID_ARGUMENT, e.reason());
    }

    /** Frame {@code n} of {@code original} as ffmpeg decodes and scales it. */
    private BufferedImage ffmpegFrame(Path original, int n, int width, int height) throws Exception {
        Path png = originals.resolve("frame-" + n + "-" + width + ".png");
        Process p = new ProcessBuilder(
                        "ffmpeg",
                        "-nostdin",
                        "-v",
                        "error",
                        "-y",
                        "-i",
                        original.toString(),
                        "-vf",
                        "select=eq(n\\," + n + "),scale=" + width + ":" + height,
                        "-frames:v",
                        "1",
                        png.toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, out);
        return ImageIO.read(png.toFile());
    }

    /** The mean absolute difference of the red, green and blue samples of two images of one size (0-255). */
    private static double meanDifference(BufferedImage a, BufferedImage b) {
        assertEquals(a.getWidth(), b.getWidth());
        assertEquals(a.getHeight(), b.getHeight());
        long sum = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                int p = a.getRGB(x, y);
                int q = b.getRGB(x, y);
                for (int shift = 0; shift <= 16; shift += 8) {
                    sum += Math.abs(((p >> shift) & 0xff) - ((q >> shift) & 0xff));
                }
            }
        }
        return sum / (3.0 * a.getWidth() * a.getHeight());
    }
}
