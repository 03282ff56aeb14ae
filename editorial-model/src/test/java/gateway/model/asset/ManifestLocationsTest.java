package gateway.model.asset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.model.asset.OriginalLocation.State;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.model.time.FrameRate;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The locations of an original in the manifest: written, read back, kept by commits, absent in old manifests. */
class ManifestLocationsTest {
    static final Instant AT = Instant.parse("2026-12-07T05:00:00Z");

    @TempDir
    Path dir;

    static Manifest manifest() {
        return new Manifest(
                Manifest.SCHEMA_VERSION,
                0,
                new AssetId("asset-0000000a"),
                new ProjectId("demo"),
                "A001.mov",
                "/mnt/nas/A001.mov",
                new MediaInfo(
                        "/mnt/nas/A001.mov",
                        "mov",
                        FrameRate.parse("25/1"),
                        250,
                        null,
                        "A001",
                        null,
                        List.of(),
                        false,
                        null,
                        List.of()),
                new Checksums("0123456789abcdef", "00112233445566778899aabbccddeeff"),
                List.of(),
                Map.of(),
                AT);
    }

    @Test
    void locationsRoundTripAndCommitsKeepThem() {
        Manifest m = manifest()
                .withLocation(new OriginalLocation("nas", "/mnt/nas/A001.mov", State.PRESENT, null, AT))
                .withLocation(
                        new OriginalLocation("archive", "s3://originals/demo/A001.mov", State.UPLOADING, "up-1", AT));
        String json = ManifestJson.toJson(m);
        assertTrue(json.contains("\"state\" : \"uploading\""), json);
        assertTrue(json.contains("\"upload_id\" : \"up-1\""), json);
        assertEquals(m.locations(), ManifestJson.fromJson(json, "test").locations());

        ManifestStore store = new ManifestStore(dir);
        Manifest committed = store.commit(m);
        Manifest verified = store.commit(committed.withLocation(
                committed.location("archive").orElseThrow().in(State.VERIFIED, AT.plusSeconds(5))));
        assertEquals(2, verified.version());
        OriginalLocation archive = verified.location("archive").orElseThrow();
        assertEquals(State.VERIFIED, archive.state());
        assertEquals(null, archive.uploadId(), "an upload id only while uploading");
        assertEquals(
                List.of("nas", "archive"),
                store.read(m.project(), m.assetId()).orElseThrow().locations().stream()
                        .map(OriginalLocation::tier)
                        .toList());
    }

    @Test
    void aManifestWithoutLocationsIsReadAsOneWithNoneAndWrittenWithoutTheKey() {
        String json = ManifestJson.toJson(manifest());
        assertFalse(json.contains("locations"), "old readers and golden files see the same JSON: " + json);
        assertEquals(List.of(), ManifestJson.fromJson(json, "old").locations());
    }

    @Test
    void anUnknownStateIsCorruptNamingTheField() {
        String json = ManifestJson.toJson(manifest()
                        .withLocation(new OriginalLocation("nas", "/mnt/nas/A001.mov", State.PRESENT, null, AT)))
                .replace("\"present\"", "\"elsewhere\"");
        GatewayException e = assertThrows(GatewayException.class, () -> ManifestJson.fromJson(json, "m.json"));
        assertEquals(Reason.CORRUPT, e.reason());
        assertTrue(e.getMessage().contains("locations[].state"), e.getMessage());
    }
}
