package gateway.cli;

import static gateway.cli.CliRun.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.model.asset.AssetId;
import gateway.model.asset.Checksums;
import gateway.model.asset.Manifest;
import gateway.model.asset.ManifestStore;
import gateway.model.asset.MediaInfo;
import gateway.model.asset.OriginalLocation;
import gateway.model.asset.OriginalLocation.State;
import gateway.model.asset.ProjectId;
import gateway.model.time.FrameRate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tier plan} and {@code tier status} on a store whose manifests record demoted originals,
 * with the tiers and plan assumptions read from a config file.
 */
class TierCommandTest {
    static final ProjectId PROJECT = new ProjectId("feature");
    static final Instant AT = Instant.parse("2026-12-07T05:00:00Z");

    @TempDir
    Path dir;

    @Test
    void planSaysPerTierWhatBringingTheProjectBackMovesAndCosts() throws Exception {
        Path store = dir.resolve("store");
        Path nas = dir.resolve("nas");
        Files.createDirectories(nas);
        ManifestStore manifests = new ManifestStore(store);
        // Two originals released from the NAS, verified in the archive (2 GB and 500 MB), one still on the NAS.
        commit(manifests, "asset-00000001", nas.resolve("A001.mov"), 2_000_000_000L, true);
        commit(manifests, "asset-00000002", nas.resolve("A002.mov"), 500_000_000L, true);
        Path kept = nas.resolve("A003.mov");
        Files.write(kept, new byte[1234]);
        commit(manifests, "asset-00000003", kept, 1234, false);
        Path config = dir.resolve("gateway.yaml");
        Files.writeString(config, """
                store:
                  dir: %s
                tiers:
                  nas:
                    kind: posix
                    path: %s
                  archive:
                    kind: s3
                    endpoint: http://minio.example:9000
                    bucket: originals
                    path-style: true
                    credentials-env: GATEWAY_ARCHIVE
                tiers-policy:
                  feature:
                    demote-to: archive
                    release-after-d: 30
                tiers-plan:
                  rate-mb-per-s: 250
                  price-per-gb: 0.05
                  currency: EUR
                """.formatted(store, nas));

        CliRun plan = cli("tier", "plan", "--project", "feature", "--config", config.toString());

        assertEquals(0, plan.exit(), plan.err());
        List<String> lines = plan.out().lines().toList();
        String archive = lines.stream()
                .filter(l -> l.startsWith("archive"))
                .findFirst()
                .orElseThrow(() -> new AssertionError(plan.out()));
        // 2.5 GB at 250 MB/s = 10 s; 2.5 GB at 0.05 per GB = 0.13 (0.125 rounded half up)
        assertTrue(archive.matches("archive\\s+s3\\s+2\\s+2\\.5 GB\\s+10 s\\s+0\\.13 EUR"), archive);
        String onNas = lines.stream()
                .filter(l -> l.startsWith("nas"))
                .findFirst()
                .orElseThrow(() -> new AssertionError(plan.out()));
        assertTrue(onNas.matches("nas\\s+posix\\s+1\\s+in place\\s+-\\s+-"), onNas);
        assertTrue(plan.out().contains("total: 2.5 GB in 10 s at 250 MB/s, 0.13 EUR at 0.05 EUR per GB"), plan.out());
        assertFalse(plan.out().contains("TierPlan"), "no record printed raw: " + plan.out());

        CliRun status = cli("tier", "status", "--project", "feature", "--store", store.toString());
        assertEquals(0, status.exit(), status.err());
        assertTrue(status.out().contains("A001.mov  (asset-00000001)"), status.out());
        assertTrue(
                status.out().matches("(?s).*archive\\s+verified\\s+s3://originals/feature/asset-00000001/A001\\.mov.*"),
                status.out());
        assertTrue(
                status.out()
                        .matches("(?s).*nas\\s+released\\s+" + java.util.regex.Pattern.quote(nas.toString()) + ".*"),
                status.out());
    }

    @Test
    void planOnTheDemosStoreWithoutItsConfigNamesTheDemosObjectTier() throws Exception {
        Path store = dir.resolve("demo-store");
        // What the demo leaves: its embedded S3 server's data folder and originals released to "archive".
        Files.createDirectories(store.resolve("object-store"));
        commit(new ManifestStore(store), "asset-00000001", dir.resolve("A001.mov"), 2_000_000_000L, true);

        CliRun plan = cli("tier", "plan", "--project", "feature", "--store", store.toString());

        assertEquals(0, plan.exit(), plan.err());
        String archive = plan.out()
                .lines()
                .filter(l -> l.startsWith("archive"))
                .findFirst()
                .orElseThrow(() -> new AssertionError(plan.out()));
        assertTrue(archive.matches("archive\\s+embedded-s3\\s+1\\s+2\\.0 GB.*"), archive);
    }

    @Test
    void aTierConfigErrorNamesTheKey() throws Exception {
        Path config = dir.resolve("bad.yaml");
        Files.writeString(config, """
                tiers:
                  archive:
                    kind: s3
                    bucket: originals
                    part-size-mb: 2
                    credentials-env: GATEWAY_ARCHIVE
                """);
        CliRun r = cli("tier", "plan", "--project", "feature", "--config", config.toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("config key tiers.archive.part-size-mb must be at least 5"), r.err());

        Files.writeString(config, """
                tiers:
                  archive:
                    kind: s3
                    bucket: originals
                    secret-access-key: hunter2
                    credentials-env: GATEWAY_ARCHIVE
                """);
        CliRun secret = cli("tier", "plan", "--project", "feature", "--config", config.toString());
        assertEquals(1, secret.exit());
        assertTrue(secret.err().contains("config key tiers.archive.secret-access-key is not a key"), secret.err());
        assertFalse(secret.err().contains("hunter2"), "the value is never echoed: " + secret.err());

        Files.writeString(config, """
                tiers-policy:
                  feature:
                    demote-to: archive
                """);
        CliRun policy = cli("tier", "plan", "--project", "feature", "--config", config.toString());
        assertEquals(1, policy.exit());
        assertTrue(
                policy.err().contains("config key tiers-policy.feature.demote-to names no configured tier"),
                policy.err());
    }

    private static void commit(ManifestStore store, String id, Path file, long size, boolean demoted) {
        String key = "feature/" + id + "/" + file.getFileName();
        List<OriginalLocation> locations = demoted
                ? List.of(
                        new OriginalLocation("nas", file.toString(), State.RELEASED, null, AT),
                        new OriginalLocation("archive", "s3://originals/" + key, State.VERIFIED, null, AT))
                : List.of(new OriginalLocation("nas", file.toString(), State.PRESENT, null, AT));
        store.commit(new Manifest(
                Manifest.SCHEMA_VERSION,
                0,
                new AssetId(id),
                PROJECT,
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
                new Checksums("0123456789abcdef", null),
                List.of(),
                Map.of("original_size_bytes", Long.toString(size)),
                AT,
                locations));
    }
}
