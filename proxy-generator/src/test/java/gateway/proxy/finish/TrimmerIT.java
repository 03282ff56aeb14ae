package gateway.proxy.finish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.model.asset.MediaInfo;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.model.time.FrameRate;
import gateway.model.time.Timecode;
import gateway.proxy.FfprobeCheck;
import gateway.proxy.probe.MediaProbe;
import gateway.proxy.samples.SampleOriginals;
import gateway.proxy.samples.SampleSpec;
import gateway.testing.Corpora;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrimmerIT {
    private final SampleOriginals samples = new SampleOriginals();
    private final MediaProbe probe = new MediaProbe();
    private final Trimmer trimmer = new Trimmer(probe);

    @TempDir
    Path originals;

    @TempDir
    Path out;

    private Path prores25(String name, long frames, int channels) {
        FrameRate rate = FrameRate.FPS_25;
        return samples.generate(
                new SampleSpec(
                        SampleSpec.Container.MOV,
                        SampleSpec.Codec.PRORES_HQ,
                        320,
                        180,
                        rate,
                        frames,
                        Timecode.parse("01:00:00:00", rate),
                        "A001C003",
                        channels,
                        24,
                        true),
                originals.resolve(name));
    }

    @Test
    void copiesExactlyTheRangeWithTimecodeReelAndEveryChannel() throws Exception {
        Path original = prores25("A001C003.mov", 100, 4);
        List<Integer> progress = new ArrayList<>();

        TrimResult r = trimmer.trim(new TrimRequest(original, 37, 88, out.resolve("A001C003_trim.mov")), progress::add);

        Path copy = out.resolve("A001C003_trim.mov");
        assertEquals(copy.toAbsolutePath(), r.file());
        assertEquals(51, r.frames());
        assertEquals(Files.size(copy), r.bytes());
        assertEquals("01:00:01:12", r.start().toString());
        assertEquals(100, progress.get(progress.size() - 1));
        MediaInfo made = probe.probe(copy);
        assertEquals("prores", made.video().codec());
        assertEquals(320, made.video().width());
        assertEquals(FrameRate.FPS_25, made.frameRate());
        assertEquals(51, made.durationFrames());
        assertEquals("01:00:01:12", made.startTimecode().toString());
        assertEquals("A001C003", made.reel());
        assertEquals(4, made.audioChannels());
        assertEquals(24, made.audio().get(0).bitDepth());

        Map<String, String> video = FfprobeCheck.first(copy, "video");
        assertEquals("51", video.get("nb_frames"));
        assertEquals("yuv422p10le", video.get("pix_fmt"));
        assertEquals("01:00:01:12", video.get("TAG:timecode"));
        Map<String, String> audio = FfprobeCheck.first(copy, "audio");
        assertEquals("4", audio.get("channels"));
        assertEquals(String.valueOf(51 * 1920), audio.get("duration_ts"), "51 frames of 48 kHz samples exactly");

        assertSameFrames(original, copy, 37, 0);
        assertSameFrames(original, copy, 87, 50);
        assertOnly(out, copy);
    }

    @Test
    void keepsTheRateAndTimecodeOfA23976Original() throws Exception {
        Path original = samples.generate(
                SampleSpec.h264At23976FourChannels().withSize(320, 180).withDurationFrames(60),
                originals.resolve("B002C011.mov"));

        TrimResult r = trimmer.trim(new TrimRequest(original, 29, 53, out.resolve("B002C011.mov")), p -> {});

        MediaInfo made = probe.probe(r.file());
        assertEquals(FrameRate.FPS_23_976, made.frameRate());
        assertEquals(24, made.durationFrames());
        assertEquals("14:00:01:05", made.startTimecode().toString());
        assertEquals("B002C011", made.reel());
        assertEquals(4, made.audioChannels());
        Map<String, String> audio = FfprobeCheck.first(r.file(), "audio");
        SampleClock clock = new SampleClock(48_000);
        long samplesExpected = clock.atFrame(53, FrameRate.FPS_23_976) - clock.atFrame(29, FrameRate.FPS_23_976);
        assertEquals(String.valueOf(samplesExpected), audio.get("duration_ts"));
        assertEquals("24000/1001", FfprobeCheck.first(r.file(), "video").get("r_frame_rate"));
        assertSameFrames(original, r.file(), 29, 0);
        assertSameFrames(original, r.file(), 52, 23);
    }

    @Test
    void anMxfOriginalWithoutTimecodeCountsFromZero() throws Exception {
        Path original = samples.generate(
                SampleSpec.dnxhr1080p25().withDurationFrames(12).withNoise(false), originals.resolve("D001.mxf"));

        TrimResult r = trimmer.trim(new TrimRequest(original, 5, 9, out.resolve("D001.mov")), p -> {});

        MediaInfo made = probe.probe(r.file());
        assertEquals(4, made.durationFrames());
        assertEquals("00:00:00:05", made.startTimecode().toString());
        assertEquals(1920, made.video().width());
        assertEquals(2, made.audioChannels());
    }

    @Test
    void aRangePastTheEndIsAnInvalidArgumentAndWritesNothing() throws Exception {
        Path original = prores25("short.mov", 20, 2);

        GatewayException e = assertThrows(
                GatewayException.class,
                () -> trimmer.trim(new TrimRequest(original, 10, 21, out.resolve("short.mov")), p -> {}));

        assertEquals(Reason.INVALID_ARGUMENT, e.reason());
        assertTrue(e.getMessage().startsWith("short.mov"), e.getMessage());
        assertOnly(out);
    }

    @Test
    void aDamagedOriginalIsCorruptAndLeavesNothingBehind() throws Exception {
        Path original = prores25("damaged.mov", 20, 2);
        byte[] bytes = Files.readAllBytes(original);
        Files.write(original, Arrays.copyOf(bytes, bytes.length * 2 / 3));

        GatewayException e = assertThrows(
                GatewayException.class,
                () -> trimmer.trim(new TrimRequest(original, 0, 10, out.resolve("damaged.mov")), p -> {}));

        assertEquals(Reason.CORRUPT, e.reason(), e.getMessage());
        assertTrue(e.getMessage().startsWith("damaged.mov"), e.getMessage());
        assertOnly(out);
    }

    @Test
    void cutsABroadcastWavSampleExactlyAndMovesItsTimecode() throws Exception {
        Path original =
                samples.generate(SampleSpec.broadcastWav().withDurationFrames(96), originals.resolve("SR001.wav"));

        TrimResult r = trimmer.trim(new TrimRequest(original, 24, 72, out.resolve("SR001_trim.wav")), p -> {});

        assertEquals("12:40:00:00", r.start().toString());
        MediaInfo made = probe.probe(r.file());
        assertEquals(FrameRate.FPS_23_976, made.frameRate());
        assertEquals("12:40:00:00", made.startTimecode().toString());
        assertEquals(48, made.durationFrames());
        assertEquals("SR001", made.reel());
        SampleClock clock = new SampleClock(48_000);
        long first = clock.atFrame(24, FrameRate.FPS_23_976);
        long end = clock.atFrame(72, FrameRate.FPS_23_976);
        byte[] all = pcm(original);
        byte[] cut = pcm(r.file());
        assertEquals((end - first) * 6, cut.length);
        assertTrue(Arrays.equals(all, (int) first * 6, (int) end * 6, cut, 0, cut.length), "the very same samples");
        assertOnly(out, r.file());
    }

    @Test
    void cutsARealSoundDevicesRecording() throws Exception {
        Path original = Corpora.file("media/bwf/A101_1.WAV");
        MediaInfo info = probe.probe(original);

        TrimResult r = trimmer.trim(new TrimRequest(original, 10, 20, out.resolve("A101_1.WAV")), p -> {});

        assertEquals(Timecode.fromFrames(info.startTimecode().toFrames() + 10, info.frameRate(), false), r.start());
        MediaInfo made = probe.probe(r.file());
        assertEquals(10, made.durationFrames());
        assertEquals(info.audioChannels(), made.audioChannels());
        assertEquals(info.reel(), made.reel());
    }

    private static byte[] pcm(Path wav) throws Exception {
        Process p = new ProcessBuilder("ffmpeg", "-v", "error", "-i", wav.toString(), "-f", "s24le", "-")
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        byte[] bytes = p.getInputStream().readAllBytes();
        assertEquals(0, p.waitFor());
        return bytes;
    }

    @Test
    void undecodablePicturesAreCorruptAndLeaveNothingBehind() throws Exception {
        Path original = prores25("garbled.mov", 20, 0);
        byte[] bytes = Files.readAllBytes(original);
        Random noise = new Random(7);
        for (int i = 64; i < bytes.length * 3 / 4; i++) { // the picture data; the movie box at the end stays
            bytes[i] = (byte) noise.nextInt();
        }
        Files.write(original, bytes);

        GatewayException e = assertThrows(
                GatewayException.class,
                () -> trimmer.trim(new TrimRequest(original, 2, 12, out.resolve("garbled.mov")), p -> {}));

        assertEquals(Reason.CORRUPT, e.reason(), e.getMessage());
        assertTrue(e.getMessage().startsWith("garbled.mov"), e.getMessage());
        assertOnly(out);
    }

    /** Frame {@code inCopy} of the copy is frame {@code inOriginal}: far closer to it than to its neighbours. */
    private static void assertSameFrames(Path original, Path copy, long inOriginal, long inCopy) throws Exception {
        FfmpegFrames ffmpeg = new FfmpegFrames(320, 180);
        List<byte[]> o = ffmpeg.luma(original, inOriginal - 1, inOriginal, inOriginal + 1);
        byte[] c = ffmpeg.luma(copy, inCopy).get(0);
        double same = FfmpegFrames.difference(c, o.get(1));
        double before = FfmpegFrames.difference(c, o.get(0));
        double after = FfmpegFrames.difference(c, o.get(2));
        assertTrue(
                same * 4 < Math.min(before, after),
                "frame " + inCopy + " of the copy differs by " + same + " from original frame " + inOriginal + ", by "
                        + before + " and " + after + " from its neighbours");
    }

    private static void assertOnly(Path dir, Path... expected) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(
                    List.of(expected).stream().map(Path::toAbsolutePath).toList(),
                    files.map(Path::toAbsolutePath).toList(),
                    "no temporary files left in " + dir);
        }
    }
}
