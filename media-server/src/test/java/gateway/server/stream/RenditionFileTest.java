package gateway.server.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.model.asset.AssetId;
import gateway.model.asset.FragmentIndex;
import gateway.model.asset.Manifest;
import gateway.model.asset.ManifestStore;
import gateway.model.asset.MediaInfo;
import gateway.model.asset.ProjectId;
import gateway.model.asset.Rendition;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.model.time.FrameRate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The node takes a rendition's fragment index from the file ingest wrote, not from the MP4's boxes. */
class RenditionFileTest {
    private static final ProjectId PROJECT = new ProjectId("feature");
    private static final AssetId ASSET = new AssetId("asset00001");
    private static final FragmentIndex INDEX = new FragmentIndex(
            FrameRate.FPS_25,
            100,
            List.of(new FragmentIndex.Fragment(0, 25, 100, 400), new FragmentIndex.Fragment(25, 10, 500, 200)));

    @Test
    void readsTheIndexIngestWroteWithoutTouchingTheMp4Boxes(@TempDir Path root) throws Exception {
        ManifestStore store = new ManifestStore(root);
        // Not an MP4 at all: a scan would fail on it, so equality proves the JSON was read.
        Path dir = writeAsset(store, new byte[700]);
        Files.writeString(dir.resolve("stream/stream-hi.index.json"), INDEX.toJson() + "\n");

        Manifest m = manifest(true);

        assertEquals(INDEX, RenditionFile.indexOf(store, m, "stream-hi"));
        try (RenditionFile f = RenditionFile.open(store, m, "stream-hi")) {
            assertEquals(INDEX, f.index());
            assertEquals(700, f.size());
        }
    }

    @Test
    void anIndexThatRunsPastTheFileIsCorrupt(@TempDir Path root) throws Exception {
        ManifestStore store = new ManifestStore(root);
        Path dir = writeAsset(store, new byte[650]);
        Files.writeString(dir.resolve("stream/stream-hi.index.json"), INDEX.toJson() + "\n");

        GatewayException e =
                assertThrows(GatewayException.class, () -> RenditionFile.open(store, manifest(true), "stream-hi"));

        assertEquals(Reason.CORRUPT, e.reason());
        assertTrue(e.getMessage().contains("runs to byte 700"), e.getMessage());
    }

    @Test
    void anAssetThatListsNoIndexFileFallsBackToScanningItsMp4(@TempDir Path root) throws Exception {
        ManifestStore store = new ManifestStore(root);
        writeAsset(store, new byte[700]);

        GatewayException e =
                assertThrows(GatewayException.class, () -> RenditionFile.indexOf(store, manifest(false), "stream-hi"));

        assertEquals(Reason.CORRUPT, e.reason(), "the zeros were scanned as boxes: " + e.getMessage());
    }

    private static Path writeAsset(ManifestStore store, byte[] mp4) throws Exception {
        Path dir = store.assetDir(PROJECT, ASSET);
        Files.createDirectories(dir.resolve("stream"));
        Files.write(dir.resolve("stream/stream-hi.mp4"), mp4);
        return dir;
    }

    private static Manifest manifest(boolean listsIndex) {
        Rendition mp4 = new Rendition("stream-hi", "stream/stream-hi.mp4", "video/mp4", 700, null);
        Rendition json = new Rendition("stream-hi", "stream/stream-hi.index.json", "application/json", 1, null);
        MediaInfo media = new MediaInfo(
                "/o/a.mov", "mov", FrameRate.FPS_25, 35, null, null, null, List.of(), false, null, List.of());
        return new Manifest(
                Manifest.SCHEMA_VERSION,
                3,
                ASSET,
                PROJECT,
                "a",
                "/o/a.mov",
                media,
                null,
                listsIndex ? List.of(mp4, json) : List.of(mp4),
                Map.of(),
                null);
    }
}
