package gateway.cli;

import static gateway.cli.CliRun.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16's first acceptance bullet as a user runs it: for each independent MXF writer (ffmpeg's
 * {@code mxf}, {@code mxf_opatom} and {@code mxf_d10} muxers, GStreamer's {@code mxfmux}) an
 * original with a known timecode (29.97 drop-frame where the writer can) and reel; ffprobe reads
 * the writer's timecode and reel back, {@code ./gateway probe --json} gives them, and after
 * {@code ./gateway ingest --json} the edit proxy's timecode track (read by ffprobe) starts there and
 * carries the reel. GStreamer 1.22's mxfmux always writes 00:00:00:00 (never drop-frame) and names
 * its source package "Source package": that file is checked as written, and a copy whose timecode
 * component and package name are set in place (ffprobe reads the change) checks drop-frame on its
 * structure.
 */
class MxfWritersCliIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** An original: its file, and the timecode, drop frame and reel it was written with. */
    private record Original(Path file, String timecode, boolean dropFrame, String reel) {}

    @Test
    void everyWritersTimecodeAndReelReachProbeAndTheEditProxy() throws Exception {
        Path card = Files.createDirectories(dir.resolve("card"));
        List<Original> originals = new ArrayList<>();

        Path op1a = Files.createDirectories(card.resolve("op1a")).resolve("C0007.mxf");
        ffmpeg(
                List.of("-f", "lavfi", "-i", "testsrc=size=320x240:rate=30000/1001"),
                List.of("-c:v", "mpeg2video", "-b:v", "8M", "-pix_fmt", "yuv422p"),
                "11:00:00;00",
                "XD0001",
                "C0007",
                "mxf",
                op1a);
        originals.add(new Original(op1a, "11:00:00;00", true, "XD0001"));

        Path d10 = Files.createDirectories(card.resolve("d10")).resolve("IMX.mxf");
        ffmpeg(
                List.of("-f", "lavfi", "-i", "testsrc=size=720x512:rate=30000/1001"),
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
                        "1"),
                "01:00:00;02",
                "IMX0043",
                "NTSC item",
                "mxf_d10",
                d10);
        originals.add(new Original(d10, "01:00:00;02", true, "IMX0043"));

        Path avid = Files.createDirectories(
                card.resolve("Avid MediaFiles").resolve("MXF").resolve("1"));
        Path atom = avid.resolve("ClipN_V01.mxf");
        ffmpeg(
                List.of("-f", "lavfi", "-i", "testsrc=size=1920x1080:rate=30000/1001"),
                List.of("-c:v", "dnxhd", "-b:v", "45M", "-pix_fmt", "yuv422p", "-fflags", "+bitexact"),
                "10:00:00;00",
                "OPA029",
                "ClipN",
                "mxf_opatom",
                atom);
        for (int i = 1; i <= 2; i++) {
            ffmpeg(
                    List.of("-f", "lavfi", "-i", "sine=frequency=" + 440 * i + ":sample_rate=48000"),
                    List.of("-c:a", "pcm_s24le", "-mxf_audio_edit_rate", "30000/1001", "-fflags", "+bitexact"),
                    "10:00:00;00",
                    "OPA029",
                    "ClipN",
                    "mxf_opatom",
                    avid.resolve("ClipN_A0" + i + ".mxf"));
        }
        originals.add(new Original(atom, "10:00:00;00", true, "OPA029"));

        Path gst = Files.createDirectories(card.resolve("gst")).resolve("mxfmux.mxf");
        gstLaunch(
                "videotestsrc num-buffers=10 ! video/x-raw,width=1280,height=720,framerate=30000/1001,format=Y42B"
                        + " ! avenc_dnxhd bitrate=90000000 ! mxfmux",
                gst);
        originals.add(new Original(gst, "00:00:00:00", false, "Source package"));

        Path gstSet = Files.createDirectories(card.resolve("gst-set")).resolve("mxfmux-df.mxf");
        Files.copy(gst, gstSet);
        // 10:00:00;00 at 29.97 drop-frame is frame 1 078 920; "Source package" and "MUXREEL_000042" are both 14
        // characters
        setTimecodeAndReel(gstSet, 1_078_920L, true, "Source package", "MUXREEL_000042");
        originals.add(new Original(gstSet, "10:00:00;00", true, "MUXREEL_000042"));

        for (Original o : originals) {
            String name = o.file().getFileName().toString();
            Map<String, String> seen = ffprobeTags(o.file());
            assertEquals(o.timecode(), seen.get("timecode"), name + ": ffprobe reads the writer's timecode");
            assertEquals(o.reel(), seen.get("reel"), name + ": ffprobe reads the writer's reel");

            CliRun p = cli("probe", o.file().toString(), "--json");
            assertEquals(0, p.exit(), name + ": " + p.err());
            JsonNode probed = JSON.readTree(p.out());
            assertEquals(o.timecode(), probed.path("start_timecode").asText(), name + ": probe --json " + p.out());
            assertEquals(o.dropFrame(), probed.path("drop_frame").asBoolean(), name + ": drop_frame " + p.out());
            assertEquals(o.reel(), probed.path("reel").asText(), name + ": reel " + p.out());
            assertEquals("30000/1001", probed.path("frame_rate").asText(), name);
        }

        CliRun r = cli(
                "ingest",
                card.toString(),
                "--project",
                "writers",
                "--store",
                dir.resolve("store").toString(),
                "--json");
        assertEquals(0, r.exit(), r.err());
        Map<String, JsonNode> byName = new HashMap<>();
        for (JsonNode f : JSON.readTree(r.out())) {
            byName.put(Path.of(f.path("path").asText()).getFileName().toString(), f);
        }
        assertEquals(
                originals.size(), byName.size(), "one asset per original, the OP-Atom set one: " + byName.keySet());
        for (Original o : originals) {
            String name = o.file().getFileName().toString();
            JsonNode f = byName.get(name);
            assertEquals("done", f.path("status").asText(), name + ": " + f);
            JsonNode edit = null;
            for (JsonNode rendition : f.path("renditions")) {
                if ("edit".equals(rendition.path("profile").asText())) {
                    edit = rendition;
                }
            }
            assertTrue(edit != null, name + ": an edit proxy: " + f);
            Map<String, String> proxy = ffprobeTags(Path.of(edit.path("path").asText()));
            assertEquals(o.timecode(), proxy.get("timecode"), name + ": the edit proxy's timecode track (ffprobe)");
            assertEquals(o.reel(), proxy.get("reel"), name + ": the edit proxy's reel (ffprobe)");
            assertEquals("30000/1001", proxy.get("rate"), name);
        }
        JsonNode avidAsset = byName.get("ClipN_V01.mxf");
        assertEquals(2, ffprobeAudioStreams(Path.of(editPath(avidAsset))), "the OP-Atom clip's two sound files");
    }

    private static String editPath(JsonNode f) {
        for (JsonNode rendition : f.path("renditions")) {
            if ("edit".equals(rendition.path("profile").asText())) {
                return rendition.path("path").asText();
            }
        }
        throw new AssertionError("no edit rendition: " + f);
    }

    /**
     * Sets every timecode component's start and drop-frame flag (SMPTE ST 377-1: local set
     * 06.0e.2b.34.02.53.01.01.0d.01.01.01.01.01.14.00, tags 0x1501 and 0x1503) and replaces the
     * UTF-16 package name {@code from} with {@code to} (the same length) in {@code file}, in place.
     */
    private static void setTimecodeAndReel(Path file, long start, boolean dropFrame, String from, String to)
            throws IOException {
        byte[] b = Files.readAllBytes(file);
        byte[] key = java.util.HexFormat.of().parseHex("060e2b34025301010d01010101011400");
        int sets = 0;
        for (int i = 0; i + 17 < b.length; i++) {
            if (!matches(b, i, key)) {
                continue;
            }
            int pos = i + 16;
            int first = b[pos] & 0xff;
            long length = first;
            int lengthBytes = 1;
            if (first >= 0x80) {
                length = 0;
                for (int k = 0; k < (first & 0x7f); k++) {
                    length = (length << 8) | (b[pos + 1 + k] & 0xff);
                }
                lengthBytes += first & 0x7f;
            }
            int p = pos + lengthBytes;
            int end = (int) (p + length);
            while (p + 4 <= end) {
                int tag = ((b[p] & 0xff) << 8) | (b[p + 1] & 0xff);
                int len = ((b[p + 2] & 0xff) << 8) | (b[p + 3] & 0xff);
                if (tag == 0x1501 && len == 8) {
                    ByteBuffer.wrap(b, p + 4, 8).putLong(start);
                } else if (tag == 0x1503 && len == 1) {
                    b[p + 4] = (byte) (dropFrame ? 1 : 0);
                }
                p += 4 + len;
            }
            sets++;
        }
        assertTrue(sets > 0, "mxfmux wrote timecode components");
        byte[] f = from.getBytes(StandardCharsets.UTF_16BE);
        byte[] t = to.getBytes(StandardCharsets.UTF_16BE);
        assertEquals(f.length, t.length);
        int names = 0;
        for (int i = 0; i + f.length <= b.length; i++) {
            if (matches(b, i, f)) {
                System.arraycopy(t, 0, b, i, t.length);
                names++;
            }
        }
        assertTrue(names > 0, "mxfmux named a package " + from);
        Files.write(file, b);
    }

    /** True when {@code b} holds {@code want} at {@code at}, byte 7 (a key's registry version) aside. */
    private static boolean matches(byte[] b, int at, byte[] want) {
        for (int k = 0; k < want.length; k++) {
            if (b[at + k] != want[k] && !(want.length == 16 && k == 7 && want[0] == 0x06)) {
                return false;
            }
        }
        return true;
    }

    /**
     * ffprobe's start timecode (the container's or the first stream's), reel (the tmcd track's
     * reel_name, else MXF's reel_name or file_package_name) and picture rate of {@code file}.
     */
    private static Map<String, String> ffprobeTags(Path file) throws Exception {
        JsonNode root = JSON.readTree(run(
                List.of("ffprobe", "-v", "error", "-show_format", "-show_streams", "-of", "json", file.toString())));
        Map<String, String> out = new HashMap<>();
        JsonNode format = root.path("format").path("tags");
        put(out, "timecode", format.path("timecode"));
        for (JsonNode s : root.path("streams")) {
            JsonNode tags = s.path("tags");
            put(out, "timecode", tags.path("timecode"));
            put(out, "reel", tags.path("reel_name"));
            put(out, "reel", tags.path("file_package_name"));
            if ("video".equals(s.path("codec_type").asText())) {
                put(out, "rate", s.path("r_frame_rate"));
            }
        }
        return out;
    }

    private static int ffprobeAudioStreams(Path file) throws Exception {
        int n = 0;
        for (JsonNode s : JSON.readTree(
                        run(List.of("ffprobe", "-v", "error", "-show_streams", "-of", "json", file.toString())))
                .path("streams")) {
            if ("audio".equals(s.path("codec_type").asText())) {
                assertTrue(!s.path("channel_layout").asText("").isEmpty(), "a channel layout on every track: " + s);
                n++;
            }
        }
        return n;
    }

    private static void put(Map<String, String> out, String key, JsonNode value) {
        if (!out.containsKey(key) && value.isTextual() && !value.asText().isEmpty()) {
            out.put(key, value.asText());
        }
    }

    /** Twelve frames (0.4 s) of {@code input} coded as {@code codec}, with timecode, reel and clip name, by ffmpeg. */
    private static void ffmpeg(
            List<String> input, List<String> codec, String timecode, String reel, String clip, String format, Path file)
            throws Exception {
        List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-v", "error", "-nostdin", "-y"));
        cmd.addAll(input);
        cmd.addAll(List.of("-t", "0.4"));
        cmd.addAll(codec);
        cmd.addAll(List.of(
                "-timecode",
                timecode,
                "-metadata",
                "reel_name=" + reel,
                "-metadata",
                "material_package_name=" + clip,
                "-f",
                format,
                file.toString()));
        run(cmd);
    }

    private static void gstLaunch(String pipeline, Path file) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("gst-launch-1.0", "-q"));
        cmd.addAll(List.of(pipeline.split(" ")));
        cmd.addAll(List.of("!", "filesink", "location=" + file));
        run(cmd);
    }

    private static String run(List<String> cmd) throws Exception {
        assumeTrue(onPath(cmd.get(0)), cmd.get(0) + " is not installed (./gateway test installs it)");
        Path err = Files.createTempFile("writer", ".log");
        try {
            Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), cmd.get(0) + " finishes");
            assertEquals(0, p.exitValue(), String.join(" ", cmd) + "\n" + Files.readString(err));
            return out;
        } finally {
            Files.deleteIfExists(err);
        }
    }

    private static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return false;
    }
}
