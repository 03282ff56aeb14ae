package gateway.proxy.finish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.model.time.FrameRate;
import gateway.model.time.TimeRange;
import gateway.model.time.Timecode;
import gateway.model.timeline.Clip;
import gateway.model.timeline.ExternalReference;
import gateway.model.timeline.Item;
import gateway.model.timeline.Metadata;
import gateway.model.timeline.MissingReference;
import gateway.model.timeline.Timeline;
import gateway.model.timeline.Track;
import gateway.model.timeline.TrackKind;
import gateway.model.timeline.UnknownEffect;
import gateway.proxy.FfprobeCheck;
import gateway.proxy.probe.MediaProbe;
import gateway.proxy.samples.SampleOriginals;
import gateway.proxy.samples.SampleSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every master format renders a short cut (two events of one original, two audio tracks) and is
 * checked by ffprobe (codec, profile, size, rate, timecode, channels) and by ffmpeg's decoding of
 * the events' first and last frames against the original's frames. ProRes at 320x180; DNxHD /
 * DNxHR at 1280x720 (the only sizes besides 1080 that GStreamer's encoder takes).
 */
class MasterFormatsIT {
    private static final FrameRate RATE = FrameRate.FPS_25;
    private static final String START = "10:00:00:00";
    private static final long SOURCE_START = Timecode.parse("01:00:00:00", RATE).toFrames();
    private static final int LUMA_W = 160;
    private static final int LUMA_H = 90;

    private final MediaProbe probe = new MediaProbe();
    private final MasterRender render = new MasterRender(probe);
    private final FfmpegFrames ffmpeg = new FfmpegFrames(LUMA_W, LUMA_H);

    @TempDir
    static Path originals;

    @TempDir
    Path out;

    private static Path small;
    private static Path hd;

    /** The frames the checks compare with, and their neighbours, decoded once per original. */
    private static final long[] CHECKED = {9, 10, 11, 12, 14, 15, 16, 19, 20, 21, 39, 40, 41, 44, 45, 46};

    private static final Map<Path, List<byte[]>> ORIGINAL_LUMA = new java.util.HashMap<>();

    @BeforeAll
    static void makeOriginals() throws Exception {
        SampleOriginals samples = new SampleOriginals();
        small = samples.generate(spec(320, 180), originals.resolve("S001.mov"));
        hd = samples.generate(spec(1280, 720), originals.resolve("H001.mov"));
        FfmpegFrames frames = new FfmpegFrames(LUMA_W, LUMA_H);
        for (Path p : List.of(small, hd)) {
            ORIGINAL_LUMA.put(p, frames.luma(p, CHECKED));
        }
    }

    private static byte[] originalLuma(Path original, long frame) {
        for (int i = 0; i < CHECKED.length; i++) {
            if (CHECKED[i] == frame) {
                return ORIGINAL_LUMA.get(original).get(i);
            }
        }
        throw new AssertionError("frame " + frame + " is not among the decoded ones");
    }

    private static SampleSpec spec(int w, int h) {
        return new SampleSpec(
                SampleSpec.Container.MOV,
                SampleSpec.Codec.PRORES_HQ,
                w,
                h,
                RATE,
                50,
                Timecode.parse("01:00:00:00", RATE),
                "R001",
                2,
                24,
                true);
    }

    private static Clip clip(String name, Path file, long first, long n) {
        return Clip.of(
                name,
                TimeRange.of(SOURCE_START + first, n, RATE),
                ExternalReference.of(file.toString(), TimeRange.of(SOURCE_START, 50, RATE)));
    }

    /** Record 0-5: file frames 10-15; record 6-11: file frames 40-45; the same on two audio tracks. */
    private static Timeline cut(Path original, List<Item> v2) {
        List<Item> events = List.of(clip("one", original, 10, 6), clip("two", original, 40, 6));
        List<Track> tracks = new java.util.ArrayList<>(List.of(
                Track.of("V1", TrackKind.VIDEO, events),
                Track.of("A1", TrackKind.AUDIO, events),
                Track.of("A2", TrackKind.AUDIO, events)));
        if (!v2.isEmpty()) {
            tracks.add(1, Track.of("V2", TrackKind.VIDEO, v2));
        }
        return Timeline.of("cut", Timecode.parse(START, RATE).toTime(), tracks);
    }

    @ParameterizedTest
    @EnumSource(MasterFormat.class)
    void rendersEachFormatWithItsProfileTimecodeSoundAndTheEventsFrames(MasterFormat format) throws Exception {
        Path original = format.prores() ? small : hd;
        Path file = out.resolve("cut." + format.extension());

        RenderResult r =
                render.render(cut(original, List.of()), RenderOptions.to(file).withFormat(format), p -> {});

        assertEquals(12, r.frames());
        assertEquals(List.of(), r.notRendered());
        Map<String, String> video = FfprobeCheck.first(file, "video");
        assertEquals(format.codec(), video.get("codec_name"), format.id());
        assertEquals(format.ffprobeProfile(), video.get("profile"), format.id());
        assertEquals(format.prores() ? "320" : "1280", video.get("width"));
        assertEquals(format.prores() ? "180" : "720", video.get("height"));
        assertEquals("25/1", video.get("r_frame_rate"));
        assertEquals(START, timecode(file, video), format.id() + ": the timecode at the timeline's start");
        Map<String, String> audio = FfprobeCheck.first(file, "audio");
        assertEquals("2", audio.get("channels"), "one channel per audio track");
        assertEquals("48000", audio.get("sample_rate"));
        assertTrue(audio.get("codec_name").startsWith("pcm_s24"), audio.get("codec_name"));
        assertEquals(format.codec(), probe.probe(file).video().codec(), "our probe reads it back");

        List<byte[]> m = ffmpeg.luma(file, 0, 5, 6, 11);
        assertShows(m.get(0), original, 10);
        assertShows(m.get(1), original, 15);
        assertShows(m.get(2), original, 40);
        assertShows(m.get(3), original, 45);
    }

    @Test
    void mxfCarriesADropFrameStartTimecode() throws Exception {
        FrameRate ntsc = FrameRate.FPS_29_97;
        SampleSpec spec = new SampleSpec(
                SampleSpec.Container.MOV,
                SampleSpec.Codec.PRORES_HQ,
                1280,
                720,
                ntsc,
                12,
                Timecode.parse("00:59:59;28", ntsc),
                "N001",
                0,
                24,
                false);
        Path original = new SampleOriginals().generate(spec, out.resolve("N001.mov"));
        long first = spec.start().toFrames();
        Timeline t = Timeline.of(
                        "df",
                        Timecode.parse("09:59:59;29", ntsc).toTime(),
                        List.of(Track.of(
                                "V1",
                                TrackKind.VIDEO,
                                List.of(Clip.of(
                                        "N",
                                        TimeRange.of(first + 2, 6, ntsc),
                                        ExternalReference.of(original.toString(), TimeRange.of(first, 12, ntsc)))))))
                .withMetadata(Metadata.empty().with("edit", Map.of("drop_frame", true)));
        Path file = out.resolve("df.mxf");

        RenderResult r = render.render(t, RenderOptions.to(file).withFormat(MasterFormat.DNXHR_LB_MXF), p -> {});

        assertEquals("09:59:59;29", r.start().toString());
        assertEquals("09:59:59;29", timecode(file, FfprobeCheck.first(file, "video")), "ffprobe reads it back");
        assertEquals("30000/1001", FfprobeCheck.first(file, "video").get("r_frame_rate"));
        assertEquals("09:59:59;29", probe.probe(file).startTimecode().toString(), "our probe reads it back");
    }

    /** MOV: the tmcd track's timecode (ffprobe puts it on the video stream); MXF: the material package's. */
    private static String timecode(Path file, Map<String, String> video) throws Exception {
        if (file.toString().endsWith(".mov")) {
            return video.get("TAG:timecode");
        }
        Process p = new ProcessBuilder(
                        "ffprobe",
                        "-v",
                        "error",
                        "-show_entries",
                        "format_tags=timecode",
                        "-of",
                        "csv=p=0",
                        file.toString())
                .redirectErrorStream(true)
                .start();
        String tc = new String(p.getInputStream().readAllBytes()).strip();
        assertEquals(0, p.waitFor());
        return tc;
    }

    @Test
    void proresInMxfAndDnxhrAtAnotherSizeAreRefusedByName() {
        GatewayException mxf = assertThrows(GatewayException.class, () -> MasterFormat.parse("prores-hq-mxf"));
        assertEquals(Reason.UNSUPPORTED, mxf.reason());
        assertTrue(mxf.getMessage().contains("ProRes in MXF"), mxf.getMessage());

        Path file = out.resolve("small.mov");
        GatewayException size = assertThrows(
                GatewayException.class,
                () -> render.render(
                        cut(small, List.of()), RenderOptions.to(file).withFormat(MasterFormat.DNXHR_HQ), p -> {}));
        assertEquals(Reason.UNSUPPORTED, size.reason());
        assertTrue(size.getMessage().contains("dnxhr-hq") && size.getMessage().contains("320x180"), size.getMessage());
        assertTrue(Files.notExists(file));
    }

    /** V2 holds an unlinked event over record 2-4 and an event with an effect we do not render over 8-9. */
    private static List<Item> refusedEvents() {
        Clip lost = Clip.of(
                        "lost", TimeRange.of(3_600_000, 3, RATE), MissingReference.of("Z999", "lost", "Z999.mov", null))
                .withMetadata(Metadata.empty().with("edit", Map.of("event", "7")));
        Clip graded = clip("graded", small, 20, 2).withEffects(List.of(new UnknownEffect("Color Correction", null)));
        return List.of(gateway.model.timeline.Gap.of(2, RATE), lost, gateway.model.timeline.Gap.of(3, RATE), graded);
    }

    @Test
    void withoutRenderAnywayClipsItCannotRenderAreRefusedNamingEachAndNothingIsWritten() throws Exception {
        Path file = out.resolve("refused.mov");

        GatewayException e = assertThrows(
                GatewayException.class,
                () -> render.render(cut(small, refusedEvents()), RenderOptions.to(file), p -> {}));

        assertEquals(Reason.UNSUPPORTED, e.reason(), e.getMessage());
        assertTrue(e.getMessage().contains("event 7, clip 'lost': has no media (reel Z999"), e.getMessage());
        assertTrue(e.getMessage().contains("clip 'graded': effect 'Color Correction' is not rendered"), e.getMessage());
        assertTrue(e.getMessage().contains("--render-anyway"), e.getMessage());
        try (Stream<Path> left = Files.list(out)) {
            assertEquals(List.of(), left.toList(), "nothing written");
        }
    }

    @Test
    void renderAnywayShowsRefusedClipsBlackWithTheReasonWrittenAndListsThem() throws Exception {
        Path file = out.resolve("anyway.mov");

        RenderResult r = render.render(
                cut(small, refusedEvents()), RenderOptions.to(file).withRenderAnyway(true), p -> {});

        assertEquals(
                List.of(
                        new NotRendered("7", "lost", "has no media (reel Z999, file Z999.mov)"),
                        new NotRendered("", "graded", "effect 'Color Correction' is not rendered")),
                r.notRendered());
        assertTrue(r.warnings().stream().anyMatch(w -> w.startsWith("event 7, clip 'lost' is rendered black")));
        List<byte[]> m = ffmpeg.luma(file, 1, 2, 4, 5, 8);
        assertShows(m.get(0), small, 11); // V1 before the unlinked event
        assertCard(m.get(1));
        assertCard(m.get(2));
        assertShows(m.get(3), small, 15); // V1 shows again
        assertCard(m.get(4));
    }

    /** Mostly video black, but not all: the reason is written in white. */
    private static void assertCard(byte[] luma) {
        int black = 0;
        int bright = 0;
        for (byte v : luma) {
            int y = v & 0xFF;
            if (y < 16) {
                black++;
            } else if (y > 40) {
                bright++;
            }
        }
        assertTrue(black > luma.length * 0.7, "mostly black: " + black + " of " + luma.length);
        assertTrue(bright > luma.length * 0.01, "the reason is written: " + bright + " light pixels");
    }

    private static void assertShows(byte[] master, Path original, long frame) {
        double d = FfmpegFrames.difference(master, originalLuma(original, frame));
        for (long neighbour : new long[] {frame - 1, frame + 1}) {
            double n = FfmpegFrames.difference(master, originalLuma(original, neighbour));
            assertTrue(
                    d * 4 < n,
                    "expected frame " + frame + " of " + original.getFileName() + ": differs by " + d
                            + ", a neighbour by " + n);
        }
    }
}
