package gateway.index;

import gateway.model.asset.AssetId;
import gateway.model.asset.AudioStream;
import gateway.model.asset.Checksums;
import gateway.model.asset.Manifest;
import gateway.model.asset.MediaInfo;
import gateway.model.asset.ProjectId;
import gateway.model.asset.Rendition;
import gateway.model.asset.VideoInfo;
import gateway.model.time.FrameRate;
import gateway.model.time.Timecode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Manifests shaped like real camera originals, built by name for the catalogue tests. */
final class TestAssets {
    static final ProjectId FEATURE = new ProjectId("feature");
    static final ProjectId PROMO = new ProjectId("promo");

    private final ProjectId project;
    private final String id;
    private String name;
    private String path;
    private FrameRate rate = FrameRate.FPS_24;
    private long duration = 240;
    private Timecode start;
    private String reel;
    private VideoInfo video;
    private final List<AudioStream> audio = new ArrayList<>();
    private MediaInfo.Camera camera;
    private Map<String, String> metadata = Map.of();
    private Instant ingested = Instant.parse("2026-05-03T09:00:00Z");
    private final List<Rendition> renditions = new ArrayList<>();

    private TestAssets(ProjectId project, String id) {
        this.project = project;
        this.id = id;
    }

    static TestAssets asset(ProjectId project, String id) {
        return new TestAssets(project, id);
    }

    TestAssets file(String originalPath) {
        this.path = originalPath;
        String file = originalPath.substring(originalPath.lastIndexOf('/') + 1);
        this.name = file.contains(".") ? file.substring(0, file.lastIndexOf('.')) : file;
        return this;
    }

    TestAssets name(String clipName) {
        this.name = clipName;
        return this;
    }

    TestAssets rate(FrameRate r) {
        this.rate = r;
        return this;
    }

    TestAssets frames(long n) {
        this.duration = n;
        return this;
    }

    /** Start timecode; ';' before the frames means drop-frame. */
    TestAssets tc(String label) {
        this.start = Timecode.parse(label, rate);
        return this;
    }

    TestAssets reel(String r) {
        this.reel = r;
        return this;
    }

    TestAssets video(String codec, int width, int height) {
        this.video = new VideoInfo(codec, width, height);
        return this;
    }

    TestAssets audio(int channels) {
        this.audio.add(new AudioStream("pcm_s24le", channels, 48000, 24));
        return this;
    }

    TestAssets camera(String make, String model, String serial) {
        this.camera = new MediaInfo.Camera(make, model, serial);
        return this;
    }

    TestAssets meta(Map<String, String> m) {
        this.metadata = m;
        return this;
    }

    TestAssets ingested(String instant) {
        this.ingested = Instant.parse(instant);
        return this;
    }

    TestAssets proxied() {
        renditions.add(new Rendition("edit", "proxy/edit.mov", "video/quicktime", 1000, new Checksums("00", null)));
        return this;
    }

    Manifest build() {
        MediaInfo media = new MediaInfo(
                path,
                path.substring(path.lastIndexOf('.') + 1).toLowerCase(),
                rate,
                duration,
                start,
                reel,
                video,
                audio,
                false,
                camera,
                List.of());
        return new Manifest(
                Manifest.SCHEMA_VERSION,
                1,
                new AssetId(id),
                project,
                name,
                path,
                media,
                new Checksums("0123456789abcdef", null),
                renditions,
                metadata,
                ingested);
    }

    /**
     * The feature project: ARRI and Sony picture at 23.976 and 25, a Blackmagic clip at 29.97
     * drop-frame, a Sound Devices WAV and a clip that runs past midnight.
     */
    static List<Manifest> feature() {
        return List.of(
                asset(FEATURE, "feature-a003c012")
                        .file("/cards/day01/A003/A003C012_230101_R1AB.mov")
                        .rate(FrameRate.FPS_23_976)
                        .tc("14:03:00:00")
                        .frames(240)
                        .reel("A003")
                        .video("prores", 3840, 2160)
                        .audio(2)
                        .audio(2)
                        .camera("ARRI", "ALEXA Mini LF", "2920")
                        .meta(Map.of("tags", "interview, exterior", "scene", "12", "take", "3"))
                        .proxied()
                        .build(),
                asset(FEATURE, "feature-a004c001")
                        .file("/cards/day01/A004/A004C001_230101_R1AB.mov")
                        .rate(FrameRate.FPS_23_976)
                        .tc("14:03:10:00")
                        .frames(480)
                        .reel("A004")
                        .video("prores", 3840, 2160)
                        .audio(2)
                        .camera("ARRI", "ALEXA Mini LF", "2920")
                        .meta(Map.of("tags", "exterior", "scene", "12", "take", "4"))
                        .ingested("2026-05-04T18:30:00Z")
                        .build(),
                asset(FEATURE, "feature-b001c003")
                        .file("/cards/day02/B001/B001C003_230102_X9.mxf")
                        .rate(FrameRate.FPS_25)
                        .tc("14:03:10:00")
                        .frames(250)
                        .reel("B001")
                        .video("xavc", 1920, 1080)
                        .audio(2)
                        .camera("Sony", "VENICE 2", "S-001")
                        .ingested("2026-05-05T08:00:00Z")
                        .build(),
                asset(FEATURE, "feature-c017")
                        .file("/cards/day02/C017/C017_interview_wide.braw")
                        .rate(FrameRate.FPS_29_97)
                        .tc("10:03:00;05")
                        .frames(1800)
                        .reel("C017")
                        .video("braw", 6144, 3456)
                        .camera("Blackmagic Design", "URSA Mini Pro 12K", "BM-77")
                        .meta(Map.of("tags", "interview"))
                        .ingested("2026-05-05T09:00:00Z")
                        .build(),
                asset(FEATURE, "feature-a101-1")
                        .file("/sound/day01/A101_1.WAV")
                        .rate(FrameRate.FPS_23_976)
                        .tc("12:39:59:00")
                        .frames(100)
                        .audio(2)
                        .ingested("2026-05-05T10:00:00Z")
                        .build(),
                asset(FEATURE, "feature-night001")
                        .file("/cards/day03/N001/NIGHT_001.mov")
                        .rate(FrameRate.FPS_25)
                        .tc("23:59:50:00")
                        .frames(500)
                        .reel("N001")
                        .video("h264", 1920, 1080)
                        .audio(1)
                        .ingested("2026-05-06T01:00:00Z")
                        .build());
    }

    /** The promo project: shares a reel name and a clip-name prefix with the feature. */
    static List<Manifest> promo() {
        return List.of(asset(PROMO, "promo-a003c012")
                .file("/promo/A003C012_promo.R3D")
                .rate(FrameRate.FPS_24)
                .tc("14:03:00:00")
                .frames(2400)
                .reel("A003")
                .video("r3d", 6144, 3240)
                .camera("RED", "KOMODO 6K", "R-1")
                .meta(Map.of("tags", "secret-launch"))
                .build());
    }
}
