package gateway.tiers;

import gateway.model.asset.AssetId;
import gateway.model.asset.Checksums;
import gateway.model.asset.Manifest;
import gateway.model.asset.ManifestStore;
import gateway.model.asset.MediaInfo;
import gateway.model.asset.ProjectId;
import gateway.model.checksum.XxHash64;
import gateway.model.time.FrameRate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Test originals: a file of random bytes on the "NAS" and its committed manifest with checksums. */
final class Originals {
    private Originals() {}

    static Manifest ingest(ManifestStore store, ProjectId project, Path file, int sizeBytes, long seed)
            throws Exception {
        byte[] bytes = new byte[sizeBytes];
        new Random(seed).nextBytes(bytes);
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
        Checksums sums = checksums(bytes);
        String id = "asset-" + sums.xxh64();
        return store.commit(new Manifest(
                Manifest.SCHEMA_VERSION,
                0,
                new AssetId(id),
                project,
                file.getFileName().toString(),
                file.toString(),
                new MediaInfo(
                        file.toString(),
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
                sums,
                List.of(),
                Map.of(),
                Instant.parse("2026-12-01T10:00:00Z")));
    }

    static Checksums checksums(byte[] bytes) throws Exception {
        String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
        return new Checksums(new XxHash64().update(bytes).hexDigest(), md5);
    }

    static byte[] bytes(Path file) throws IOException {
        return Files.readAllBytes(file);
    }
}
