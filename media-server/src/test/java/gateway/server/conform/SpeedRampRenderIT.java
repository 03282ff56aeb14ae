package gateway.server.conform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.model.time.FrameRate;
import gateway.model.time.RationalTime;
import gateway.model.time.TimeRange;
import gateway.model.time.Timecode;
import gateway.model.timeline.Clip;
import gateway.model.timeline.ExternalReference;
import gateway.model.timeline.Representation;
import gateway.model.timeline.Timeline;
import gateway.model.timeline.Track;
import gateway.model.timeline.TrackKind;
import gateway.proxy.finish.MasterRender;
import gateway.proxy.finish.RenderOptions;
import gateway.proxy.finish.RenderResult;
import gateway.proxy.samples.SampleOriginals;
import gateway.proxy.samples.SampleSpec;
import gateway.relink.read.ReadOptions;
import gateway.relink.read.fcp7.Fcp7XmlReader;
import gateway.relink.read.fcpxml.FcpXmlReader;
import gateway.testing.Corpora;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Speed ramps rendered frame by frame: a ramped clip read from an edit is pointed at a generated
 * original whose every picture is unique (moving bars under animated noise), rendered to a master,
 * and each master frame is identified by ffmpeg as the original frame it is closest to; that frame
 * must be the one the edit's keyframes define, interpolated here from the keyframes as the file
 * writes them (integer arithmetic, rounded down), not by the code under test.
 */
@Timeout(600)
class SpeedRampRenderIT {
    private static final int W = 160;
    private static final int H = 90;

    @TempDir
    Path dir;

    /**
     * The source frame at {@code when}: linear between keyframes {@code {when, value}} (all scaled by
     * {@code scale} so that they are whole), rounded down.
     */
    static long expected(long[][] keys, long scale, long when) {
        long t = when * scale;
        int i = 0;
        while (i < keys.length - 2 && t >= keys[i + 1][0]) {
            i++;
        }
        long t0 = keys[i][0];
        long v0 = keys[i][1];
        long t1 = keys[i + 1][0];
        long v1 = keys[i + 1][1];
        return Math.floorDiv(v0 * (t1 - t0) + (t - t0) * (v1 - v0), scale * (t1 - t0));
    }

    @Test
    void premieresTimeRemapFromTheCorpusPlaysItsKeyframes() throws Exception {
        // empty_name_tags.xml, nested sequence-8, clipitem-496 "mymovie.mov": <in>0</in>, 143 record
        // frames, the file's timecode at frame 984 and 155 frames long; graphdict keyframes when -> value
        long[][] keys = {{0, 0}, {1, 1}, {51, 51}, {114, 126}, {142, 154}};
        Path xml = Corpora.file("fcp7xml/empty_name_tags.xml");
        Clip ramped = new Fcp7XmlReader()
                .readAll(Files.readAllBytes(xml), xml.getFileName().toString(), ReadOptions.defaults()).stream()
                        .flatMap(t -> t.videoTracks().stream())
                        .flatMap(Track::clips)
                        .filter(c -> c.speedRamp().isPresent())
                        .findFirst()
                        .orElseThrow();
        FrameRate rate = ramped.sourceRange().rate();
        assertEquals(984, ramped.sourceRange().start().value());
        long[] wanted = new long[(int) ramped.sourceRange().durationFrames()];
        for (int k = 0; k < wanted.length; k++) {
            wanted[k] = expected(keys, 1, k);
        }
        assertRendersFileFrames(ramped, rate, 984, 155, wanted);
    }

    @Test
    void anFcpxmlTimeMapWithPointsBetweenFramesPlaysItsPoints() throws Exception {
        // normal speed, 2.5x from 10.5 frames in, backwards from 30.5 frames in; local time starts at 2s
        String fcpxml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <!DOCTYPE fcpxml>
                <fcpxml version="1.11">
                  <resources>
                    <format id="r1" name="FFVideoFormat1080p24" frameDuration="100/2400s" width="1920" height="1080"/>
                    <asset id="r2" name="RUN" uid="UID-RUN" start="0s" duration="5s" hasVideo="1" format="r1">
                      <media-rep kind="original-media" src="file:///m/RUN.mov"/>
                    </asset>
                  </resources>
                  <project name="Ramp">
                    <sequence format="r1" tcStart="0s" tcFormat="NDF">
                      <spine>
                        <asset-clip ref="r2" name="ramp" offset="0s" start="2s" duration="2s">
                          <timeMap>
                            <timept time="0s" value="0s" interp="linear"/>
                            <timept time="2s" value="2s" interp="linear"/>
                            <timept time="117/48s" value="117/48s" interp="linear"/>
                            <timept time="157/48s" value="217/48s" interp="linear"/>
                            <timept time="4s" value="91/24s" interp="linear"/>
                          </timeMap>
                        </asset-clip>
                      </spine>
                    </sequence>
                  </project>
                </fcpxml>
                """;
        // the points in half frames at 24 fps
        long[][] keys = {{0, 0}, {96, 96}, {117, 117}, {157, 217}, {192, 182}};
        Clip ramped = new FcpXmlReader()
                .read(fcpxml.getBytes(StandardCharsets.UTF_8), "ramp.fcpxml", ReadOptions.defaults())
                .timeline()
                .videoTracks()
                .get(0)
                .clips()
                .findFirst()
                .orElseThrow();
        assertTrue(ramped.speedRamp().isPresent());
        long[] wanted = new long[48];
        for (int k = 0; k < wanted.length; k++) {
            wanted[k] = expected(keys, 2, 48 + k);
        }
        assertRendersFileFrames(ramped, FrameRate.FPS_24, 0, 120, wanted);
    }

    /**
     * Renders {@code clip} from a generated original ({@code frames} long, its first frame at timecode
     * frame {@code firstFrame}) and checks that master frame {@code k} shows original frame {@code wanted[k]}.
     */
    private void assertRendersFileFrames(Clip clip, FrameRate rate, long firstFrame, long frames, long[] wanted)
            throws Exception {
        Path original = new SampleOriginals()
                .generate(
                        new SampleSpec(
                                SampleSpec.Container.MOV,
                                SampleSpec.Codec.PRORES_HQ,
                                W,
                                H,
                                rate,
                                frames,
                                Timecode.of(RationalTime.of(firstFrame, rate), false),
                                "R001",
                                0,
                                24,
                                true),
                        dir.resolve("original.mov"));
        Clip onOriginal = clip.withReference(
                Representation.ORIGINAL,
                ExternalReference.of(original.toUri().toString(), TimeRange.of(firstFrame, frames, rate)));
        Timeline timeline = Timeline.of(
                "ramp", RationalTime.of(0, rate), List.of(Track.of("V1", TrackKind.VIDEO, List.of(onOriginal))));

        RenderResult r = new MasterRender().render(timeline, RenderOptions.to(dir.resolve("master.mov")), p -> {});

        assertEquals(wanted.length, r.frames());
        assertTrue(
                r.warnings().stream().noneMatch(w -> w.contains("Time Remap") || w.contains("timeMap")),
                "the ramp is rendered, not warned about: " + r.warnings());
        List<byte[]> master = luma(r.file());
        List<byte[]> source = luma(original);
        assertEquals(wanted.length, master.size());
        assertEquals(frames, source.size());
        List<String> wrong = new ArrayList<>();
        for (int k = 0; k < wanted.length; k++) {
            double[] d = new double[source.size()];
            int best = 0;
            for (int f = 0; f < source.size(); f++) {
                d[f] = difference(master.get(k), source.get(f));
                if (d[f] < d[best]) {
                    best = f;
                }
            }
            double runnerUp = Double.MAX_VALUE;
            for (int f = 0; f < source.size(); f++) {
                if (f != best) {
                    runnerUp = Math.min(runnerUp, d[f]);
                }
            }
            if (best != wanted[k] || d[best] * 3 >= runnerUp) {
                wrong.add("master frame " + k + " shows original frame " + best + " (differs by " + d[best]
                        + ", the next closest by " + runnerUp + "), the keyframes say " + wanted[k]);
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    /** Every frame of {@code file} as 8-bit grey W x H pictures, decoded by ffmpeg (an independent decoder). */
    private static List<byte[]> luma(Path file) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(
                        "ffmpeg",
                        "-v",
                        "error",
                        "-i",
                        file.toString(),
                        "-vf",
                        "scale=" + W + ":" + H,
                        "-fps_mode",
                        "passthrough",
                        "-pix_fmt",
                        "gray",
                        "-f",
                        "rawvideo",
                        "-")
                .start();
        byte[] out = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("ffmpeg failed on " + file + ": " + err);
        }
        int size = W * H;
        List<byte[]> pictures = new ArrayList<>();
        for (int i = 0; i + size <= out.length; i += size) {
            pictures.add(Arrays.copyOfRange(out, i, i + size));
        }
        return pictures;
    }

    private static double difference(byte[] a, byte[] b) {
        long sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += Math.abs((a[i] & 0xFF) - (b[i] & 0xFF));
        }
        return (double) sum / a.length;
    }
}
