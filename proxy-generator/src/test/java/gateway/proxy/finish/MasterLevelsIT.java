package gateway.proxy.finish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.model.time.Fraction;
import gateway.model.time.FrameRate;
import gateway.model.time.TimeRange;
import gateway.model.time.Timecode;
import gateway.model.timeline.AudioLevel;
import gateway.model.timeline.Clip;
import gateway.model.timeline.ExternalReference;
import gateway.model.timeline.Metadata;
import gateway.model.timeline.Timeline;
import gateway.model.timeline.Track;
import gateway.model.timeline.TrackKind;
import gateway.model.timeline.UnknownEffect;
import gateway.proxy.probe.MediaProbe;
import gateway.proxy.samples.SampleOriginals;
import gateway.proxy.samples.SampleSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A master plays each sound clip at its level: three events of one steady tone (a 440 Hz sine at a
 * quarter of full scale), at 0 dB, at -6 dB and ramped by keyframes from -20 dB to 0 dB, each
 * measured in the master by ffmpeg's {@code volumedetect} over the event's samples (a window of the
 * ramp) against the original's level.
 */
@Timeout(300)
class MasterLevelsIT {
    private static final FrameRate RATE = FrameRate.FPS_25;
    private static final long A_START = Timecode.parse("01:00:00:00", RATE).toFrames();
    private static final int SAMPLES_PER_FRAME = 48_000 / 25;

    @TempDir
    static Path originals;

    @TempDir
    Path out;

    private static Path a;

    @BeforeAll
    static void makeOriginal() {
        a = new SampleOriginals()
                .generate(
                        new SampleSpec(
                                SampleSpec.Container.MOV,
                                SampleSpec.Codec.PRORES_HQ,
                                320,
                                180,
                                RATE,
                                100,
                                Timecode.parse("01:00:00:00", RATE),
                                "A001",
                                2,
                                24,
                                true),
                        originals.resolve("A001.mov"));
    }

    private static Clip clip(String name, long first, long n, String event) {
        return Clip.of(
                        name,
                        TimeRange.of(A_START + first, n, RATE),
                        ExternalReference.of(a.toUri().toString(), TimeRange.of(A_START, 100, RATE)))
                .withMetadata(Metadata.empty().withIn("edit", "event", event));
    }

    @Test
    void eachEventPlaysAtItsLevel() throws Exception {
        AudioLevel ramp = AudioLevel.keyframed(
                List.of(new AudioLevel.Keyframe(Fraction.ZERO, -20), new AudioLevel.Keyframe(Fraction.of(30), 0)));
        Timeline t = Timeline.of(
                "levels",
                Timecode.parse("10:00:00:00", RATE).toTime(),
                List.of(
                        Track.of("V1", TrackKind.VIDEO, List.of(clip("picture", 0, 90, "1"))),
                        Track.of(
                                "A1",
                                TrackKind.AUDIO,
                                List.of(
                                        clip("unity", 0, 30, "2").withEffects(List.of(AudioLevel.constant(0))),
                                        clip("minus6", 30, 30, "3")
                                                .withEffects(List.of(
                                                        AudioLevel.constant(-6),
                                                        new UnknownEffect("Audio Pan", Metadata.empty()))),
                                        clip("ramp", 60, 30, "4").withEffects(List.of(ramp))))));

        RenderResult r =
                new MasterRender(new MediaProbe()).render(t, RenderOptions.to(out.resolve("levels.mov")), p -> {});

        assertEquals(
                List.of("event 3, clip 'minus6': sound effect 'Audio Pan' is not applied (its sound plays without it)"),
                r.warnings());
        double source = meanVolume(a, 0, 10 * SAMPLES_PER_FRAME, 90 * SAMPLES_PER_FRAME);
        assertEquals(-15.05, source, 0.5, "the tone: a sine at 0.25 of full scale");
        assertEquals(0, meanVolume(r.file(), 0, 0, 30 * SAMPLES_PER_FRAME) - source, 0.5, "event 2 at 0 dB");
        assertEquals(-6, meanVolume(r.file(), 0, 30 * SAMPLES_PER_FRAME, 60 * SAMPLES_PER_FRAME) - source, 0.5);
        // the ramp, over record frames [k, k + 2) of its clip: the level at the window's middle
        for (int k : new int[] {0, 9, 14, 28}) {
            double expected = ramp.dbAt(Fraction.of(k + 1));
            long from = (60L + k) * SAMPLES_PER_FRAME;
            double measured = meanVolume(r.file(), 0, from, from + 2 * SAMPLES_PER_FRAME) - source;
            assertEquals(expected, measured, 0.5, "the ramp at record frames " + k + "-" + (k + 1));
        }
    }

    /** ffmpeg's mean volume (dBFS) of channel {@code channel} over samples {@code [from, to)} of the first audio stream. */
    private static double meanVolume(Path file, int channel, long from, long to) throws Exception {
        Process p = new ProcessBuilder(
                        "ffmpeg",
                        "-hide_banner",
                        "-nostats",
                        "-i",
                        file.toString(),
                        "-map",
                        "0:a:0",
                        "-af",
                        "pan=mono|c0=c" + channel + ",atrim=start_sample=" + from + ":end_sample=" + to
                                + ",volumedetect",
                        "-f",
                        "null",
                        "-")
                .redirectErrorStream(true)
                .start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "ffmpeg did not finish");
        assertEquals(0, p.exitValue(), log);
        Matcher m = Pattern.compile("mean_volume: (-?[0-9.]+|-inf) dB").matcher(log);
        assertTrue(m.find(), "no mean_volume in " + log);
        return m.group(1).equals("-inf") ? Double.NEGATIVE_INFINITY : Double.parseDouble(m.group(1));
    }
}
