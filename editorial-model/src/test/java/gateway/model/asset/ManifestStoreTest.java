package gateway.model.asset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.model.time.FrameRate;
import gateway.model.time.Timecode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestStoreTest {
    private static final ProjectId FEATURE = new ProjectId("feature");
    private static final ProjectId PROMO = new ProjectId("promo");

    @TempDir
    Path store;

    static Manifest manifest(ProjectId project, String id, long version) {
        MediaInfo media = new MediaInfo(
                "/cards/A003/A003C012_230101_R1AB.mov",
                "mov",
                FrameRate.FPS_29_97,
                1800,
                Timecode.parse("14:03:10;02", FrameRate.FPS_29_97),
                "A003",
                new VideoInfo("prores", 3840, 2160),
                List.of(new AudioStream("pcm_s24le", 2, 48000, 24), new AudioStream("pcm_s24le", 2, 48000, 24)),
                false,
                new MediaInfo.Camera("ARRI", "ALEXA Mini LF", "2920"),
                List.of("no tmcd reel name"));
        return new Manifest(
                Manifest.SCHEMA_VERSION,
                version,
                new AssetId(id),
                project,
                "A003C012_230101_R1AB",
                "/cards/A003/A003C012_230101_R1AB.mov",
                media,
                new Checksums("0123456789abcdef", "d41d8cd98f00b204e9800998ecf8427e"),
                List.of(new Rendition(
                        "edit", "proxy/edit.mov", "video/quicktime", 123_456, new Checksums("fedcba9876543210", null))),
                Map.of("scene", "12", "take", "3", "tags", "interview, exterior"),
                Instant.parse("2026-05-03T10:15:30.123Z"));
    }

    @Test
    void commitThenReadRoundTripsEveryField() {
        ManifestStore manifests = new ManifestStore(store);
        Manifest written = manifests.commit(manifest(FEATURE, "asset-0001", 0));

        assertEquals(1, written.version());
        Manifest read = manifests.read(FEATURE, new AssetId("asset-0001")).orElseThrow();
        assertEquals(written, read);
        assertTrue(read.media().startTimecode().dropFrame());
        assertEquals("14:03:10;02", read.media().startTimecode().toString());
        assertEquals(FrameRate.FPS_29_97, read.media().startTimecode().rate());
    }

    @Test
    void jsonIsStableWithSnakeCaseKeysAndExactSpellings() {
        Manifest m = manifest(FEATURE, "asset-0001", 4);
        String json = ManifestJson.toJson(m);

        assertEquals(json, ManifestJson.toJson(ManifestJson.fromJson(json, "test")));
        assertTrue(json.contains("\"schema_version\" : 1"), json);
        assertTrue(json.contains("\"frame_rate\" : \"30000/1001\""), json);
        assertTrue(json.contains("\"value\" : \"14:03:10;02\""), json);
        assertTrue(json.contains("\"ingested_at\" : \"2026-05-03T10:15:30.123Z\""), json);
        assertTrue(json.contains("\"duration_frames\" : 1800"), json);
        // metadata keys are written sorted, whatever the map's order
        assertTrue(json.indexOf("\"scene\"") < json.indexOf("\"tags\"")
                && json.indexOf("\"tags\"") < json.indexOf("\"take\""));
    }

    @Test
    void nullableFieldsRoundTrip() {
        MediaInfo audioOnly = new MediaInfo(
                "/sound/A101_1.WAV", "wav", FrameRate.FPS_23_976, 100, null, null, null, null, false, null, null);
        Manifest m =
                new Manifest(1, 0, new AssetId("sound-0001"), FEATURE, null, null, audioOnly, null, null, null, null);
        assertEquals(m, ManifestJson.fromJson(ManifestJson.toJson(m), "test"));
    }

    @Test
    void versionsGrowByOneAndAStaleCommitIsRefused() {
        ManifestStore manifests = new ManifestStore(store);
        Manifest v1 = manifests.commit(manifest(FEATURE, "asset-0001", 0));
        Manifest v2 = manifests.commit(v1);
        assertEquals(2, v2.version());

        GatewayException stale = assertThrows(GatewayException.class, () -> manifests.commit(v1));
        assertEquals(Reason.FAILED_PRECONDITION, stale.reason());
        assertTrue(
                stale.getMessage().contains("version 1") && stale.getMessage().contains("version 2"));
        assertEquals(2, manifests.read(FEATURE, v1.assetId()).orElseThrow().version());
    }

    @Test
    void concurrentWritersNeverLoseACommit() throws Exception {
        ManifestStore manifests = new ManifestStore(store);
        AssetId id = manifests.commit(manifest(FEATURE, "asset-0001", 0)).assetId();
        int writers = 6;
        int commitsEach = 15;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> refusals = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            refusals.add(pool.submit(() -> {
                go.await();
                int refused = 0;
                for (int done = 0; done < commitsEach; ) {
                    Manifest current = manifests.read(FEATURE, id).orElseThrow();
                    try {
                        manifests.commit(current);
                        done++;
                    } catch (GatewayException e) {
                        assertEquals(Reason.FAILED_PRECONDITION, e.reason());
                        refused++;
                    }
                }
                return refused;
            }));
        }
        go.countDown();
        for (Future<Integer> f : refusals) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertEquals(
                1 + writers * commitsEach,
                manifests.read(FEATURE, id).orElseThrow().version());
    }

    @Test
    void commitLeavesNoTempFiles() throws IOException {
        ManifestStore manifests = new ManifestStore(store);
        Manifest m = manifests.commit(manifest(FEATURE, "asset-0001", 0));
        manifests.commit(m);

        try (Stream<Path> files = Files.list(manifests.assetDir(FEATURE, m.assetId()))) {
            List<String> names =
                    files.map(p -> p.getFileName().toString()).sorted().toList();
            assertEquals(List.of(".manifest.lock", "manifest.json"), names);
        }
    }

    @Test
    void aCrashBeforeTheRenameLeavesTheOldVersionReadableAndTheNextCommitCleansUp() throws IOException {
        ManifestStore manifests = new ManifestStore(store);
        Manifest v1 = manifests.commit(manifest(FEATURE, "asset-0001", 0));
        Path dir = manifests.assetDir(FEATURE, v1.assetId());
        // A writer that died after writing (part of) its temp file and before renaming it.
        Path stray = dir.resolve(".manifest.json.5f0c-dead.tmp");
        Files.writeString(stray, "{\"schema_version\": 1, \"version\": 2, \"asset_id\": \"asset-00");
        // and one left by a version that named its temp files without the leading dot
        Path legacy = dir.resolve("manifest.json.5f0c-beef.tmp");
        Files.writeString(legacy, "{");

        assertEquals(1, manifests.read(FEATURE, v1.assetId()).orElseThrow().version());
        assertEquals(List.of(v1), manifests.list(FEATURE));

        Manifest v2 = manifests.commit(v1);
        assertEquals(2, v2.version());
        assertFalse(Files.exists(stray));
        assertFalse(Files.exists(legacy));
    }

    @Test
    void aCorruptManifestFailsNamingTheFile() throws IOException {
        ManifestStore manifests = new ManifestStore(store);
        Manifest m = manifests.commit(manifest(FEATURE, "asset-0001", 0));
        Path file = manifests.manifestPath(FEATURE, m.assetId());
        Files.writeString(file, "{\"schema_version\": 1, \"version\": ", StandardCharsets.UTF_8);

        GatewayException e = assertThrows(GatewayException.class, () -> manifests.read(FEATURE, m.assetId()));
        assertEquals(Reason.CORRUPT, e.reason());
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }

    @Test
    void aManifestMissingARequiredFieldIsCorruptAndNamesTheField() {
        String json = ManifestJson.toJson(manifest(FEATURE, "asset-0001", 1)).replace("\"frame_rate\"", "\"rate\"");
        GatewayException e =
                assertThrows(GatewayException.class, () -> ManifestJson.fromJson(json, "/x/manifest.json"));
        assertEquals(Reason.CORRUPT, e.reason());
        assertTrue(
                e.getMessage().contains("frame_rate") && e.getMessage().contains("/x/manifest.json"), e.getMessage());
    }

    @Test
    void aNewerSchemaIsUnsupported() {
        String json = ManifestJson.toJson(manifest(FEATURE, "asset-0001", 1))
                .replace("\"schema_version\" : 1", "\"schema_version\" : 99");
        GatewayException e = assertThrows(GatewayException.class, () -> ManifestJson.fromJson(json, "m.json"));
        assertEquals(Reason.UNSUPPORTED, e.reason());
    }

    @Test
    void listingSkipsAndReportsACorruptManifest() throws IOException {
        ManifestStore manifests = new ManifestStore(store);
        Manifest good1 = manifests.commit(manifest(FEATURE, "asset-0001", 0));
        Manifest bad = manifests.commit(manifest(FEATURE, "asset-0002", 0));
        Manifest good3 = manifests.commit(manifest(FEATURE, "asset-0003", 0));
        Files.writeString(manifests.manifestPath(FEATURE, bad.assetId()), "not json");

        List<GatewayException> problems = new ArrayList<>();
        List<Manifest> listed = manifests.list(FEATURE, problems::add);

        assertEquals(List.of(good1, good3), listed);
        assertEquals(1, problems.size());
        assertEquals(Reason.CORRUPT, problems.get(0).reason());
        assertTrue(problems.get(0).getMessage().contains("asset-0002"));
    }

    @Test
    void aManifestInTheWrongFolderIsCorrupt() throws IOException {
        ManifestStore manifests = new ManifestStore(store);
        Manifest m = manifests.commit(manifest(FEATURE, "asset-0001", 0));
        Path other = manifests.assetDir(FEATURE, new AssetId("asset-0009"));
        Files.createDirectories(other);
        Files.copy(manifests.manifestPath(FEATURE, m.assetId()), other.resolve("manifest.json"));

        GatewayException e =
                assertThrows(GatewayException.class, () -> manifests.read(FEATURE, new AssetId("asset-0009")));
        assertEquals(Reason.CORRUPT, e.reason());
    }

    @Test
    void projectsAndFindSpanTheWholeStore() {
        ManifestStore manifests = new ManifestStore(store);
        assertEquals(List.of(), manifests.projects());
        manifests.commit(manifest(PROMO, "asset-0001", 0));
        Manifest inFeature = manifests.commit(manifest(FEATURE, "asset-0002", 0));

        assertEquals(List.of(FEATURE, PROMO), manifests.projects());
        assertEquals(Optional.of(inFeature), manifests.find(new AssetId("asset-0002")));
        assertEquals(Optional.empty(), manifests.find(new AssetId("asset-0404")));
        assertEquals(Optional.empty(), manifests.read(PROMO, new AssetId("asset-0002")));
        assertEquals(List.of(), manifests.list(new ProjectId("nothing-here")));
    }
}
