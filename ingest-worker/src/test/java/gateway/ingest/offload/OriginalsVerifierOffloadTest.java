package gateway.ingest.offload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.ingest.jobs.JobSpec;
import gateway.model.asset.AssetId;
import gateway.model.asset.Manifest;
import gateway.model.asset.MediaInfo;
import gateway.model.asset.ProjectId;
import gateway.model.time.FrameRate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reference mode: checksums recorded at ingest are re-checked before conform. */
class OriginalsVerifierOffloadTest {
    @TempDir
    Path dir;

    @Test
    void anUnchangedOriginalVerifiesAndAChangedOrMissingOneDoesNot() throws Exception {
        List<Path> files = CardFixture.card(dir.resolve("A001"));
        Manifest first = recorded(files.get(0));
        Manifest second = recorded(files.get(1));
        Manifest third = recorded(files.get(2));
        OriginalsVerifier verifier = new OriginalsVerifier();
        assertTrue(verifier.mismatches(List.of(first, second, third)).isEmpty());

        byte[] bytes = Files.readAllBytes(files.get(1));
        bytes[bytes.length / 2] ^= 0x40; // same size, different content
        Files.write(files.get(1), bytes);
        Files.delete(files.get(2));

        List<OriginalsVerifier.Check> bad = verifier.mismatches(List.of(first, second, third));
        assertEquals(2, bad.size());
        OriginalsVerifier.Check changed = bad.get(0);
        assertEquals(second.assetId(), changed.manifest().assetId());
        assertFalse(changed.ok());
        assertTrue(
                changed.mismatches().stream().anyMatch(m -> m.contains("xxh64")),
                changed.mismatches().toString());
        assertTrue(
                changed.mismatches().stream().anyMatch(m -> m.contains("md5")),
                changed.mismatches().toString());
        assertTrue(
                bad.get(1).mismatches().get(0).endsWith("missing"),
                bad.get(1).mismatches().toString());
        assertTrue(verifier.verify(first).ok());
    }

    private static Manifest recorded(Path original) throws Exception {
        return new Manifest(
                Manifest.SCHEMA_VERSION,
                1,
                AssetId.random(),
                new ProjectId("p"),
                original.getFileName().toString(),
                original.toString(),
                new MediaInfo(
                        original.toString(),
                        "mov",
                        FrameRate.FPS_25,
                        25,
                        null,
                        null,
                        null,
                        List.of(),
                        false,
                        null,
                        List.of()),
                CardFixture.independent(original),
                List.of(),
                Map.of(JobSpec.META_SIZE, Long.toString(Files.size(original))),
                Instant.EPOCH);
    }
}
