package gateway.perf;

import gateway.model.asset.AssetId;
import gateway.model.asset.AudioStream;
import gateway.model.asset.Checksums;
import gateway.model.asset.Manifest;
import gateway.model.asset.MediaInfo;
import gateway.model.asset.ProjectId;
import gateway.model.asset.VideoInfo;
import gateway.model.time.FrameRate;
import gateway.model.time.Timecode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Synthetic but realistic camera originals for the search benchmark, a pure function of their
 * number: camera-style clip names (A012C003_231105_R1AB), reels, start timecodes at mixed rates
 * (drop-frame where the rate has it), tags, cameras and codecs, spread over a few projects.
 */
final class SearchAssets {
    static final List<ProjectId> PROJECTS = List.of(
            new ProjectId("bench-feature"),
            new ProjectId("bench-series"),
            new ProjectId("bench-docu"),
            new ProjectId("bench-ads"));
    static final List<String> TAGS = List.of(
            "interview",
            "exterior",
            "interior",
            "night",
            "day",
            "drone",
            "broll",
            "closeup",
            "wide",
            "medium",
            "pickup",
            "insert",
            "establishing",
            "dialogue",
            "action",
            "stunt",
            "vfx",
            "greenscreen",
            "handheld",
            "steadicam",
            "dolly",
            "crane",
            "slowmo",
            "timelapse",
            "rain",
            "sunset",
            "crowd",
            "car",
            "city",
            "forest");
    private static final String[][] CAMERAS = {
        {"ARRI", "ALEXA Mini LF", "prores", "3840x2160", "mov"},
        {"ARRI", "ALEXA 35", "arriraw", "4608x3164", "mxf"},
        {"Sony", "VENICE 2", "xavc", "3840x2160", "mxf"},
        {"Sony", "FX6", "xavc", "1920x1080", "mp4"},
        {"RED", "KOMODO 6K", "r3d", "6144x3240", "r3d"},
        {"Blackmagic Design", "URSA Mini Pro 12K", "braw", "6144x3456", "braw"},
        {"Canon", "C300 Mark III", "xf-avc", "4096x2160", "mxf"}
    };
    private static final FrameRate[] RATES = {
        FrameRate.FPS_23_976,
        FrameRate.FPS_23_976,
        FrameRate.FPS_24,
        FrameRate.FPS_25,
        FrameRate.FPS_25,
        FrameRate.FPS_29_97,
        FrameRate.FPS_50,
        FrameRate.FPS_59_94
    };

    private SearchAssets() {}

    /** Asset {@code n} (0-based); the same n always gives the same manifest. */
    static Manifest manifest(long n) {
        SplittableRandom r = new SplittableRandom(0x5EA2C4L * 31 + n);
        ProjectId project = PROJECTS.get((int) (n % PROJECTS.size()));
        String[] cam = CAMERAS[r.nextInt(CAMERAS.length)];
        char unit = (char) ('A' + r.nextInt(4));
        int reelNo = 1 + r.nextInt(400);
        // Formatted by hand, not with String.format: generating must not cost more than indexing.
        String reel = unit + digits(reelNo, 3);
        String name = reel + "C" + digits(1 + r.nextInt(60), 3) + "_23" + digits(1 + r.nextInt(12), 2)
                + digits(1 + r.nextInt(28), 2) + "_R"
                + Integer.toString(36 * 36 * 36 + r.nextInt(36 * 36 * 36 * 35), 36)
                        .toUpperCase(Locale.ROOT);
        FrameRate rate = RATES[r.nextInt(RATES.length)];
        boolean df = rate.supportsDropFrame() && r.nextInt(3) == 0;
        Timecode tc = Timecode.fromFrames(r.nextLong(Timecode.framesPerDay(rate, df) - 100_000), rate, df);
        String[] size = cam[3].split("x");
        Set<String> tags = new LinkedHashSet<>();
        for (int t = r.nextInt(4); t > 0; t--) {
            tags.add(TAGS.get(r.nextInt(TAGS.size())));
        }
        String path = "/media/" + project.value() + "/day" + digits(1 + r.nextInt(60), 2) + "/" + reel + "/" + name
                + "." + cam[4];
        List<AudioStream> audio = new ArrayList<>();
        for (int a = r.nextInt(3); a > 0; a--) {
            audio.add(new AudioStream("pcm_s24le", 2, 48000, 24));
        }
        MediaInfo media = new MediaInfo(
                path,
                cam[4],
                rate,
                24 + r.nextInt(20_000),
                tc,
                reel,
                new VideoInfo(cam[2], Integer.parseInt(size[0]), Integer.parseInt(size[1])),
                audio,
                false,
                new MediaInfo.Camera(cam[0], cam[1], unit + "-" + digits(r.nextInt(50), 4)),
                List.of());
        Map<String, String> meta = tags.isEmpty()
                ? Map.of("scene", Integer.toString(1 + r.nextInt(120)))
                : Map.of("tags", String.join(", ", tags), "scene", Integer.toString(1 + r.nextInt(120)));
        return new Manifest(
                Manifest.SCHEMA_VERSION,
                1,
                new AssetId("bench-" + digits(n, 10)),
                project,
                name,
                path,
                media,
                new Checksums(hex16(r.nextLong()), null),
                List.of(),
                meta,
                EPOCH.plusSeconds(r.nextInt(86_400 * 300)));
    }

    private static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");

    /** {@code n} in decimal, zero-padded to {@code width} digits (as {@code %0<width>d} for n >= 0). */
    static String digits(long n, int width) {
        String s = Long.toString(n);
        return s.length() >= width ? s : "0".repeat(width - s.length()) + s;
    }

    /** As {@code %016x}. */
    static String hex16(long x) {
        String s = Long.toHexString(x);
        return "0".repeat(16 - s.length()) + s;
    }
}
