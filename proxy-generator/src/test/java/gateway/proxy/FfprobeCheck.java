package gateway.proxy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * ffprobe as an independent witness in tests: each stream's fields (codec_name, r_frame_rate,
 * nb_frames, channels, TAG:timecode, TAG:reel_name ...) as a map, in stream order.
 */
public final class FfprobeCheck {
    private FfprobeCheck() {}

    public static List<Map<String, String>> streams(Path file) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("ffprobe", "-v", "error", "-show_streams", file.toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("ffprobe failed on " + file + ": " + out);
        }
        List<Map<String, String>> streams = new ArrayList<>();
        Map<String, String> current = null;
        for (String line : out.split("\n")) {
            if (line.equals("[STREAM]")) {
                current = new LinkedHashMap<>();
                streams.add(current);
            } else if (current != null && line.contains("=")) {
                int eq = line.indexOf('=');
                current.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return streams;
    }

    public static Map<String, String> first(Path file, String codecType) throws IOException, InterruptedException {
        return streams(file).stream()
                .filter(s -> codecType.equals(s.get("codec_type")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("ffprobe finds no " + codecType + " stream in " + file));
    }

    /** The indexes of the video packets ffprobe flags as key frames, in decode order. */
    public static List<Integer> keyFrames(Path file) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(
                        "ffprobe",
                        "-v",
                        "error",
                        "-select_streams",
                        "v:0",
                        "-show_entries",
                        "packet=flags",
                        "-of",
                        "csv=p=0",
                        file.toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("ffprobe failed on " + file + ": " + out);
        }
        List<Integer> keys = new ArrayList<>();
        String[] lines = out.strip().split("\n");
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].startsWith("K")) {
                keys.add(i);
            }
        }
        return keys;
    }
}
