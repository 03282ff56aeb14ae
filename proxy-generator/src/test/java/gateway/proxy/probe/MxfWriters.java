package gateway.proxy.probe;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * MXF files as independent tools write them, for tests: ffmpeg's {@code mxf}, {@code mxf_opatom}
 * and {@code mxf_d10} muxers and GStreamer's {@code mxfmux}; and what ffprobe reads back from them.
 */
public final class MxfWriters {
    private MxfWriters() {}

    /**
     * An XDCAM HD 422 OP1a file as ffmpeg's {@code mxf} muxer writes it: MPEG-2 4:2:2 at 50 Mb/s,
     * 1080 interlaced at 29.97, 24-bit PCM, timecode 11:00:00;00 (drop-frame), reel XD0001, clip C0007.
     */
    public static Path xdcamHd422(Path file) throws IOException, InterruptedException {
        return ffmpeg(
                "1920x1080",
                "30000/1001",
                0.4,
                true,
                List.of(
                        "-c:v",
                        "mpeg2video",
                        "-pix_fmt",
                        "yuv422p",
                        "-b:v",
                        "50M",
                        "-minrate",
                        "50M",
                        "-maxrate",
                        "50M",
                        "-bufsize",
                        "17825792",
                        "-flags",
                        "+ildct+ilme",
                        "-top",
                        "1",
                        "-c:a",
                        "pcm_s24le",
                        "-timecode",
                        "11:00:00;00",
                        "-metadata",
                        "reel_name=XD0001",
                        "-metadata",
                        "material_package_name=C0007",
                        "-f",
                        "mxf"),
                file);
    }

    /**
     * An XDCAM HD 422 OP1a file as a camera records it, with four mono 24-bit tracks, as ffmpeg's
     * {@code mxf} muxer writes it: 1080i at 25, timecode 10:00:00:00, reel XD0004. Tracks 1 and 3
     * are silent, 2 and 4 a 440 and 880 Hz tone (a stereo made of the first track alone is silent).
     */
    public static Path xdcamHd422FourMonoTracks(Path file, double seconds) throws IOException, InterruptedException {
        assumeTool("ffmpeg");
        List<String> cmd = new ArrayList<>(List.of(
                "ffmpeg", "-v", "error", "-nostdin", "-y", "-f", "lavfi", "-i", "testsrc=size=1920x1080:rate=25"));
        for (String track : List.of(
                "anullsrc=channel_layout=mono:sample_rate=48000",
                "sine=frequency=440:sample_rate=48000",
                "anullsrc=channel_layout=mono:sample_rate=48000",
                "sine=frequency=880:sample_rate=48000")) {
            cmd.addAll(List.of("-f", "lavfi", "-i", track));
        }
        cmd.addAll(List.of("-t", Double.toString(seconds)));
        for (int i = 0; i < 5; i++) {
            cmd.addAll(List.of("-map", Integer.toString(i)));
        }
        cmd.addAll(List.of(
                "-c:v",
                "mpeg2video",
                "-pix_fmt",
                "yuv422p",
                "-b:v",
                "50M",
                "-minrate",
                "50M",
                "-maxrate",
                "50M",
                "-bufsize",
                "17825792",
                "-flags",
                "+ildct+ilme",
                "-top",
                "1",
                "-c:a",
                "pcm_s24le",
                "-timecode",
                "10:00:00:00",
                "-metadata",
                "reel_name=XD0004",
                "-f",
                "mxf",
                file.toString()));
        run(cmd);
        return file;
    }

    /**
     * A D-10 (IMX 50) file as ffmpeg's {@code mxf_d10} muxer writes it: 720x608 at 25, intra MPEG-2
     * at a constant 50 Mb/s, timecode 09:59:50:00, reel IMX0042, clip "News item".
     */
    public static Path d10Imx(Path file) throws IOException, InterruptedException {
        return ffmpeg(
                "720x608",
                "25",
                0.4,
                true,
                List.of(
                        "-c:v",
                        "mpeg2video",
                        "-pix_fmt",
                        "yuv422p",
                        "-g",
                        "1",
                        "-b:v",
                        "50M",
                        "-minrate",
                        "50M",
                        "-maxrate",
                        "50M",
                        "-bufsize",
                        "2000000",
                        "-rc_init_occupancy",
                        "2000000",
                        "-flags",
                        "+ildct+low_delay",
                        "-dc",
                        "10",
                        "-intra_vlc",
                        "1",
                        "-non_linear_quant",
                        "1",
                        "-ps",
                        "1",
                        "-qmin",
                        "1",
                        "-qmax",
                        "3",
                        "-top",
                        "1",
                        "-c:a",
                        "pcm_s16le",
                        "-timecode",
                        "09:59:50:00",
                        "-metadata",
                        "reel_name=IMX0042",
                        "-metadata",
                        "material_package_name=News item",
                        "-f",
                        "mxf_d10"),
                file);
    }

    /**
     * An Avid OP-Atom clip as ffmpeg's {@code mxf_opatom} muxer writes it: {@code <name>_V01.mxf}
     * (DNxHD 36, 1080p25, one second) and {@code <name>_A01.mxf}, {@code <name>_A02.mxf} (mono 24-bit
     * PCM, 440 and 880 Hz), timecode 10:00:00:00, reel OPA001, clip {@code name}. ffmpeg draws each
     * file's UMIDs at random unless told to be bit-exact: bit-exact, the three share their material
     * package UMID, as the files of one Avid clip do. Returns the picture file.
     */
    public static Path opAtomClip(Path dir, String name) throws IOException, InterruptedException {
        List<String> common = List.of(
                "-timecode",
                "10:00:00:00",
                "-metadata",
                "reel_name=OPA001",
                "-metadata",
                "material_package_name=" + name,
                "-fflags",
                "+bitexact");
        List<String> video = new ArrayList<>(List.of("-c:v", "dnxhd", "-b:v", "36M", "-pix_fmt", "yuv422p"));
        video.addAll(common);
        video.addAll(List.of("-f", "mxf_opatom"));
        Path picture = ffmpeg("1920x1080", "25", 1.0, false, video, dir.resolve(name + "_V01.mxf"));
        for (int i = 1; i <= 2; i++) {
            assumeTool("ffmpeg");
            List<String> cmd = new ArrayList<>(List.of(
                    "ffmpeg",
                    "-v",
                    "error",
                    "-nostdin",
                    "-y",
                    "-f",
                    "lavfi",
                    "-i",
                    "sine=frequency=" + (440 * i) + ":sample_rate=48000",
                    "-t",
                    "1",
                    "-c:a",
                    "pcm_s24le",
                    "-mxf_audio_edit_rate",
                    "25"));
            cmd.addAll(common);
            cmd.addAll(List.of(
                    "-f", "mxf_opatom", dir.resolve(name + "_A0" + i + ".mxf").toString()));
            run(cmd);
        }
        return picture;
    }

    /**
     * A D-10 (IMX 30) NTSC file as ffmpeg's {@code mxf_d10} muxer writes it: 720x512 at 29.97, intra
     * MPEG-2 at a constant 30 Mb/s (125 125 bytes a frame: 50 Mb/s gives no whole number at 29.97),
     * timecode 01:00:00;02 drop-frame, reel IMX0043, clip "NTSC item".
     */
    public static Path d10ImxNtsc(Path file) throws IOException, InterruptedException {
        return ffmpeg(
                "720x512",
                "30000/1001",
                0.4,
                true,
                List.of(
                        "-c:v",
                        "mpeg2video",
                        "-pix_fmt",
                        "yuv422p",
                        "-g",
                        "1",
                        "-b:v",
                        "30M",
                        "-minrate",
                        "30M",
                        "-maxrate",
                        "30M",
                        "-bufsize",
                        "1001000",
                        "-rc_init_occupancy",
                        "1001000",
                        "-flags",
                        "+ildct+low_delay",
                        "-dc",
                        "10",
                        "-intra_vlc",
                        "1",
                        "-non_linear_quant",
                        "1",
                        "-ps",
                        "1",
                        "-qmin",
                        "1",
                        "-qmax",
                        "8",
                        "-top",
                        "1",
                        "-c:a",
                        "pcm_s16le",
                        "-timecode",
                        "01:00:00;02",
                        "-metadata",
                        "reel_name=IMX0043",
                        "-metadata",
                        "material_package_name=NTSC item",
                        "-f",
                        "mxf_d10"),
                file);
    }

    /** Skips the calling test (with the reason) when {@code tool} is not on the PATH. */
    public static void assumeTool(String tool) {
        boolean found = false;
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                found = true;
                break;
            }
        }
        assumeTrue(found, tool + " is not installed (./gateway test installs it): MXF writer tests skipped");
    }

    /**
     * Runs ffmpeg on a test pattern ({@code size} at {@code rate}, {@code seconds} long) with the
     * output options {@code out} ending in the muxer and the file; with one sine audio stream when
     * {@code audio}.
     */
    public static Path ffmpeg(String size, String rate, double seconds, boolean audio, List<String> out, Path file)
            throws IOException, InterruptedException {
        assumeTool("ffmpeg");
        List<String> cmd = new ArrayList<>(List.of(
                "ffmpeg",
                "-v",
                "error",
                "-nostdin",
                "-y",
                "-f",
                "lavfi",
                "-i",
                "testsrc=size=" + size + ":rate=" + rate));
        if (audio) {
            cmd.addAll(List.of("-f", "lavfi", "-i", "sine=frequency=1000:sample_rate=48000"));
        }
        cmd.addAll(List.of("-t", Double.toString(seconds)));
        cmd.addAll(out);
        cmd.add(file.toString());
        run(cmd);
        return file;
    }

    /** Runs a gst-launch-1.0 pipeline whose last element is a filesink to {@code file}. */
    public static Path gstLaunch(String pipeline, Path file) throws IOException, InterruptedException {
        assumeTool("gst-launch-1.0");
        List<String> cmd = new ArrayList<>(List.of("gst-launch-1.0", "-q"));
        cmd.addAll(List.of(pipeline.split(" ")));
        cmd.addAll(List.of("!", "filesink", "location=" + file));
        run(cmd);
        return file;
    }

    /** ffprobe's {@code -show_format -show_streams} of {@code file}, as JSON. */
    public static JsonNode ffprobe(Path file) throws IOException, InterruptedException {
        assumeTool("ffprobe");
        String out =
                run(List.of("ffprobe", "-v", "error", "-show_format", "-show_streams", "-of", "json", file.toString()));
        return new ObjectMapper().readTree(out);
    }

    /** What ffprobe says of the start timecode, reel, clip name and picture rate. */
    public record Seen(String timecode, String reel, String clipName, String rate) {}

    public static Seen seen(Path file) throws IOException, InterruptedException {
        JsonNode root = ffprobe(file);
        JsonNode video = null;
        for (JsonNode s : root.path("streams")) {
            if ("video".equals(s.path("codec_type").asText()) && video == null) {
                video = s;
            }
        }
        if (video == null) {
            throw new AssertionError("ffprobe finds no video stream in " + file + ": " + root);
        }
        JsonNode format = root.path("format").path("tags");
        JsonNode tags = video.path("tags");
        String timecode = text(format, "timecode") != null ? text(format, "timecode") : text(tags, "timecode");
        // ffmpeg's MXF reader calls the tape (physical source) package's name reel_name and the
        // file package's file_package_name
        String reel = text(tags, "reel_name") != null ? text(tags, "reel_name") : text(tags, "file_package_name");
        return new Seen(
                timecode,
                reel,
                text(format, "material_package_name"),
                video.path("r_frame_rate").asText());
    }

    private static String text(JsonNode tags, String key) {
        JsonNode n = tags.get(key);
        return n == null || n.isNull() || n.asText().isEmpty() ? null : n.asText();
    }

    private static String run(List<String> cmd) throws IOException, InterruptedException {
        Path log = Files.createTempFile("mxf-writer", ".log");
        try {
            Process p = new ProcessBuilder(cmd)
                    .redirectErrorStream(false)
                    .redirectError(log.toFile())
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(cmd.get(0) + " did not finish in 120 s: " + String.join(" ", cmd));
            }
            if (p.exitValue() != 0) {
                throw new IOException(cmd.get(0) + " failed (exit " + p.exitValue() + "): " + String.join(" ", cmd)
                        + "\n" + Files.readString(log));
            }
            return out;
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
