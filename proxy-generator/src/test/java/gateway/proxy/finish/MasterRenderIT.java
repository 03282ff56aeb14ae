package gateway.proxy.finish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.model.asset.MediaInfo;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.model.time.FrameRate;
import gateway.model.time.RationalTime;
import gateway.model.time.TimeRange;
import gateway.model.time.Timecode;
import gateway.model.timeline.Clip;
import gateway.model.timeline.ExternalReference;
import gateway.model.timeline.FreezeFrame;
import gateway.model.timeline.Gap;
import gateway.model.timeline.Item;
import gateway.model.timeline.LinearTimeWarp;
import gateway.model.timeline.Metadata;
import gateway.model.timeline.MissingReference;
import gateway.model.timeline.TimeScalar;
import gateway.model.timeline.Timeline;
import gateway.model.timeline.Track;
import gateway.model.timeline.TrackKind;
import gateway.model.timeline.Transition;
import gateway.model.timeline.UnknownEffect;
import gateway.proxy.FfprobeCheck;
import gateway.proxy.probe.MediaProbe;
import gateway.proxy.samples.SampleOriginals;
import gateway.proxy.samples.SampleSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MasterRenderIT {
    private static final FrameRate RATE = FrameRate.FPS_25;
    private static final long A_START = Timecode.parse("01:00:00:00", RATE).toFrames();
    private static final long B_START = Timecode.parse("02:00:00:00", RATE).toFrames();
    private static final int W = 320;
    private static final int H = 180;

    private final MediaProbe probe = new MediaProbe();
    private final MasterRender render = new MasterRender(probe);
    private final FfmpegFrames ffmpeg = new FfmpegFrames(W, H);

    @TempDir
    static Path originals;

    @TempDir
    Path out;

    private static Path a;
    private static Path b;

    @BeforeAll
    static void makeOriginals() {
        SampleOriginals samples = new SampleOriginals();
        a = samples.generate(spec("01:00:00:00", "A001"), originals.resolve("A001.mov"));
        b = samples.generate(spec("02:00:00:00", "B001"), originals.resolve("B001.mov"));
    }

    private static SampleSpec spec(String start, String reel) {
        return new SampleSpec(
                SampleSpec.Container.MOV,
                SampleSpec.Codec.PRORES_HQ,
                W,
                H,
                RATE,
                100,
                Timecode.parse(start, RATE),
                reel,
                2,
                24,
                true);
    }

    /** A clip of {@code file} (available from {@code fileStart}) playing file frames {@code [first, first + n)}. */
    private static Clip clip(String name, Path file, long fileStart, long first, long n) {
        return Clip.of(
                name,
                TimeRange.of(fileStart + first, n, RATE),
                ExternalReference.of(file.toUri().toString(), TimeRange.of(fileStart, 100, RATE)));
    }

    private Timeline edit() {
        List<Item> v1 = List.of(
                clip("A1", a, A_START, 10, 20), // record 0-19: A 10-29
                Clip.of(
                        "B1",
                        TimeRange.of(B_START + 30, 20, RATE),
                        ExternalReference.of(b.toString(), TimeRange.of(B_START, 100, RATE))), // 20-33: B 30-43
                Transition.dissolve("B1 to A2", 6, 6, RATE), // 34-45: B 44-55 into A 29-40
                clip("A2", a, A_START, 35, 20), // 46-59: A 41-54
                clip("B2", b, B_START, 10, 10).withEffects(List.of(LinearTimeWarp.of(TimeScalar.of(2, 1)))), // 60-69
                clip("A3", a, A_START, 50, 8).withEffects(List.of(FreezeFrame.of())), // 70-77: A 50
                Gap.of(5, RATE), // 78-82: black
                clip("B3", b, B_START, 60, 7), // 83-89: B 60-66 (84-86 under V2's missing clip)
                clip("A4", a, A_START, 80, 6).withEffects(List.of(LinearTimeWarp.of(TimeScalar.of(-1, 1))))); // 90-95
        List<Item> v2 = List.of(
                Gap.of(84, RATE),
                Clip.of(
                        "lost",
                        TimeRange.of(3_600_000, 3, RATE),
                        MissingReference.of("Z999", "lost", "Z999.mov", null)));
        return Timeline.of(
                "conform",
                Timecode.parse("10:00:00:00", RATE).toTime(),
                List.of(Track.of("V1", TrackKind.VIDEO, v1), Track.of("V2", TrackKind.VIDEO, v2)));
    }

    @Test
    void flattensCutsDissolveSpeedFreezeGapAndLayers() throws Exception {
        List<Integer> progress = new ArrayList<>();

        RenderResult r = render.render(
                edit(), RenderOptions.to(out.resolve("master.mov")).withRenderAnyway(true), progress::add);

        assertEquals(96, r.frames());
        assertEquals("10:00:00:00", r.start().toString());
        assertEquals(100, progress.get(progress.size() - 1));
        assertEquals(1, r.warnings().size(), r.warnings().toString());
        assertTrue(r.warnings().get(0).contains("'lost'"), r.warnings().toString());
        assertEquals(
                List.of("lost"), r.notRendered().stream().map(NotRendered::clip).toList());
        MediaInfo made = probe.probe(r.file());
        assertEquals(RATE, made.frameRate());
        assertEquals(96, made.durationFrames());
        assertEquals("10:00:00:00", made.startTimecode().toString());
        assertEquals("prores", made.video().codec());
        assertEquals(W, made.video().width());
        Map<String, String> video = FfprobeCheck.first(r.file(), "video");
        assertEquals("96", video.get("nb_frames"));
        assertEquals("10:00:00:00", video.get("TAG:timecode"));

        long[] shown = {0, 19, 20, 33, 40, 46, 59, 60, 61, 65, 69, 70, 73, 77, 80, 83, 85, 88, 90, 95};
        List<byte[]> m = ffmpeg.luma(r.file(), shown);
        assertShows(m.get(0), a, 10); // first cut
        assertShows(m.get(1), a, 29);
        assertShows(m.get(2), b, 30); // the cut to B is exact
        assertShows(m.get(3), b, 43); // last frame before the dissolve
        assertShows(m.get(5), a, 41); // first frame after it
        assertShows(m.get(6), a, 54);
        assertShows(m.get(7), b, 10); // 2x: every other frame
        assertShows(m.get(8), b, 12);
        assertShows(m.get(9), b, 20);
        assertShows(m.get(10), b, 28);
        assertShows(m.get(11), a, 50); // freeze
        assertTrue(FfmpegFrames.difference(m.get(11), m.get(12)) < 1.0, "a freeze repeats one frame");
        assertTrue(FfmpegFrames.difference(m.get(11), m.get(13)) < 1.0, "a freeze repeats one frame");
        assertBlack(m.get(14)); // gap
        assertShows(m.get(15), b, 60);
        assertMostlyBlack(m.get(16)); // V2's missing clip covers V1, the reason written on black
        assertShows(m.get(17), b, 65); // V1 shows through again
        assertShows(m.get(18), a, 85); // reverse
        assertShows(m.get(19), a, 80);

        // Dissolve frame 40 is the 7th of 12: 7/13 of A 35 over 6/13 of B 50.
        byte[] from = ffmpeg.luma(b, 50).get(0);
        byte[] to = ffmpeg.luma(a, 35).get(0);
        byte[] mix = new byte[from.length];
        for (int i = 0; i < mix.length; i++) {
            mix[i] = (byte) Math.round(((from[i] & 0xFF) * 6 + (to[i] & 0xFF) * 7) / 13.0);
        }
        double toMix = FfmpegFrames.difference(m.get(4), mix);
        assertTrue(
                toMix * 3 < Math.min(FfmpegFrames.difference(m.get(4), from), FfmpegFrames.difference(m.get(4), to)),
                "the dissolve's middle frame is a mix of both shots");
        assertOnly(out, r.file());
    }

    @Test
    void rendersEachAudioTrackAsOneChannelSampleExactly() throws Exception {
        Timeline t = Timeline.of(
                "sound",
                Timecode.parse("10:00:00:00", RATE).toTime(),
                List.of(
                        Track.of("V1", TrackKind.VIDEO, List.of(clip("A", a, A_START, 10, 40))),
                        Track.of(
                                "A1",
                                TrackKind.AUDIO,
                                List.of(clip("A", a, A_START, 10, 20), clip("B", b, B_START, 30, 20))),
                        Track.of(
                                "A2",
                                TrackKind.AUDIO,
                                List.of(
                                        Gap.of(10, RATE),
                                        clip("fast", a, A_START, 50, 10)
                                                .withEffects(List.of(LinearTimeWarp.of(TimeScalar.of(2, 1))))))));

        RenderResult r = render.render(t, RenderOptions.to(out.resolve("sound.mov")), p -> {});

        assertEquals(1, r.warnings().size(), r.warnings().toString());
        assertTrue(r.warnings().get(0).contains("'fast'"), r.warnings().get(0));
        Map<String, String> audio = FfprobeCheck.first(r.file(), "audio");
        assertEquals("2", audio.get("channels"));
        assertEquals("48000", audio.get("sample_rate"));
        assertEquals(String.valueOf(40 * 1920), audio.get("duration_ts"));
        int[][] master = pcm(r.file(), 2);
        int[][] fromA = pcm(a, 2);
        int[][] fromB = pcm(b, 2);
        for (int s = 0; s < 20 * 1920; s++) {
            assertEquals(fromA[0][10 * 1920 + s], master[0][s], "A1 plays A from its frame 10, sample " + s);
        }
        for (int s = 0; s < 20 * 1920; s++) {
            assertEquals(
                    fromB[0][30 * 1920 + s], master[0][20 * 1920 + s], "A1 plays B from its frame 30, sample " + s);
        }
        assertTrue(Arrays.stream(master[1]).allMatch(v -> v == 0), "A2 is silent: a gap and a retimed clip");
        assertTrue(Arrays.stream(master[0]).anyMatch(v -> v != 0));
    }

    /** The samples of each channel, as 24-bit values, decoded by ffmpeg. */
    private static int[][] pcm(Path file, int channels) throws Exception {
        Process p = new ProcessBuilder(
                        "ffmpeg", "-v", "error", "-i", file.toString(), "-map", "0:a:0", "-f", "s24le", "-")
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        byte[] bytes = p.getInputStream().readAllBytes();
        assertEquals(0, p.waitFor());
        int n = bytes.length / (3 * channels);
        int[][] samples = new int[channels][n];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < channels; c++) {
                int at = (i * channels + c) * 3;
                samples[c][i] = (bytes[at] & 0xFF) | (bytes[at + 1] & 0xFF) << 8 | bytes[at + 2] << 16;
            }
        }
        return samples;
    }

    @Test
    void renderTakesTheAskedSizeAndDropFrameFromTheTimeline() throws Exception {
        FrameRate ntsc = FrameRate.FPS_29_97;
        SampleSpec spec = new SampleSpec(
                SampleSpec.Container.MOV,
                SampleSpec.Codec.PRORES_HQ,
                W,
                H,
                ntsc,
                30,
                Timecode.parse("00:59:59;28", ntsc),
                "C001",
                0,
                24,
                false);
        Path c = new SampleOriginals().generate(spec, originals.resolve("C001.mov"));
        long cStart = spec.start().toFrames();
        Timeline t = Timeline.of(
                        "df",
                        Timecode.parse("00:59:59;29", ntsc).toTime(),
                        List.of(Track.of(
                                "V1",
                                TrackKind.VIDEO,
                                List.of(Clip.of(
                                                "C",
                                                TimeRange.of(cStart + 2, 20, ntsc),
                                                ExternalReference.of(c.toString(), TimeRange.of(cStart, 30, ntsc)))
                                        .withEffects(List.of(new UnknownEffect("Color Correction", null)))))))
                .withMetadata(Metadata.empty().with("edit", Map.of("drop_frame", true)));

        RenderResult r = render.render(
                t, RenderOptions.to(out.resolve("df.mov")).withSize(160, 90).withRenderAnyway(true), p -> {});

        MediaInfo made = probe.probe(r.file());
        assertEquals(20, made.durationFrames());
        assertEquals(ntsc, made.frameRate());
        assertEquals("00:59:59;29", made.startTimecode().toString());
        assertEquals(160, made.video().width());
        assertEquals(90, made.video().height());
        assertEquals(
                List.of("clip 'C' is rendered black with the reason written on it: effect 'Color Correction' is not"
                        + " rendered"),
                r.warnings());
    }

    @Test
    void aClipNeedingFramesItsOriginalLacksIsOutOfRangeAndWritesNothing() throws Exception {
        Timeline t = Timeline.of(
                "too long",
                RationalTime.of(0, RATE),
                List.of(Track.of("V1", TrackKind.VIDEO, List.of(clip("A", a, A_START, 90, 20)))));

        GatewayException e = assertThrows(
                GatewayException.class, () -> render.render(t, RenderOptions.to(out.resolve("x.mov")), p -> {}));

        assertEquals(Reason.OUT_OF_RANGE, e.reason(), e.getMessage());
        assertTrue(e.getMessage().contains("'A'"), e.getMessage());
        assertOnly(out);
    }

    private void assertShows(byte[] master, Path original, long frame) throws Exception {
        List<byte[]> o = frame == 0 ? ffmpeg.luma(original, 0, 1) : ffmpeg.luma(original, frame - 1, frame, frame + 1);
        byte[] same = o.get(frame == 0 ? 0 : 1);
        double d = FfmpegFrames.difference(master, same);
        for (byte[] neighbour : o) {
            if (neighbour != same) {
                double n = FfmpegFrames.difference(master, neighbour);
                assertTrue(
                        d * 4 < n,
                        "expected frame " + frame + " of " + original.getFileName() + ": differs by " + d
                                + ", a neighbour by " + n);
            }
        }
    }

    private static void assertBlack(byte[] master) {
        double mean = 0;
        for (byte v : master) {
            mean += v & 0xFF;
        }
        mean /= master.length;
        // ffmpeg's grey is full range: video black (10-bit luma 64) comes out as 0.
        assertTrue(mean < 2, "video black, not a mean luma of " + mean);
    }

    private static void assertMostlyBlack(byte[] master) {
        long dark = 0;
        for (byte v : master) {
            dark += (v & 0xFF) < 16 ? 1 : 0;
        }
        assertTrue(dark > master.length * 0.7, "mostly black: " + dark + " of " + master.length);
    }

    private static void assertOnly(Path dir, Path... expected) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(
                    Stream.of(expected).map(Path::toAbsolutePath).toList(),
                    files.map(Path::toAbsolutePath).toList(),
                    "no temporary files left in " + dir);
        }
    }
}
