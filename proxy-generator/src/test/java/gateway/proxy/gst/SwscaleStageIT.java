package gateway.proxy.gst;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.proxy.samples.SampleOriginals;
import gateway.proxy.samples.SampleSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stage inside a real pipeline, checked against ffmpeg's {@code scale=W:H:flags=area,format=yuv420p}
 * on the same input: every picture must come out, in order, and be ffmpeg's picture to the bit.
 */
class SwscaleStageIT {
    @TempDir
    Path dir;

    @Test
    void proresDecodedIntoPaddedBuffersComesOutAsFfmpegScalesIt() throws Exception {
        Path original = new SampleOriginals()
                .generate(
                        SampleSpec.proresHq1080p25()
                                .withDurationFrames(12)
                                .withAudioChannels(0)
                                .withNoise(false),
                        dir.resolve("A001C001.mov"));
        Path ours = dir.resolve("ours.yuv");
        scale(
                "filesrc name=src ! qtdemux name=demux demux.video_0 ! avdec_prores ! queue ! ",
                original,
                ours,
                960,
                540);

        byte[] expected = ffmpeg(List.of("-i", original.toString()), 960, 540);
        assertEquals(12L * 960 * 540 * 3 / 2, expected.length, "ffmpeg's frames");
        assertSame(expected, Files.readAllBytes(ours));
    }

    @Test
    void pictureWithoutVideoMetaInGstreamersDefaultLayoutAndAnOddChromaStride() throws Exception {
        // 8-bit 4:2:2 at 1444x576 (rows of 1444 and 722 bytes: not a multiple of 4 for chroma), to 722x288.
        Path raw = dir.resolve("source.yuv");
        try (PipelineJob job = PipelineJob.parse(
                "videotestsrc num-buffers=5 pattern=ball ! video/x-raw,format=Y42B,width=1444,height=576,"
                        + "framerate=25/1 ! filesink name=sink",
                "test source")) {
            job.element("sink").set("location", raw.toString());
            job.run(Duration.ofSeconds(60)).orThrow("test source");
        }
        // GStreamer pads each row to 4 bytes (1444, 724); ffmpeg reads the same file row by row
        // only when told that layout, so compare on a copy without padding.
        Path packed = dir.resolve("packed.yuv");
        Files.write(packed, unpad(Files.readAllBytes(raw), 1444, 576, 5));
        Path ours = dir.resolve("ours.yuv");
        scale(
                "filesrc name=src ! videoparse format=y42b width=1444 height=576 framerate=25/1 ! queue ! ",
                raw,
                ours,
                722,
                288);

        byte[] expected = ffmpeg(
                List.of("-f", "rawvideo", "-pix_fmt", "yuv422p", "-s", "1444x576", "-r", "25", "-i", packed.toString()),
                722,
                288);
        // GStreamer's I420 rows of 722 / 361 samples are padded to 724 / 364 bytes.
        assertSame(expected, unpadI420(Files.readAllBytes(ours), 722, 288, 5));
    }

    private static void scale(String head, Path in, Path out, int width, int height) {
        String d = head + SwscaleStage.description("s") + " ! video/x-raw,format=I420,width=" + width + ",height="
                + height + " ! filesink name=sink async=false";
        try (PipelineJob job = PipelineJob.parse(d, "scale test")) {
            SwscaleStage.attach(job, "s", width, height);
            job.element("src").set("location", in.toString());
            job.element("sink").set("location", out.toString());
            job.run(Duration.ofSeconds(120)).orThrow("scale test");
        }
    }

    private static byte[] ffmpeg(List<String> input, int width, int height) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>(List.of("ffmpeg", "-v", "error", "-nostdin"));
        cmd.addAll(input);
        cmd.addAll(List.of(
                "-vf",
                "scale=" + width + ":" + height + ":flags=area,format=yuv420p",
                "-f",
                "rawvideo",
                "-pix_fmt",
                "yuv420p",
                "-"));
        Process p = new ProcessBuilder(cmd).start();
        byte[] out = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "ffmpeg failed: " + err);
        return out;
    }

    /** The same bytes: the same library with the same settings on the same pictures. */
    private static void assertSame(byte[] expected, byte[] actual) {
        assertEquals(expected.length, actual.length, "bytes of all pictures");
        int off = 0;
        int maxDiff = 0;
        for (int i = 0; i < expected.length; i++) {
            int d = Math.abs((expected[i] & 0xff) - (actual[i] & 0xff));
            if (d != 0) {
                off++;
                maxDiff = Math.max(maxDiff, d);
            }
        }
        assertTrue(off == 0, off + " samples differ, by up to " + maxDiff);
    }

    /** Y42B frames with GStreamer's rows (padded to 4 bytes) as tightly packed ones. */
    private static byte[] unpad(byte[] frames, int width, int height, int count) {
        int[] rowBytes = {width, width / 2, width / 2};
        int[] rows = {height, height, height};
        return repack(frames, rowBytes, rows, count);
    }

    private static byte[] unpadI420(byte[] frames, int width, int height, int count) {
        int[] rowBytes = {width, (width + 1) / 2, (width + 1) / 2};
        int[] rows = {height, height / 2, height / 2};
        return repack(frames, rowBytes, rows, count);
    }

    private static byte[] repack(byte[] frames, int[] rowBytes, int[] rows, int count) {
        int padded = 0;
        int packed = 0;
        for (int p = 0; p < 3; p++) {
            padded += ((rowBytes[p] + 3) & ~3) * rows[p];
            packed += rowBytes[p] * rows[p];
        }
        assertEquals((long) padded * count, frames.length, "bytes of " + count + " padded frames");
        byte[] out = new byte[packed * count];
        int o = 0;
        for (int f = 0; f < count; f++) {
            int at = f * padded;
            for (int p = 0; p < 3; p++) {
                int stride = (rowBytes[p] + 3) & ~3;
                for (int r = 0; r < rows[p]; r++) {
                    System.arraycopy(frames, at + r * stride, out, o, rowBytes[p]);
                    o += rowBytes[p];
                }
                at += stride * rows[p];
            }
        }
        return out;
    }
}
