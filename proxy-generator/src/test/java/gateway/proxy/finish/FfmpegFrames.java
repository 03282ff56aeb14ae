package gateway.proxy.finish;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * An independent witness in tests: ffmpeg decodes chosen frames (0 = the first picture shown) of a
 * movie as 8-bit grey pictures of a given size, so that frame numbering is not checked against
 * our own decoder.
 */
public final class FfmpegFrames {
    private final int width;
    private final int height;

    public FfmpegFrames(int width, int height) {
        this.width = width;
        this.height = height;
    }

    /** The luma of frames {@code frames} (ascending) of {@code file}. */
    public List<byte[]> luma(Path file, long... frames) throws IOException, InterruptedException {
        String select = Arrays.stream(frames).mapToObj(f -> "eq(n\\," + f + ")").collect(Collectors.joining("+"));
        Process p = new ProcessBuilder(
                        "ffmpeg",
                        "-v",
                        "error",
                        "-i",
                        file.toString(),
                        "-vf",
                        "select='" + select + "',scale=" + width + ":" + height,
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
        int size = width * height;
        if (out.length != size * frames.length) {
            throw new AssertionError(
                    "ffmpeg gave " + out.length / size + " of the frames " + Arrays.toString(frames) + " of " + file);
        }
        List<byte[]> pictures = new ArrayList<>();
        for (int i = 0; i < frames.length; i++) {
            pictures.add(Arrays.copyOfRange(out, i * size, (i + 1) * size));
        }
        return pictures;
    }

    /** The mean absolute difference of two grey pictures (0-255). */
    public static double difference(byte[] a, byte[] b) {
        long sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += Math.abs((a[i] & 0xFF) - (b[i] & 0xFF));
        }
        return (double) sum / a.length;
    }
}
