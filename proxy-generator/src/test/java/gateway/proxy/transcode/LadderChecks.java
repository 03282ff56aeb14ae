package gateway.proxy.transcode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gateway.model.asset.AssetId;
import gateway.model.asset.FragmentIndex;
import gateway.model.asset.MediaInfo;
import gateway.model.asset.Rendition;
import gateway.proxy.FfprobeCheck;
import gateway.proxy.checksum.FileChecksums;
import gateway.proxy.probe.FragmentScan;
import gateway.proxy.probe.MediaProbe;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * What the ladder tests check of the outputs in one asset folder: fragment indexes, checksums,
 * stills, JSON side files, and {@link #assertEveryOutput} for the whole default ladder of any
 * original (each output against the original as our probe and ffprobe read them).
 */
final class LadderChecks {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path assetDir;

    LadderChecks(Path assetDir) {
        this.assetDir = assetDir;
    }

    /**
     * Every output of the default ladder of {@code original} (probed as {@code probed}) is there,
     * well formed and true to the original: the edit proxy has its rate, frame count, start
     * timecode, reel and channel count and a frame size that divides its picture exactly; the
     * streams are closed GOPs of one timecode second indexed frame by frame; thumbnails, poster,
     * filmstrip and waveform are readable and of the right size; checksums match; nothing else.
     */
    void assertEveryOutput(MediaInfo probed, AssetId id, LadderResult result, MediaProbe probe) throws Exception {
        int frames = Math.toIntExact(probed.durationFrames());
        List<String> expected = new ArrayList<>();
        if (probed.video() != null) {
            expected.addAll(List.of("edit", "stream-hi", "stream-hi", "stream-lo", "stream-lo", "scrub", "scrub"));
            expected.add("poster");
            int every = 2 * probed.frameRate().timecodeBase();
            for (int f = 0; f < frames; f += every) {
                expected.add("thumbnails");
            }
            expected.addAll(List.of("filmstrip", "filmstrip"));
        }
        boolean soundEdit = probed.video() == null && MediaProbe.WAVE_CONTAINER.equals(probed.container());
        if (soundEdit) {
            expected.add("edit");
        }
        if (!probed.audio().isEmpty()) {
            expected.add("waveform");
        }
        assertEquals(
                expected, result.renditions().stream().map(Rendition::profile).toList(), "the default ladder's files");
        if (probed.video() != null) {
            assertEditProxy(probed, id, file(result, "edit"), probe);
            int gop = probed.frameRate().timecodeBase();
            for (String stream : List.of("stream-hi", "stream-lo")) {
                assertFragmentIndex(result, stream, frames, gop);
                List<Integer> keys = new ArrayList<>();
                for (int k = 0; k < frames; k += gop) {
                    keys.add(k);
                }
                assertEquals(keys, FfprobeCheck.keyFrames(file(result, stream)), stream + ": a key frame a second");
                assertEquals(
                        rational(probed),
                        FfprobeCheck.first(file(result, stream), "video").get("r_frame_rate"),
                        stream + " keeps the rate");
            }
            assertFragmentIndex(result, "scrub", frames, 0);
            assertEquals(frames, FfprobeCheck.keyFrames(file(result, "scrub")).size(), "scrub is all intra");
            assertFitted(assertImage(file(result, "poster")), probed, 960, 540);
            List<Rendition> thumbs = result.renditions("thumbnails");
            for (int i = 0; i < thumbs.size(); i++) {
                int frame = i * 2 * probed.frameRate().timecodeBase();
                assertEquals("thumbs/%08d.jpg".formatted(frame), thumbs.get(i).path());
                assertFitted(assertImage(assetDir.resolve(thumbs.get(i).path())), probed, 320, 180);
            }
            assertFilmstrip(frames);
        }
        if (soundEdit) {
            Rendition edit = result.rendition("edit").orElseThrow();
            SoundEditChecks.assertSoundEdit(Path.of(probed.path()), probed, edit, assetDir.resolve(edit.path()), probe);
        }
        if (!probed.audio().isEmpty()) {
            assertWaveform(probed);
        }
        assertChecksumsAndNothingElse(result);
    }

    /** The edit proxy matches the original as our probe reads both, and as ffprobe reads the proxy. */
    static void assertEditProxy(MediaInfo original, AssetId id, Path proxy, MediaProbe probe) throws Exception {
        MediaInfo made = probe.probe(proxy);
        assertEquals(original.frameRate(), made.frameRate(), "frame rate");
        assertEquals(original.durationFrames(), made.durationFrames(), "frame count");
        assertEquals(original.startTimecode(), made.startTimecode(), "start timecode (and its rate and drop-frame)");
        if (original.startTimecode() != null) {
            assertEquals(original.reel(), made.reel(), "reel");
        }
        assertEquals(original.audioChannels(), made.audioChannels(), "audio channels");
        made.audio().forEach(a -> assertEquals("pcm", a.codec(), "PCM audio"));
        assertEquals(id, probe.embeddedAssetId(proxy).orElseThrow(), "asset id in the metadata");
        int w = original.video().width();
        int h = original.video().height();
        int pw = made.video().width();
        int ph = made.video().height();
        assertTrue(
                w % pw == 0 && h % ph == 0 && w / pw == h / ph,
                pw + "x" + ph + " divides " + w + "x" + h + " exactly, by one number");
        assertTrue(pw <= 960 && ph <= 540 || w / pw == 1, pw + "x" + ph + " fits 960x540");
        Map<String, String> video = FfprobeCheck.first(proxy, "video");
        assertEquals("h264", video.get("codec_name"));
        assertEquals(Long.toString(original.durationFrames()), video.get("nb_frames"), "ffprobe's frame count");
        assertEquals(rational(original), video.get("r_frame_rate"), "ffprobe's rate");
        if (original.startTimecode() == null) {
            assertNull(video.get("TAG:timecode"), "no timecode track in, none out");
        } else {
            assertEquals(original.startTimecode().toString(), video.get("TAG:timecode"), "ffprobe's timecode");
        }
        List<Map<String, String>> tracks = FfprobeCheck.streams(proxy).stream()
                .filter(s -> "audio".equals(s.get("codec_type")))
                .toList();
        assertEquals(original.audio().size(), tracks.size(), "ffprobe's audio tracks: one per stream of the original");
        for (int i = 0; i < tracks.size(); i++) {
            assertEquals(
                    Integer.toString(original.audio().get(i).channels()),
                    tracks.get(i).get("channels"),
                    "ffprobe's channel count of track " + (i + 1));
            String layout = tracks.get(i).get("channel_layout");
            assertTrue(
                    layout != null && !layout.equals("unknown"),
                    "a channel layout on track " + (i + 1) + ": " + layout);
        }
    }

    private static String rational(MediaInfo probed) {
        return probed.frameRate().numerator() + "/" + probed.frameRate().denominator();
    }

    /** {@code gop} 0: fragments of any length (all-intra). */
    void assertFragmentIndex(LadderResult result, String profile, int frames, int gop) throws IOException {
        FragmentIndex index = result.fragmentIndexes().get(profile);
        assertNotNull(index, profile);
        assertEquals(frames, index.totalFrames());
        long next = 0;
        for (FragmentIndex.Fragment f : index.fragments()) {
            assertEquals(next, f.startFrame(), profile + " fragments are contiguous");
            if (gop > 0) {
                assertEquals(0, f.startFrame() % gop, profile + " fragments start on a GOP");
                assertTrue(f.durationFrames() <= gop);
            }
            if (gop > 0 && f != index.fragments().get(index.fragments().size() - 1)) {
                assertEquals(gop, f.durationFrames(), profile + " fragments are one GOP");
            }
            next += f.durationFrames();
        }
        int[] seen = new int[frames];
        for (int frame = 0; frame < frames; frame++) {
            for (FragmentIndex.Fragment f : index.fragments()) {
                if (frame >= f.startFrame() && frame < f.startFrame() + f.durationFrames()) {
                    seen[frame]++;
                }
            }
        }
        int[] once = new int[frames];
        java.util.Arrays.fill(once, 1);
        assertArrayEquals(once, seen, profile + ": every frame in exactly one fragment");
        JsonNode onDisk = json(assetDir.resolve("stream/" + profile + ".index.json"));
        assertEquals(index.fragments().size(), onDisk.get("fragments").size());
        assertEquals(FragmentScan.scan(file(result, profile)), index, "the index matches the file");
        assertEquals(
                index,
                FragmentIndex.read(assetDir.resolve("stream/" + profile + ".index.json")),
                "the node reads back the index ingest wrote");
    }

    /** Every output's size and checksums match an independent read; no other file is in the asset folder. */
    void assertChecksumsAndNothingElse(LadderResult result) throws Exception {
        List<Path> expected = new ArrayList<>();
        for (Rendition r : result.renditions()) {
            Path f = assetDir.resolve(r.path());
            expected.add(f);
            assertEquals(Files.size(f), r.sizeBytes(), r.path());
            assertEquals(FileChecksums.compute(f), r.checksums(), r.path());
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            try (InputStream in = Files.newInputStream(f)) {
                md5.update(in.readAllBytes());
            }
            assertEquals(HexFormat.of().formatHex(md5.digest()), r.checksums().md5(), r.path());
        }
        assertEquals(expected.stream().sorted().toList(), regularFiles(assetDir), "no temporary files");
    }

    Path file(LadderResult result, String profile) {
        return assetDir.resolve(result.rendition(profile).orElseThrow().path());
    }

    private void assertFilmstrip(int frames) throws IOException {
        JsonNode strip = json(assetDir.resolve("filmstrip.json"));
        BufferedImage sprite = assertImage(assetDir.resolve("filmstrip.jpg"));
        assertEquals(sprite.getWidth(), strip.get("width_px").asInt());
        assertEquals(sprite.getHeight(), strip.get("height_px").asInt());
        JsonNode tiles = strip.get("tiles");
        assertEquals(Math.min(100, frames), tiles.size(), "up to 100 tiles");
        Set<String> rects = new HashSet<>();
        int previous = -1;
        for (JsonNode t : tiles) {
            int frame = t.get("frame").asInt();
            assertTrue(frame > previous && frame < frames, "tile frames rise within the clip: " + frame);
            previous = frame;
            assertTrue(t.get("width_px").asInt() <= 160 && t.get("height_px").asInt() <= 90);
            assertTrue(t.get("x_px").asInt() + t.get("width_px").asInt() <= sprite.getWidth());
            assertTrue(t.get("y_px").asInt() + t.get("height_px").asInt() <= sprite.getHeight());
            rects.add(t.get("x_px") + "," + t.get("y_px"));
        }
        assertEquals(tiles.size(), rects.size(), "no two tiles overlap");
    }

    /** One list per channel, 100 peaks a second of the clip, ordered pairs within [-1, 1]. */
    private void assertWaveform(MediaInfo probed) throws IOException {
        JsonNode wave = json(assetDir.resolve("waveform.json"));
        assertEquals(probed.audioChannels(), wave.get("channels").size(), "a peak list per channel");
        double seconds = (double) probed.durationFrames()
                * probed.frameRate().denominator()
                / probed.frameRate().numerator();
        int length = wave.get("channels").get(0).size();
        // PCM lasts as long as the picture give or take a peak; AAC decodes with its encoder's
        // priming and padding (up to 2048 samples here, as GStreamer writes no edit list for them).
        boolean lossy = probed.audio().stream().anyMatch(a -> a.codec().equals("aac"));
        double slack = lossy ? 3 + 2048 / 480.0 : 3;
        assertTrue(
                length >= seconds * 100 - 3 && length <= seconds * 100 + slack,
                length + " peaks for " + seconds + " s");
        for (JsonNode channel : wave.get("channels")) {
            assertEquals(length, channel.size(), "every channel as long");
            for (JsonNode peak : channel) {
                double min = peak.get(0).asDouble();
                double max = peak.get(1).asDouble();
                assertTrue(-1 <= min && min <= max && max <= 1, "peak " + peak);
            }
        }
    }

    /**
     * The picture fits the box, keeps the original's shape (within a pixel of rounding) and is the
     * original's size or touches the box (a still is never enlarged).
     */
    private static void assertFitted(BufferedImage image, MediaInfo probed, int maxWidth, int maxHeight) {
        assertTrue(image.getWidth() <= maxWidth && image.getHeight() <= maxHeight, "fits the box");
        assertTrue(
                image.getWidth() == maxWidth
                        || image.getHeight() == maxHeight
                        || image.getWidth() == probed.video().width(),
                image.getWidth() + "x" + image.getHeight() + " fills the box one way or is the original's size");
        double expected = (double) probed.video().width() / probed.video().height();
        assertTrue(
                Math.abs(image.getWidth() - image.getHeight() * expected) <= expected + 1,
                image.getWidth() + "x" + image.getHeight() + " keeps the shape of the original");
    }

    static BufferedImage assertImage(Path file) throws IOException {
        BufferedImage image = ImageIO.read(file.toFile());
        assertNotNull(image, file + " is a readable JPEG");
        return image;
    }

    static BufferedImage assertImage(Path file, int width, int height) throws IOException {
        BufferedImage image = assertImage(file);
        assertEquals(width, image.getWidth(), file.toString());
        assertEquals(height, image.getHeight(), file.toString());
        return image;
    }

    static JsonNode json(Path file) throws IOException {
        return JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
    }

    static List<Path> regularFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }
}
